package io.blastradius.core.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.blastradius.core.event.Event;
import io.blastradius.core.event.EventLog;
import io.blastradius.core.event.EventSink;
import io.blastradius.core.net.ListenerLimits;
import io.blastradius.core.proxy.FaultProxy;
import io.blastradius.core.server.DelayModel;
import io.blastradius.core.server.EmbeddedServer;
import io.blastradius.core.server.ServerConfig;
import io.blastradius.core.time.Clock;
import io.blastradius.core.wire.WireDecoding;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three clients, three requests in flight each, through a TLS-intercepting proxy in front of the
 * embedded TLS server, for longer than the server's handshake deadline: every request is answered
 * and no GOAWAY ever comes from the server's side.
 *
 * <p>What this guards: the server's {@link io.blastradius.core.net.HandshakeTimeout} used to end
 * only on a cleartext preface or an HTTP/1 request head, never on HTTP/2 over TLS. Every such
 * connection was then closed {@code handshakeTimeout} after its accept, with GOAWAY(NO_ERROR,
 * last stream id = the newest stream), and the JDK 17 HttpClient (17.0.15 here) fails every
 * request in flight on a connection that receives any GOAWAY ("/127.0.0.1:PORT: GOAWAY
 * received"), then opens a new connection. The frames (decoded on the wire view) were
 * {@code WireGoAway(fromClient=false, errorCode=0)}, one per connection, at its accept plus the
 * deadline; the server counted them as handshake timeouts, not as errors.
 *
 * <p>The JDK client's own GOAWAYs (fromClient=true, last stream 0, NO_ERROR) are expected: when
 * requests start together it opens a connection each, keeps one in its pool and sends GOAWAY on
 * the others once their one exchange is done (jdk.internal.net.http.Http2ClientImpl
 * offerConnection / setFinalStream).
 */
@Timeout(120)
class InterceptedConcurrencyTest {
  /** Short, so the run outlives it; long enough for a TLS handshake on a loaded machine. */
  private static final Duration SERVER_DEADLINE = Duration.ofSeconds(3);
  /** Requests go on this long: past {@link #SERVER_DEADLINE} for every connection opened early. */
  private static final Duration RUN = SERVER_DEADLINE.plusMillis(1500);
  private static final int CLIENTS = 3;
  private static final int IN_FLIGHT = 3;

  @Test
  void jdkHttpClientsKeepTheirConnectionsAndEveryRequestIsAnswered(@TempDir Path dir) throws Exception {
    runThrough(dir, (ca, uri) -> {
      HttpClient client = HttpClient.newBuilder().sslContext(TlsContexts.jdkTrusting(ca))
          .version(HttpClient.Version.HTTP_2).connectTimeout(Duration.ofSeconds(20)).build();
      return () -> {
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20)).build(),
            HttpResponse.BodyHandlers.ofString());
        return r.version() == HttpClient.Version.HTTP_2 && r.statusCode() == 200 && r.body().equals("ok\n");
      };
    });
  }

  @Test
  void okHttpClientsKeepTheirConnectionsAndEveryRequestIsAnswered(@TempDir Path dir) throws Exception {
    runThrough(dir, (ca, uri) -> {
      X509TrustManager trust = trusting(ca);
      SSLContext ssl = SSLContext.getInstance("TLS");
      ssl.init(null, new javax.net.ssl.TrustManager[] {trust}, null);
      OkHttpClient client = new OkHttpClient.Builder().sslSocketFactory(ssl.getSocketFactory(), trust)
          .retryOnConnectionFailure(false).callTimeout(Duration.ofSeconds(20)).build();
      Request request = new Request.Builder().url(uri.toString()).build();
      return () -> {
        try (Response r = client.newCall(request).execute()) {
          return r.protocol() == Protocol.HTTP_2 && r.code() == 200 && r.body().string().equals("ok\n");
        }
      };
    });
  }

  /** One client: called by {@link #IN_FLIGHT} threads at once; true when the answer is the server's. */
  interface Call {
    boolean call() throws Exception;
  }

  interface ClientFactory {
    Call make(X509Certificate ca, URI uri) throws Exception;
  }

  private static void runThrough(Path dir, ClientFactory factory) throws Exception {
    CertAuthority ca = CertAuthority.loadOrCreate(dir);
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    EventLog wire = new EventLog();
    EventLog serverEvents = new EventLog();
    AtomicInteger sent = new AtomicInteger();
    AtomicInteger answered = new AtomicInteger();
    Queue<String> failures = new ConcurrentLinkedQueue<>();
    java.util.concurrent.atomic.AtomicLong lastAnswerAt = new java.util.concurrent.atomic.AtomicLong();
    List<Event> events;
    long serverGoAways;
    long handshakeTimeouts;
    EmbeddedServer server = EmbeddedServer.start(
        ServerConfig.defaults().withDelay(DelayModel.fixed(Duration.ofMillis(5))),
        new ListenerLimits(SERVER_DEADLINE), group, Clock.SYSTEM, serverEvents, EmbeddedServer.selfSignedIdentity());
    FaultProxy proxy = null;
    try {
      proxy = FaultProxy.start("127.0.0.1", 0, server.address(), group, Clock.SYSTEM, wire,
          List.of(new Interception(ca, server.tlsCertificate().orElseThrow()), new WireDecoding(Clock.SYSTEM, wire)));
      URI uri = URI.create("https://localhost:" + proxy.address().getPort() + "/");
      long end = System.nanoTime() + RUN.toNanos();
      List<Thread> threads = new ArrayList<>();
      for (int c = 0; c < CLIENTS; c++) {
        Call client = factory.make(ca.certificate(), uri);
        for (int k = 0; k < IN_FLIGHT; k++) {
          Thread t = new Thread(() -> {
            while (System.nanoTime() - end < 0) {
              sent.incrementAndGet();
              try {
                if (client.call()) {
                  answered.incrementAndGet();
                  lastAnswerAt.accumulateAndGet(System.nanoTime(), Math::max);
                }
                else failures.add("an answer that is not the server's");
              } catch (Exception e) {
                failures.add(e.toString());
              }
            }
          }, "intercepted-client-" + c + "-" + k);
          t.setDaemon(true);
          t.start();
          threads.add(t);
        }
      }
      for (Thread t : threads) t.join(60_000);
      for (Thread t : threads) assertTrue(!t.isAlive(), "a client thread is stuck: " + t.getName());
      // Before anything closes: closing sends GOAWAYs of its own.
      events = wire.snapshot();
      serverGoAways = server.goAwaysSent();
      handshakeTimeouts = server.handshakeTimeouts();
    } finally {
      if (proxy != null) proxy.close();
      server.close();
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    List<Event.WireGoAway> fromServer = events.stream()
        .filter(e -> e instanceof Event.WireGoAway g && !g.fromClient()).map(Event.WireGoAway.class::cast).toList();
    List<String> firstFailures = failures.stream().limit(5).toList();
    assertEquals(List.of(), fromServer, "GOAWAYs sent towards the clients; failures: " + firstFailures);
    assertEquals(List.of(), firstFailures, failures.size() + " of " + sent + " requests failed");
    assertEquals(sent.get(), answered.get(), "every request answered");
    assertEquals(0, handshakeTimeouts, "no connection of a real client ended by the handshake deadline");
    assertEquals(0, serverGoAways, "the server sent no GOAWAY while the clients ran: " + serverEvents.snapshot());
    // Answers came after the first flow's deadline had passed, so the checks above could fail.
    long firstOpen = events.stream().filter(Event.FlowOpened.class::isInstance).mapToLong(Event::t).min().orElseThrow();
    assertTrue(lastAnswerAt.get() - firstOpen > SERVER_DEADLINE.toNanos(), "the run outlived the server's deadline");
    assertTrue(events.stream().anyMatch(e -> e instanceof Event.WireHeaders h && !h.fromClient()),
        "decoded inside TLS: the proxy intercepted");
    // Every flow's plaintext parses as HTTP/2 from its preface on, both ways: nothing was lost,
    // reordered or mixed between flows by the concurrent handshakes.
    assertEquals(List.of(), events.stream().filter(Event.WireUndecoded.class::isInstance).toList());
    long flows = events.stream().filter(Event.FlowOpened.class::isInstance).count();
    long h2 = events.stream().filter(e -> e instanceof Event.WireProtocol p && p.protocol().equals("h2")).count();
    assertEquals(flows, h2, "every flow spoke h2 (ALPN chosen upstream, offered to the client)");
  }

  private static X509TrustManager trusting(X509Certificate ca) throws Exception {
    KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
    ks.load(null, null);
    ks.setCertificateEntry("blastradius", ca);
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(ks);
    return (X509TrustManager) tmf.getTrustManagers()[0];
  }
}
