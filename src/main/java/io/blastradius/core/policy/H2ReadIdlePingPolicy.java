package io.blastradius.core.policy;

import io.blastradius.core.event.CloseReason;
import java.time.Duration;

/**
 * {@code h2-read-idle-ping}: Go's {@code http2.Transport.ReadIdleTimeout} / {@code PingTimeout}
 * health check ({@code ClientConn.healthCheck}); gRPC keepalive, Envoy
 * {@code connection_keepalive}, hyper and .NET {@code KeepAlivePingDelay} work the same way.
 *
 * <p>Heuristic: a connection that has read nothing at all for {@code idle} may be dead, so the
 * client sends a PING; if the ACK is not back within {@code timeout}, the connection is closed and
 * every stream on it fails. Every frame read re-arms the idle timer, so a busy connection never
 * pings. Go pings idle connections too (gRPC only with PermitWithoutStream).
 *
 * <p>Defaults: Go leaves ReadIdleTimeout off (0) and defaults PingTimeout to 15 s; we use the values
 * Kubernetes' client-go sets for Go's transport (ReadIdleTimeout 30 s, PingTimeout 15 s). gRPC's
 * are Time ≥ 10 s (its minimum) and Timeout 20 s; Envoy adds 15 % jitter to the interval and
 * re-arms the timeout on any frame, not only the ACK ({@code any-frame=true} models that; the
 * jitter is not modelled).
 *
 * <p>Cost: detection takes idle + timeout (45 s by default) during which a naive pool keeps placing
 * requests on the dead connection (a sequential caller with a 10 ms timeout loses thousands); and
 * every request that reached it fails. A short idle costs a PING per idle period on every quiet
 * connection, which a gRPC server with its 5 min (2 h without streams) ping policy answers with
 * GOAWAY(ENHANCE_YOUR_CALM) after three.
 */
public final class H2ReadIdlePingPolicy extends H2PolicyBase {
  public static final String ID = "h2-read-idle-ping";
  public static final PolicyInfo INFO = new PolicyInfo(
      ID, Protocol.H2,
      "Go http2.Transport ReadIdleTimeout/PingTimeout (as client-go sets them), gRPC keepalive,"
          + " Envoy connection_keepalive, hyper, .NET KeepAlivePingDelay",
      "HTTP/2 with a read-idle health check: no frame read for idle sends a PING; no ACK within"
          + " timeout closes the connection and fails its streams. Cheap on busy connections, but a"
          + " dead one keeps taking requests for idle + timeout, and short intervals cost pings"
          + " (gRPC servers GOAWAY too_many_pings). Parameters: idle (30s; Go's default is off,"
          + " client-go uses 30s, gRPC allows >= 10s), timeout (15s, Go's PingTimeout; gRPC 20s),"
          + " any-frame (false; true: any frame answers, as Envoy), conn-idle (90s, no streams).",
      H2ReadIdlePingPolicy::new);

  static final class State {
    /** When our health-check PING went out, or Conn.NEVER. */
    long pingSentAt = Conn.NEVER;
    boolean closing;
  }

  private final long readIdleNanos;
  private final long pingTimeoutNanos;
  private final boolean anyFrame;

  public H2ReadIdlePingPolicy(PolicySpec spec) {
    this(spec, spec.reader());
  }

  private H2ReadIdlePingPolicy(PolicySpec spec, PolicySpec.Params p) {
    super(ID, spec, p, "conn-idle", Duration.ofSeconds(90));
    this.readIdleNanos = p.duration("idle", Duration.ofSeconds(30)).toNanos();
    this.pingTimeoutNanos = p.duration("timeout", Duration.ofSeconds(15)).toNanos();
    this.anyFrame = p.flag("any-frame", false);
    if (readIdleNanos <= 0 || pingTimeoutNanos <= 0) {
      throw new IllegalArgumentException("policy " + ID + ": idle and timeout must be > 0");
    }
    p.checkAllUsed();
  }

  private static State state(Conn c) {
    if (!(c.policyState instanceof State)) c.policyState = new State();
    return (State) c.policyState;
  }

  /** Envoy's variant ({@code any-frame=true}): any frame read answers the health check. */
  @Override
  public void onFrameRead(Conn c, FrameType type, int streamId, long now, Actions a) {
    if (anyFrame && c.policyState instanceof State st) st.pingSentAt = Conn.NEVER;
  }

  @Override
  public void onPingAck(Conn c, long payload, boolean ours, long now, Actions a) {
    if (ours) state(c).pingSentAt = Conn.NEVER;
  }

  @Override
  public long nextTimer(Conn c, long now) {
    State st = state(c);
    if (st.closing) return NO_TIMER;
    long t = idleDeadline(c);
    if (!c.isReady()) return t;
    if (st.pingSentAt != Conn.NEVER) return Math.min(t, st.pingSentAt + pingTimeoutNanos);
    return Math.min(t, c.lastFrameReadAt() + readIdleNanos);
  }

  @Override
  public void onTimer(Conn c, long now, Actions a) {
    State st = state(c);
    if (st.closing) return;
    if (st.pingSentAt != Conn.NEVER) {
      if (now - st.pingSentAt >= pingTimeoutNanos) {
        st.closing = true;
        a.close(c, CloseReason.EVICTED, "no PING ACK within " + fmt(pingTimeoutNanos));
        return;
      }
    } else if (c.isReady() && now - c.lastFrameReadAt() >= readIdleNanos) {
      st.pingSentAt = now;
      a.sendPing(c);
      return;
    }
    if (closeIfIdle(c, now, a)) st.closing = true;
  }
}
