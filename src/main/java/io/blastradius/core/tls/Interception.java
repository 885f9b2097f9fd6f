package io.blastradius.core.tls;

import io.blastradius.core.proxy.FlowTap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.ssl.SslClientHelloHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.net.InetSocketAddress;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * TLS interception in the fault proxy, off unless asked: the proxy terminates the client's TLS
 * with a leaf minted by the {@link CertAuthority} for the name the client asked for, and speaks
 * its own TLS to the server. As mitmproxy does, the upstream handshake comes first, offering the
 * server what the client offered by ALPN; the client is then offered exactly the protocol the
 * server chose (or none), so both ends agree on the protocol the bytes carry. Between the two TLS
 * handlers the relay, the wire decoder and the capture see plaintext.
 *
 * <p>Pipeline: the client socket gets a ClientHello reader first (ahead of every other handler),
 * which holds the hello, starts the upstream handshake on the server socket and, once it is done,
 * replaces itself with the client-facing {@link SslHandler} (which then reads the held hello).
 * A failed upstream handshake closes the flow.
 *
 * <p>Threading: per flow, on the flow's event loop; the context caches are concurrent maps shared
 * by all flows.
 */
public final class Interception implements FlowTap {
  private static final AttributeKey<Channel> SERVER = AttributeKey.valueOf("blastradius.intercept.server");

  private final CertAuthority ca;
  private final X509Certificate upstreamTrust;
  private final Map<List<String>, SslContext> upstreamContexts = new ConcurrentHashMap<>();
  private final Map<String, SslContext> clientContexts = new ConcurrentHashMap<>();

  /**
   * @param upstreamTrust the certificate the server must present (the embedded server's
   *     self-signed one), or null for the JDK's default CAs
   */
  public Interception(CertAuthority ca, X509Certificate upstreamTrust) {
    this.ca = ca;
    this.upstreamTrust = upstreamTrust;
  }

  @Override
  public void install(int flowId, Channel client) {
    client.pipeline().addFirst("tls-intercept", new HelloReader());
  }

  @Override
  public void serverConnected(int flowId, Channel client, Channel server) {
    client.attr(SERVER).set(server);
  }

  private SslContext upstream(List<String> offers) {
    return upstreamContexts.computeIfAbsent(offers, o -> TlsContexts.client(upstreamTrust, o));
  }

  private SslContext clientFacing(String host, String protocol) {
    String key = host + "|" + protocol;
    return clientContexts.computeIfAbsent(key, k -> TlsContexts.server(ca.leaf(host),
        protocol.isEmpty() ? List.of() : List.of(protocol)));
  }

  /** Reads the ClientHello, negotiates upstream, then hands the client's bytes to its TLS handler. */
  private final class HelloReader extends SslClientHelloHandler<String> {
    private String host = "localhost";

    @Override
    protected Future<String> lookup(ChannelHandlerContext ctx, ByteBuf clientHello) {
      ClientHelloInfo hello = ClientHelloInfo.parse(clientHello);
      if (hello.serverName() != null) host = hello.serverName();
      Promise<String> chosen = ctx.executor().newPromise();
      Channel server = ctx.channel().attr(SERVER).get();
      if (server == null || !server.isActive()) {
        return chosen.setFailure(new IllegalStateException("the server connection is not up"));
      }
      int port = ((InetSocketAddress) server.remoteAddress()).getPort();
      SslHandler upstream = upstream(hello.protocols()).newHandler(server.alloc(), host, port);
      server.pipeline().addFirst("tls", upstream);
      upstream.handshakeFuture().addListener(f -> {
        if (f.isSuccess()) {
          String p = upstream.applicationProtocol();
          chosen.trySuccess(p == null ? "" : p);
        } else {
          chosen.tryFailure(f.cause());
        }
      });
      return chosen;
    }

    @Override
    protected void onLookupComplete(ChannelHandlerContext ctx, Future<String> future) {
      if (!future.isSuccess()) {
        Channel server = ctx.channel().attr(SERVER).get();
        if (server != null) server.close();
        ctx.close();
        return;
      }
      SslHandler tls = clientFacing(host, future.getNow()).newHandler(ctx.alloc());
      ctx.pipeline().replace(this, "tls", tls); // the held ClientHello goes to it
    }
  }
}
