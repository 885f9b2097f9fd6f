package io.blastradius.core.tls;

import io.blastradius.core.event.EventSink;
import io.blastradius.core.proxy.FaultProxy;
import io.blastradius.core.proxy.FlowTap;
import io.blastradius.core.server.EmbeddedServer;
import io.blastradius.core.server.ServerConfig;
import io.blastradius.core.time.Clock;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;

/**
 * What a new HTTP/2 connection through the fault proxy costs with and without TLS interception, in
 * one run, on one event-loop thread for the server and the proxies (as in the window): the time
 * from a fresh JDK HttpClient's first request to its answer (TCP, TLS handshake(s), preface,
 * request), sequentially, and the time for a burst of connections opened at once to all be
 * answered. Rounds alternate the modes; the least per mode is printed, and the ratios.
 *
 * <p>Intercepted, one connection is three TLS handshakes on that thread (the proxy's server side,
 * its client side towards the server, the server's own) against one relayed: a burst of
 * connections waits for all of them. A client whose request timeout is shorter than that wait
 * gives up while connecting (the JDK: HttpConnectTimeoutException "HTTP connect timed out") and
 * opens a new connection for its next request, which costs the same again.
 *
 * <pre>
 * mvn -q -o test-compile
 * mvn -q -o exec:java -Dexec.classpathScope=test -Dmain.class=io.blastradius.core.tls.InterceptionSetupBench \
 *     -Dexec.args="5 10 9"
 * mvn -q -o exec:java -Dexec.classpathScope=test -Dmain.class=io.blastradius.core.tls.InterceptionSetupBench \
 *     -Dexec.args="intercepted 800"
 * </pre>
 *
 * Arguments: rounds (default 5), sequential connections per round and mode (10), burst size (9).
 *
 * <p>With {@code relayed} or {@code intercepted} as first argument (and a request timeout in ms,
 * default 800), instead: in this fresh JVM, three JDK clients with three requests in flight each,
 * back to back for 7 s through that proxy: how many requests were answered, how many timed out
 * while connecting, and how many connections they opened. Run once per mode, each in its own JVM
 * (a cold JVM is where a burst of handshakes is slowest).
 */
public final class InterceptionSetupBench {
  public static void main(String[] args) throws Exception {
    String clientsOnly = args.length > 0 && !args[0].matches("\\d+") ? args[0] : null;
    if (clientsOnly != null && !clientsOnly.equals("relayed") && !clientsOnly.equals("intercepted")) {
      throw new IllegalArgumentException("relayed or intercepted, not " + clientsOnly);
    }
    int rounds = clientsOnly == null && args.length > 0 ? Integer.parseInt(args[0]) : 5;
    int sequential = clientsOnly == null && args.length > 1 ? Integer.parseInt(args[1]) : 10;
    int burst = clientsOnly == null && args.length > 2 ? Integer.parseInt(args[2]) : 9;
    Duration requestTimeout = Duration.ofMillis(clientsOnly != null && args.length > 1 ? Long.parseLong(args[1]) : 800);
    CertAuthority ca = CertAuthority.loadOrCreate(Files.createTempDirectory("blastradius-bench"));
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    try (EmbeddedServer server = EmbeddedServer.start(ServerConfig.defaults(), group, Clock.SYSTEM, EventSink.NONE,
        EmbeddedServer.selfSignedIdentity())) {
      FaultProxy relayed = FaultProxy.start("127.0.0.1", 0, server.address(), group, Clock.SYSTEM, EventSink.NONE,
          List.<FlowTap>of());
      FaultProxy intercepted = FaultProxy.start("127.0.0.1", 0, server.address(), group, Clock.SYSTEM, EventSink.NONE,
          List.<FlowTap>of(new Interception(ca, server.tlsCertificate().orElseThrow())));
      try {
        SSLContext trustServer = TlsContexts.jdkTrusting(server.tlsCertificate().orElseThrow());
        SSLContext trustCa = TlsContexts.jdkTrusting(ca.certificate());
        URI relayedUri = URI.create("https://localhost:" + relayed.address().getPort() + "/");
        URI interceptedUri = URI.create("https://localhost:" + intercepted.address().getPort() + "/");
        if (clientsOnly != null) {
          boolean intercept = clientsOnly.equals("intercepted");
          FaultProxy p = intercept ? intercepted : relayed;
          System.out.printf(Locale.ROOT, "cold JVM, 3 clients x 3 in flight, %d ms request timeout, 7 s, %s: %s%n",
              requestTimeout.toMillis(), clientsOnly, clients(intercept ? trustCa : trustServer,
                  intercept ? interceptedUri : relayedUri, requestTimeout, Duration.ofSeconds(7), () -> p.flows().size()));
        } else {
          double bestRelayed = Double.MAX_VALUE;
          double bestIntercepted = Double.MAX_VALUE;
          double bestBurstRelayed = Double.MAX_VALUE;
          double bestBurstIntercepted = Double.MAX_VALUE;
          for (int r = 0; r < rounds; r++) {
            double a = sequentialMillis(trustServer, relayedUri, sequential);
            double b = sequentialMillis(trustCa, interceptedUri, sequential);
            double c = burstMillis(trustServer, relayedUri, burst);
            double d = burstMillis(trustCa, interceptedUri, burst);
            System.out.printf(Locale.ROOT, "round %d: one new connection %.1f ms relayed, %.1f ms intercepted;"
                + " a burst of %d %.0f ms relayed, %.0f ms intercepted%n", r + 1, a, b, burst, c, d);
            bestRelayed = Math.min(bestRelayed, a);
            bestIntercepted = Math.min(bestIntercepted, b);
            bestBurstRelayed = Math.min(bestBurstRelayed, c);
            bestBurstIntercepted = Math.min(bestBurstIntercepted, d);
          }
          System.out.printf(Locale.ROOT, "least: one new connection %.1f ms relayed, %.1f ms intercepted (x%.1f);"
              + " a burst of %d %.0f ms relayed, %.0f ms intercepted (x%.1f)%n", bestRelayed, bestIntercepted,
              bestIntercepted / bestRelayed, burst, bestBurstRelayed, bestBurstIntercepted,
              bestBurstIntercepted / bestBurstRelayed);
        }
      } finally {
        relayed.close();
        intercepted.close();
      }
    } finally {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
    System.exit(0); // the JDK clients' selector threads
  }

  private static HttpClient fresh(SSLContext ssl) {
    return HttpClient.newBuilder().sslContext(ssl).version(HttpClient.Version.HTTP_2)
        .connectTimeout(Duration.ofSeconds(30)).build();
  }

  private static HttpRequest get(URI uri) {
    return HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).build();
  }

  /** Mean time of one fresh client's first request, one client after the other. */
  private static double sequentialMillis(SSLContext ssl, URI uri, int n) throws Exception {
    long total = 0;
    for (int i = 0; i < n; i++) {
      HttpClient client = fresh(ssl);
      long t0 = System.nanoTime();
      HttpResponse<String> r = client.send(get(uri), HttpResponse.BodyHandlers.ofString());
      total += System.nanoTime() - t0;
      if (r.version() != HttpClient.Version.HTTP_2) throw new IllegalStateException("not HTTP/2: " + r.version());
    }
    return total / 1e6 / n;
  }

  /**
   * Three clients, three requests in flight each, back to back for {@code length}: answers,
   * requests that timed out while connecting or after, other failures, and the proxy's flows.
   */
  private static String clients(SSLContext ssl, URI uri, Duration timeout, Duration length,
      java.util.function.IntSupplier flows) throws Exception {
    int before = flows.getAsInt();
    java.util.concurrent.atomic.AtomicInteger answered = new java.util.concurrent.atomic.AtomicInteger();
    java.util.concurrent.atomic.AtomicInteger connectTimeouts = new java.util.concurrent.atomic.AtomicInteger();
    java.util.concurrent.atomic.AtomicInteger timeouts = new java.util.concurrent.atomic.AtomicInteger();
    java.util.concurrent.atomic.AtomicInteger otherFailures = new java.util.concurrent.atomic.AtomicInteger();
    long end = System.nanoTime() + length.toNanos();
    List<Thread> threads = new ArrayList<>();
    for (int c = 0; c < 3; c++) {
      HttpClient client = fresh(ssl);
      for (int k = 0; k < 3; k++) {
        Thread t = new Thread(() -> {
          while (System.nanoTime() - end < 0) {
            try {
              client.send(HttpRequest.newBuilder(uri).timeout(timeout).build(), HttpResponse.BodyHandlers.discarding());
              answered.incrementAndGet();
            } catch (java.net.http.HttpConnectTimeoutException e) {
              connectTimeouts.incrementAndGet();
            } catch (java.net.http.HttpTimeoutException e) {
              timeouts.incrementAndGet();
            } catch (Exception e) {
              otherFailures.incrementAndGet();
            }
          }
        });
        t.setDaemon(true);
        t.start();
        threads.add(t);
      }
    }
    for (Thread t : threads) t.join();
    return answered + " answered, " + connectTimeouts + " timed out connecting, " + timeouts
        + " timed out waiting for the answer, " + otherFailures
        + " other failures, " + (flows.getAsInt() - before) + " connections";
  }

  /** Time until {@code n} fresh clients, started together, all have their first answer. */
  private static double burstMillis(SSLContext ssl, URI uri, int n) throws Exception {
    List<HttpClient> clients = new ArrayList<>();
    for (int i = 0; i < n; i++) clients.add(fresh(ssl));
    long t0 = System.nanoTime();
    List<CompletableFuture<HttpResponse<String>>> all = new ArrayList<>();
    for (HttpClient c : clients) all.add(c.sendAsync(get(uri), HttpResponse.BodyHandlers.ofString()));
    CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
    return (System.nanoTime() - t0) / 1e6;
  }
}
