package io.blastradius.core.policy;

import io.blastradius.core.event.CloseReason;
import io.blastradius.core.event.Event.ConnStatus;
import java.time.Duration;

/**
 * {@code h2-reactor-netty}: reactor-netty 1.3's HTTP/2 client pool ({@code Http2Pool}), with or
 * without its {@code Http2ConnectionLiveness} probe (1.2.12+, opt-in with the pool's {@code
 * maxIdleTime} and {@code Http2SettingsSpec.pingAckTimeout}).
 *
 * <p>Placement: no shared dial (every request that finds no connection with room opens one, up to
 * the pool's maxConnections, 16 on machines with up to 8 cores), and connections take turns
 * (the pool polls a slot from its queue's head and offers it back at the tail). A timed-out stream
 * is reset and its slot freed; without liveness nothing else happens (like {@code h2-naive}, but
 * spread over every connection the burst opened).
 *
 * <p>Liveness ({@code liveness=true}): an {@code IdleStateHandler} ALL_IDLE event, that is nothing read <em>and</em>
 * nothing written for {@code idle}, starts a probe: one PING, and the pool stops giving the
 * connection new streams while it is out ({@code CONNECTION_LIVENESS_CHECK_LISTENER}, 1.3.7+). A
 * PING ACK, HEADERS or DATA ends the probe; nothing within {@code ack} closes the connection
 * ({@code pingAckDropThreshold} 1; with N it pings N times first).
 *
 * <p>Cost and blind spot: writes count as activity. A dead connection that keeps receiving
 * requests is written to every few milliseconds, so it is never "idle" and never probed: under
 * steady load it cascades exactly like {@code h2-naive}; the probe catches only a connection that
 * went quiet both ways. Contrast {@code h2-read-idle-ping}, which looks at reads alone.
 *
 * <p>Checked against reactor-netty 1.3.8 ({@code reactor-netty/liveness}) with {@code blastradius
 * fidelity} on the seed and concurrent scenarios.
 */
public final class H2ReactorNettyPolicy extends H2PolicyBase {
  public static final String ID = "h2-reactor-netty";
  public static final PolicyInfo INFO = new PolicyInfo(
      ID, Protocol.H2,
      "reactor-netty 1.3 HttpClient (H2C) Http2Pool, optionally Http2ConnectionLiveness; checked against reactor-netty 1.3.8",
      "HTTP/2 as reactor-netty's pool: no shared dial (a cold burst opens a connection per request,"
          + " up to max-connections) and connections take turns; a timed-out stream is reset and"
          + " nothing else happens. With liveness=true, nothing read and nothing written for idle"
          + " sends a PING and holds new streams off the connection; no ACK, HEADERS or DATA within"
          + " ack closes it. Writes count as activity, so a dead connection under steady load is"
          + " never probed. Checked against reactor-netty 1.3.8 with 'fidelity'. Parameters:"
          + " liveness (false), idle (1s, maxIdleTime), ack (1s, pingAckTimeout), attempts (1,"
          + " pingAckDropThreshold), max-connections (16), conn-idle (90s).",
      H2ReactorNettyPolicy::new);

  static final class State {
    long lastWriteAt = Conn.NEVER;
    long pingSentAt = Conn.NEVER;
    int attempts;
    boolean closing;
  }

  private final long idleNanos;
  private final long ackNanos;
  private final int maxAttempts;
  private final boolean liveness;
  private final int maxConns;
  private long lastConnId;

  public H2ReactorNettyPolicy(PolicySpec spec) {
    this(spec, spec.reader());
  }

  private H2ReactorNettyPolicy(PolicySpec spec, PolicySpec.Params p) {
    super(ID, spec, p, "conn-idle", Duration.ofSeconds(90));
    this.idleNanos = p.duration("idle", Duration.ofSeconds(1)).toNanos();
    this.ackNanos = p.duration("ack", Duration.ofSeconds(1)).toNanos();
    this.maxAttempts = p.integer("attempts", 1, 1);
    this.liveness = p.flag("liveness", false);
    this.maxConns = p.integer("max-connections", 16, 1);
    if (idleNanos <= 0 || ackNanos <= 0) throw new IllegalArgumentException("policy " + ID + ": idle and ack must be > 0");
    p.checkAllUsed();
  }

  private static State state(Conn c) {
    if (!(c.policyState instanceof State)) c.policyState = new State();
    return (State) c.policyState;
  }

  private long lastActivity(Conn c) {
    return Math.max(Math.max(c.lastFrameReadAt(), state(c).lastWriteAt), c.dialedAt);
  }

  @Override
  public Placement place(java.util.List<Conn> conns, int dialing, long now) {
    Placement p = H2Placement.roundRobinDialEach(conns, clientCap, maxConns, lastConnId);
    if (p instanceof Placement.Use u) lastConnId = u.conn().id;
    return p;
  }

  @Override
  public void onStreamOpened(Conn c, Stream s, long now, Actions a) {
    state(c).lastWriteAt = now; // HEADERS written
  }

  @Override
  public void onStreamTimedOut(Conn c, Stream s, long now, Actions a) {
    state(c).lastWriteAt = now; // RST_STREAM written
  }

  @Override
  public void onFrameRead(Conn c, FrameType type, int streamId, long now, Actions a) {
    if ((type == FrameType.HEADERS || type == FrameType.DATA)) endProbe(c, a, "HEADERS/DATA read");
  }

  @Override
  public void onPingAck(Conn c, long payload, boolean ours, long now, Actions a) {
    if (ours) endProbe(c, a, "PING ACK");
  }

  private void endProbe(Conn c, Actions a, String why) {
    State st = state(c);
    if (st.pingSentAt == Conn.NEVER || st.closing) return;
    st.pingSentAt = Conn.NEVER;
    st.attempts = 0;
    a.setStatus(c, ConnStatus.ACTIVE, why);
  }

  @Override
  public long nextTimer(Conn c, long now) {
    State st = state(c);
    if (st.closing) return NO_TIMER;
    long t = idleDeadline(c);
    if (!c.isReady() || !liveness) return t;
    if (st.pingSentAt != Conn.NEVER) return Math.min(t, st.pingSentAt + ackNanos);
    return Math.min(t, lastActivity(c) + idleNanos);
  }

  @Override
  public void onTimer(Conn c, long now, Actions a) {
    State st = state(c);
    if (st.closing) return;
    if (st.pingSentAt != Conn.NEVER) {
      if (now - st.pingSentAt >= ackNanos) {
        if (st.attempts >= maxAttempts) {
          st.closing = true;
          a.close(c, CloseReason.EVICTED, "no PING ACK within " + fmt(ackNanos) + " (" + st.attempts + " attempts)");
          return;
        }
        ping(c, st, now, a);
      }
      return;
    }
    if (liveness && c.isReady() && now - lastActivity(c) >= idleNanos) {
      a.setStatus(c, ConnStatus.SUSPECT, "idle " + fmt(idleNanos) + " both ways: liveness PING");
      ping(c, st, now, a);
      return;
    }
    if (closeIfIdle(c, now, a)) st.closing = true;
  }

  private void ping(Conn c, State st, long now, Actions a) {
    st.pingSentAt = now;
    st.lastWriteAt = now;
    st.attempts++;
    a.sendPing(c);
  }
}
