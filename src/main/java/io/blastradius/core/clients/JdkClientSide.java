package io.blastradius.core.clients;

import io.blastradius.core.event.EventSink;
import io.blastradius.core.event.Outcome;
import io.blastradius.core.time.Clock;
import io.netty.channel.EventLoop;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The JDK's {@link HttpClient} asked for {@code Version.HTTP_2}. Over {@code http://} it offers an
 * h2c Upgrade on each new connection's first request and stays on HTTP/1.1 when the server does
 * not take it; over TLS it negotiates h2 with ALPN. The request timeout is {@code
 * HttpRequest.timeout()}; a cancel is {@code CompletableFuture.cancel} (JDK 16+ aborts the
 * exchange). The JDK exposes no connection, so its requests are not joined to connections:
 * connections are counted from the proxy's flows, and magnification uses the floor of 1 per
 * unplug. {@link #negotiated()} says which version the server's responses came back on.
 */
final class JdkClientSide extends RealClient {
  static String version() {
    Runtime.Version v = Runtime.version();
    return v.feature() + "." + v.interim() + "." + v.update();
  }

  private final ExecutorService executor;
  private final HttpClient client;
  private final AtomicReference<HttpClient.Version> negotiated = new AtomicReference<>();

  JdkClientSide(int workers, EventLoop loop, InetSocketAddress target, Clock clock, EventSink sink,
      ConnectionLedger ledger) {
    super(loop, target, clock, sink, ledger);
    this.executor = Executors.newFixedThreadPool(Math.max(2, Math.min(8, workers)), r -> {
      Thread t = new Thread(r, "blastradius-jdk-client");
      t.setDaemon(true);
      return t;
    });
    this.client = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_2)
        .executor(executor)
        .connectTimeout(Duration.ofSeconds(5))
        .build();
  }

  /** The HTTP version of the first response, or null before one. */
  HttpClient.Version negotiated() {
    return negotiated.get();
  }

  @Override
  protected Cancel send(Pending p, long timeoutNanos) {
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofNanos(timeoutNanos)).GET().build();
    CompletableFuture<HttpResponse<byte[]>> f = client.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray());
    f.whenComplete((resp, e) -> {
      if (e == null) {
        if (negotiated.compareAndSet(null, resp.version())) {
          ledger.observed(resp.version() == HttpClient.Version.HTTP_2
              ? io.blastradius.core.policy.Protocol.H2 : io.blastradius.core.policy.Protocol.H1);
        }
        p.finishStatus(resp.statusCode());
        return;
      }
      Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
      p.finish(cause instanceof HttpTimeoutException ? Outcome.TIMEOUT
          : cause instanceof CancellationException ? Outcome.CANCELLED : Outcome.ERROR, cause.toString());
    });
    return () -> f.cancel(true);
  }

  @Override
  protected void shutdown() throws InterruptedException {
    // JDK 21+ can close the client (its selector thread); on 17 the thread ends when it is collected.
    if (client instanceof AutoCloseable c) {
      try {
        c.close();
      } catch (Exception ignored) {
        // Closing is best effort; the executor below stops either way.
      }
    }
    executor.shutdownNow();
    executor.awaitTermination(5, TimeUnit.SECONDS);
  }
}
