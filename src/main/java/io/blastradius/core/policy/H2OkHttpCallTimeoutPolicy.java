package io.blastradius.core.policy;

import java.time.Duration;

/**
 * {@code h2-okhttp-call-timeout}: OkHttp 4.3+/5.x when the application's deadline is the call
 * timeout ({@code OkHttpClient.Builder.callTimeout} or {@code Call.timeout()}), the deadline most
 * code sets, rather than the read timeout.
 *
 * <p>A call timeout cancels the call ({@code RealCall.cancel}): the stream is reset with
 * RST_STREAM(CANCEL) and its slot freed. OkHttp's degraded PING ({@code
 * Http2Connection.sendDegradedPingLater}, the mechanism {@code h2-okhttp-degraded} models) is sent
 * only from a stream's read/write {@code StreamTimeout}, which a cancel never reaches, so nothing
 * marks the connection unhealthy: it stays eligible like {@code h2-naive}'s until the pool's
 * keep-alive (5 min with no calls) or a TCP error closes it. One dead flow takes every later call.
 *
 * <p>Checked against OkHttp 5.5.1 ({@code okhttp/call-timeout}) with {@code blastradius fidelity}
 * on the seed and concurrent scenarios.
 */
public final class H2OkHttpCallTimeoutPolicy extends H2PolicyBase {
  public static final String ID = "h2-okhttp-call-timeout";
  public static final PolicyInfo INFO = new PolicyInfo(
      ID, Protocol.H2,
      "OkHttp 4.3+/5.x with a call timeout (callTimeout / Call.timeout()); checked against OkHttp 5.5.1",
      "HTTP/2 as OkHttp with a call timeout: the timed-out call is cancelled and its stream reset;"
          + " the degraded PING is sent only on a read/write timeout, never on a cancel, so the"
          + " connection stays eligible and one dead flow takes every later call (a full cascade,"
          + " like h2-naive). Checked against OkHttp 5.5.1 with 'fidelity'. Parameter: idle (5m,"
          + " OkHttp's keep-alive).",
      H2OkHttpCallTimeoutPolicy::new);

  public H2OkHttpCallTimeoutPolicy(PolicySpec spec) {
    this(spec, spec.reader());
  }

  private H2OkHttpCallTimeoutPolicy(PolicySpec spec, PolicySpec.Params p) {
    super(ID, spec, p, Duration.ofMinutes(5));
    p.checkAllUsed();
  }
}
