package io.blastradius.core.external;

import io.blastradius.core.event.EventSink;
import io.blastradius.core.external.api.ApiServer;
import io.blastradius.core.server.EmbeddedServer;
import io.blastradius.core.server.ServerConfig;
import io.blastradius.core.time.Clock;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

/**
 * The external mode on loopback for tests: the embedded server as the upstream, a proxy registry,
 * the Toxiproxy-compatible API in front of it, and raw HTTP/1.1 clients.
 */
public final class ExternalStack implements AutoCloseable {
  public final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
  public final EventLoopGroup apiGroup = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
  public final EmbeddedServer upstream;
  public final ProxyRegistry registry;
  public final ApiServer api;
  public final ConcurrentLinkedQueue<String> warnings = new ConcurrentLinkedQueue<>();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final List<Socket> sockets = new ArrayList<>();

  public ExternalStack() throws IOException {
    upstream = EmbeddedServer.start(ServerConfig.defaults(), group, Clock.SYSTEM, EventSink.NONE);
    registry = new ProxyRegistry(group, Clock.SYSTEM, ListenPolicy.loopbackOnly(warnings::add), ProxyEvents.NONE);
    api = ApiServer.start(new HostPort("127.0.0.1", 0), registry, apiGroup, "test");
  }

  public int apiPort() {
    return api.address().getPort();
  }

  public String upstreamAddress() {
    return "127.0.0.1:" + upstream.address().getPort();
  }

  /** A plain HTTP call to the API: status and body. */
  public record Reply(int status, String body) {}

  public Reply call(String method, String path, String body) throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + apiPort() + path))
        .timeout(Duration.ofSeconds(10));
    b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    return new Reply(r.statusCode(), r.body());
  }

  /** A client connection to {@code port} with a read timeout. */
  public Socket connect(int port, Duration readTimeout) throws IOException {
    Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
    s.setSoTimeout((int) readTimeout.toMillis());
    synchronized (sockets) {
      sockets.add(s);
    }
    return s;
  }

  /** Sends one GET on {@code s} and reads the response. */
  public static io.blastradius.core.testutil.RawHttp1.Response get(Socket s) throws IOException {
    OutputStream out = s.getOutputStream();
    InputStream in = s.getInputStream();
    io.blastradius.core.testutil.RawHttp1.get(out, "/");
    return io.blastradius.core.testutil.RawHttp1.read(in);
  }

  @Override
  public void close() throws IOException {
    synchronized (sockets) {
      for (Socket s : sockets) s.close();
    }
    api.close();
    registry.close();
    upstream.close();
    apiGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }
}
