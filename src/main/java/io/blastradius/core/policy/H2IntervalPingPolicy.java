package io.blastradius.core.policy;

import io.blastradius.core.event.CloseReason;
import java.time.Duration;

/**
 * {@code h2-interval-ping}: OkHttp's {@code pingInterval} ({@code Http2Connection}'s interval
 * ping task, INTERVAL_PING), Finagle's threshold failure detector (a PING every 5 s, 4 s to answer)
 * and the AWS SDK for Java v2 Netty client ({@code healthCheckPingPeriod}, 5 s).
 *
 * <p>Heuristic: every {@code period} after the connection became ready, unconditionally, the client
 * checks its previous PING: if the pong is still missing ({@code intervalPongsReceived <
 * intervalPingsSent}) the connection is failed ({@code failConnection}) and all its streams with
 * it; otherwise it sends the next PING. Liveness is proved continuously, busy or idle, so a dead
 * connection is found within one to two periods.
 *
 * <p>{@code timeout} (default: the period) fails the connection sooner: when a PING has been
 * unanswered that long, before the next is due. Finagle's detector gives a PING 4 s of its 5 s
 * period. grpc-java's keepalive looks like this policy on a sequential caller but is not: see
 * {@link H2GrpcKeepAlivePolicy}.
 *
 * <p>Defaults: OkHttp's pingInterval is 0 (off); 5 s is the period of the AWS SDK v2 and Finagle,
 * the two clients that turn it on by default.
 *
 * <p>Cost: one PING per period per connection forever, whether or not anything is wrong, which is
 * 12/min per connection and far beyond a gRPC server's 5 min minimum: against such a server every
 * ping is a strike and the connection earns GOAWAY(ENHANCE_YOUR_CALM) within a few periods. A
 * latency spike longer than one period closes a connection that was alive, failing its streams.
 * Detection (5-10 s) is still long against a 10 ms request timeout.
 */
public final class H2IntervalPingPolicy extends H2PolicyBase {
  public static final String ID = "h2-interval-ping";
  public static final PolicyInfo INFO = new PolicyInfo(
      ID, Protocol.H2,
      "OkHttp pingInterval (Http2Connection), Finagle threshold failure detector, AWS SDK v2"
          + " Netty healthCheckPingPeriod",
      "HTTP/2 with a PING every period, unconditionally; if the previous PING is still unanswered"
          + " when the next is due, the connection is closed and its streams fail. Finds a dead"
          + " connection within 1-2 periods on any traffic, at the price of pings forever (gRPC"
          + " servers GOAWAY too_many_pings) and of closing live connections during a latency spike"
          + " longer than the period. Parameters: period (5s; AWS SDK v2 and Finagle, OkHttp's own"
          + " default is off), timeout (the period: a PING unanswered this long fails the connection;"
          + " Finagle 4s), idle (90s).",
      H2IntervalPingPolicy::new);

  static final class State {
    long nextPingAt;
    long pingsSent;
    long pongsReceived;
    long lastPingAt;
    boolean closing;
  }

  private final long periodNanos;
  private final long timeoutNanos;

  public H2IntervalPingPolicy(PolicySpec spec) {
    this(spec, spec.reader());
  }

  private H2IntervalPingPolicy(PolicySpec spec, PolicySpec.Params p) {
    super(ID, spec, p, Duration.ofSeconds(90));
    this.periodNanos = p.duration("period", Duration.ofSeconds(5)).toNanos();
    if (periodNanos <= 0) throw new IllegalArgumentException("policy " + ID + ": period must be > 0");
    this.timeoutNanos = p.duration("timeout", Duration.ofNanos(periodNanos)).toNanos();
    if (timeoutNanos <= 0 || timeoutNanos > periodNanos) {
      throw new IllegalArgumentException("policy " + ID + ": timeout must be > 0 and at most the period");
    }
    p.checkAllUsed();
  }

  @Override
  public void onReady(Conn c, long now, Actions a) {
    State st = new State();
    st.nextPingAt = now + periodNanos;
    c.policyState = st;
  }

  @Override
  public void onPingAck(Conn c, long payload, boolean ours, long now, Actions a) {
    if (ours && c.policyState instanceof State st && st.pongsReceived < st.pingsSent) st.pongsReceived++;
  }

  @Override
  public long nextTimer(Conn c, long now) {
    long t = idleDeadline(c);
    if (!(c.policyState instanceof State st)) return t;
    if (st.closing) return NO_TIMER;
    if (timeoutNanos < periodNanos && st.pongsReceived < st.pingsSent) t = Math.min(t, st.lastPingAt + timeoutNanos);
    return Math.min(t, st.nextPingAt);
  }

  @Override
  public void onTimer(Conn c, long now, Actions a) {
    if (!(c.policyState instanceof State st)) {
      closeIfIdle(c, now, a);
      return;
    }
    if (st.closing) return;
    if (timeoutNanos < periodNanos && st.pongsReceived < st.pingsSent && now >= st.lastPingAt + timeoutNanos) {
      st.closing = true;
      a.close(c, CloseReason.EVICTED, "PING unanswered for " + fmt(now - st.lastPingAt));
      return;
    }
    if (now >= st.nextPingAt) {
      if (st.pongsReceived < st.pingsSent) {
        st.closing = true;
        a.close(c, CloseReason.EVICTED, "PING sent " + fmt(now - st.nextPingAt + periodNanos)
            + " ago still unanswered at the next interval");
        return;
      }
      st.pingsSent++;
      st.lastPingAt = now;
      st.nextPingAt = now + periodNanos;
      a.sendPing(c);
      return;
    }
    if (closeIfIdle(c, now, a)) st.closing = true;
  }
}
