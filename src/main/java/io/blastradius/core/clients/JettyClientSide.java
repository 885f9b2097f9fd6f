package io.blastradius.core.clients;

import io.blastradius.core.event.EventSink;
import io.blastradius.core.event.Outcome;
import io.blastradius.core.time.Clock;
import io.netty.channel.EventLoop;
import java.net.InetSocketAddress;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.client.BufferingResponseListener;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.http2.client.HTTP2Client;
import org.eclipse.jetty.http2.client.transport.HttpClientTransportOverHTTP2;
import org.eclipse.jetty.util.Jetty;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * Jetty 12's {@link HttpClient} over {@link HTTP2Client} ({@link HttpClientTransportOverHTTP2}):
 * on an {@code http://} URL it speaks h2c with prior knowledge. Jetty's defaults otherwise
 * (multiplexed connection pool, no PING health check, streamIdleTimeout 0). The request timeout
 * is {@code Request.timeout()}: Jetty aborts the request and resets its stream; the connection
 * stays in the pool.
 */
final class JettyClientSide extends RealClient {
  static String version() {
    return Jetty.VERSION;
  }

  private final HttpClient client;

  JettyClientSide(int workers, EventLoop loop, InetSocketAddress target, Clock clock, EventSink sink,
      ConnectionLedger ledger) {
    super(loop, target, clock, sink, ledger);
    QueuedThreadPool threads = new QueuedThreadPool(200);
    threads.setName("blastradius-jetty");
    threads.setDaemon(true);
    HTTP2Client h2 = new HTTP2Client();
    this.client = new HttpClient(new HttpClientTransportOverHTTP2(h2));
    client.setExecutor(threads);
    client.setMaxRequestsQueuedPerDestination(Math.max(1024, workers * 4));
    try {
      client.start();
    } catch (Exception e) {
      throw new IllegalStateException("Jetty HttpClient did not start: " + e, e);
    }
  }

  @Override
  protected Cancel send(Pending p, long timeoutNanos) {
    Request request = client.newRequest(uri).timeout(timeoutNanos, TimeUnit.NANOSECONDS);
    request.onRequestBegin(r -> {
      org.eclipse.jetty.client.Connection c = r.getConnection();
      if (c != null && c.getLocalSocketAddress() instanceof InetSocketAddress a) p.onConnection(a.getPort());
    });
    request.send(new BufferingResponseListener() {
      @Override
      public void onComplete(Result result) {
        if (result.isFailed()) {
          Throwable f = result.getFailure();
          p.finish(f instanceof TimeoutException ? Outcome.TIMEOUT
              : f instanceof CancellationException ? Outcome.CANCELLED : Outcome.ERROR, String.valueOf(f));
        } else {
          p.finishStatus(result.getResponse().getStatus());
        }
      }
    });
    return () -> request.abort(new CancellationException("cancelled by the caller"));
  }

  @Override
  protected void shutdown() throws Exception {
    client.stop();
  }
}
