package io.blastradius.core.clients;

import io.blastradius.core.event.EventSink;
import io.blastradius.core.event.Outcome;
import io.blastradius.core.time.Clock;
import io.netty.channel.EventLoop;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.Connection;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.EventListener;
import okhttp3.OkHttp;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * OkHttp 5 over h2c prior knowledge ({@code Protocol.H2_PRIOR_KNOWLEDGE}), one {@link
 * OkHttpClient} per run, asynchronous calls ({@code Call.enqueue}).
 *
 * <p>Modes, each the way application code commonly sets a deadline:
 * <ul>
 *   <li>{@code call-timeout}: the request's timeout is the call's whole-call deadline ({@code
 *       Call.timeout()}); the read timeout stays at OkHttp's 10 s default. A call timeout cancels
 *       the call, which resets the stream and sends no degraded PING;
 *   <li>{@code read-timeout}: the request's timeout is the client's read and write timeout: a
 *       stream read timeout sends OkHttp's degraded PING ({@code Http2Connection.sendDegradedPingLater})
 *       and the connection is unhealthy if its pong is 1 s late;
 *   <li>{@code ping-interval}: call timeout plus {@code pingInterval(period)} (parameter {@code
 *       period}, default 5 s): a PING every period, the connection failed when the previous one is
 *       unanswered.
 * </ul>
 *
 * <p>The dispatcher allows as many calls per host as the run has workers (OkHttp's default of 5
 * would queue the concurrent scenario inside the client).
 */
final class OkHttpClientSide extends RealClient {
  enum Mode { CALL_TIMEOUT, READ_TIMEOUT, PING_INTERVAL }

  static String version() {
    return OkHttp.VERSION;
  }

  private final Mode mode;
  private final OkHttpClient client;
  private final ExecutorService executor;

  OkHttpClientSide(Mode mode, Duration pingPeriod, int workers, Duration timeout,
      EventLoop loop, InetSocketAddress target, Clock clock, EventSink sink, ConnectionLedger ledger) {
    super(loop, target, clock, sink, ledger);
    this.mode = mode;
    Dispatcher dispatcher = new Dispatcher();
    dispatcher.setMaxRequests(Math.max(64, workers * 2));
    dispatcher.setMaxRequestsPerHost(Math.max(64, workers * 2));
    this.executor = dispatcher.executorService();
    OkHttpClient.Builder b = new OkHttpClient.Builder()
        .protocols(List.of(Protocol.H2_PRIOR_KNOWLEDGE))
        .dispatcher(dispatcher)
        .connectionPool(new ConnectionPool())
        .retryOnConnectionFailure(false)
        .eventListener(new EventListener() {
          @Override
          public void connectionAcquired(Call call, Connection connection) {
            Pending p = call.request().tag(Pending.class);
            if (p != null) p.onConnection(connection.socket().getLocalPort());
          }
        });
    if (mode == Mode.READ_TIMEOUT) {
      b.readTimeout(timeout).writeTimeout(timeout);
    }
    if (mode == Mode.PING_INTERVAL) {
      b.pingInterval(pingPeriod);
    }
    this.client = b.build();
  }

  @Override
  protected Cancel send(Pending p, long timeoutNanos) {
    Request request = new Request.Builder().url(uri.toString()).tag(Pending.class, p).build();
    Call call = client.newCall(request);
    if (mode != Mode.READ_TIMEOUT) call.timeout().timeout(timeoutNanos, TimeUnit.NANOSECONDS);
    call.enqueue(new okhttp3.Callback() {
      @Override
      public void onResponse(Call c, Response response) {
        try (ResponseBody body = response.body()) {
          body.bytes();
          p.finishStatus(response.code());
        } catch (IOException e) {
          onFailure(c, e);
        }
      }

      @Override
      public void onFailure(Call c, IOException e) {
        p.finish(isTimeout(e) ? Outcome.TIMEOUT : Outcome.ERROR, e.toString());
      }
    });
    return call::cancel;
  }

  /** OkHttp signals both its call timeout and a read timeout as an InterruptedIOException "timeout". */
  static boolean isTimeout(IOException e) {
    return e instanceof InterruptedIOException && "timeout".equals(e.getMessage())
        || e instanceof java.net.SocketTimeoutException;
  }

  @Override
  protected void shutdown() throws InterruptedException {
    client.dispatcher().cancelAll();
    client.connectionPool().evictAll();
    executor.shutdown();
    executor.awaitTermination(5, TimeUnit.SECONDS);
    client.connectionPool().evictAll();
  }
}
