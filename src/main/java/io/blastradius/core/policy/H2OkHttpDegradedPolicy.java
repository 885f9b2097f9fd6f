package io.blastradius.core.policy;

import io.blastradius.core.event.CloseReason;
import io.blastradius.core.event.Event.ConnStatus;
import java.time.Duration;

/**
 * {@code h2-okhttp-degraded}: OkHttp 4.3.0 and later ({@code Http2Connection.sendDegradedPingLater}
 * and {@code isHealthy(nowNs)}, square/okhttp#5638).
 *
 * <p>Heuristic: a stream read or write timeout ({@code Http2Stream.StreamTimeout.timedOut}) is a
 * hint that the connection may be degraded, so OkHttp sends one "degraded" PING unless one is
 * already awaiting its pong, and gives it {@code pong-timeout} (1 s). OkHttp's comment on the
 * choice: a pong that takes longer than a second means the connection is too slow to be worth new
 * work, however alive it is. While the pong is overdue {@code isHealthy} is false: the pool puts
 * no new call on the connection (here: status SUSPECT) and closes it once it is idle; streams
 * already on it continue. A pong that arrives late makes it healthy again (status ACTIVE).
 * A plain {@code Call.cancel()} is not a timeout and sends nothing.
 *
 * <p>Cost: for the first second after the first timeout the connection still looks healthy, so
 * every request placed in that window lands on a dead connection (with a 10 ms timeout that is
 * ~100 sequential requests); a 1 s latency spike makes a live connection unhealthy, and if it
 * goes idle meanwhile it is closed. One PING per timeout burst.
 */
public final class H2OkHttpDegradedPolicy extends H2PolicyBase {
  public static final String ID = "h2-okhttp-degraded";
  public static final PolicyInfo INFO = new PolicyInfo(
      ID, Protocol.H2,
      "OkHttp 4.3.0+ (Http2Connection.sendDegradedPingLater / isHealthy, square/okhttp#5638)",
      "HTTP/2 as OkHttp does it. A stream timeout (not a plain cancel) sends one degraded PING if"
          + " none is outstanding; if its pong is not back within 1s the connection is unhealthy:"
          + " no new streams, closed when idle, in-flight streams continue, a late pong restores"
          + " it. Requests placed during that first second still land on a dead connection."
          + " Parameters: pong-timeout (1s), idle (5m, OkHttp's ConnectionPool keep-alive).",
      H2OkHttpDegradedPolicy::new);

  /** OkHttp's degradedPingsSent / degradedPongsReceived / degradedPongDeadlineNs. */
  static final class State {
    long degradedPingsSent;
    long degradedPongsReceived;
    long degradedPongDeadline;
    long degradedPingSentAt;
    /** Status set to SUSPECT (our record: the transport applies it after we return). */
    boolean markedUnhealthy;
    boolean closing;
  }

  private final long pongTimeoutNanos;

  public H2OkHttpDegradedPolicy(PolicySpec spec) {
    this(spec, spec.reader());
  }

  private H2OkHttpDegradedPolicy(PolicySpec spec, PolicySpec.Params p) {
    super(ID, spec, p, Duration.ofMinutes(5));
    this.pongTimeoutNanos = p.duration("pong-timeout", Duration.ofSeconds(1)).toNanos();
    p.checkAllUsed();
  }

  private static State state(Conn c) {
    if (!(c.policyState instanceof State)) c.policyState = new State();
    return (State) c.policyState;
  }

  /** OkHttp's {@code isHealthy(nowNs)}, less the shutdown check. */
  static boolean isHealthy(Conn c, long now) {
    if (!(c.policyState instanceof State st)) return true;
    return !(st.degradedPongsReceived < st.degradedPingsSent && now >= st.degradedPongDeadline);
  }

  @Override
  public void onStreamTimedOut(Conn c, Stream s, long now, Actions a) {
    State st = state(c);
    if (st.degradedPongsReceived < st.degradedPingsSent) return; // already awaiting a pong
    st.degradedPingsSent++;
    st.degradedPingSentAt = now;
    st.degradedPongDeadline = now + pongTimeoutNanos;
    a.sendPing(c);
  }

  /** {@code Call.cancel()} is not a stream timeout: OkHttp sends no degraded ping for it. */
  @Override
  public void onStreamCancelled(Conn c, Stream s, long now, Actions a) {}

  @Override
  public void onPingAck(Conn c, long payload, boolean ours, long now, Actions a) {
    if (!ours || !(c.policyState instanceof State st)) return;
    if (st.degradedPongsReceived < st.degradedPingsSent) {
      st.degradedPongsReceived++;
      if (st.markedUnhealthy && !st.closing) {
        st.markedUnhealthy = false;
        a.setStatus(c, ConnStatus.ACTIVE, "degraded pong back after " + fmt(now - st.degradedPingSentAt)
            + ": healthy again");
      }
    }
  }

  @Override
  public long nextTimer(Conn c, long now) {
    long t = idleDeadline(c);
    if (c.policyState instanceof State st && !st.closing && st.degradedPongsReceived < st.degradedPingsSent) {
      if (!st.markedUnhealthy) {
        t = Math.min(t, st.degradedPongDeadline);
      } else if (c.activeStreams() == 0) {
        t = Math.min(t, now); // unhealthy and idle: close now
      }
    }
    return t;
  }

  @Override
  public void onTimer(Conn c, long now, Actions a) {
    State st = c.policyState instanceof State s ? s : null;
    if (st != null && st.closing) return;
    if (!isHealthy(c, now)) {
      if (c.activeStreams() == 0) {
        st.closing = true;
        a.close(c, CloseReason.DRAINED, "unhealthy (no degraded pong " + fmt(now - st.degradedPingSentAt)
            + " after the ping) and idle");
        return;
      }
      if (!st.markedUnhealthy) {
        st.markedUnhealthy = true;
        a.setStatus(c, ConnStatus.SUSPECT, "degraded pong not back within " + fmt(pongTimeoutNanos)
            + ": unhealthy, no new streams");
      }
      return;
    }
    if (closeIfIdle(c, now, a) && st != null) st.closing = true;
  }
}
