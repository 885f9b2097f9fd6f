package io.blastradius.core.policy;

import io.blastradius.core.event.CloseReason;
import io.blastradius.core.event.Event.ConnStatus;
import java.time.Duration;
import java.util.List;

/**
 * {@code h2-adaptive}: BlastRadius' own policy. It takes OkHttp's idea (a timeout is a hint, a
 * PING is the test) and Go's (a PING ACK proves the server saw what came before it), measures the
 * verdict against the connection's own round trip, and separates "stop using it" from "close it".
 *
 * <p>Suspicion needs two things at once: a request timed out (a deliberate cancel says nothing
 * about the network, so it is ignored), and the connection read no frame at all in the second
 * half of that request's life. A slow handler on a busy connection does not qualify (other
 * streams' frames keep arriving), so busy healthy connections never ping. A suspected connection
 * is SUSPECT (no new streams) and gets one PING if none is outstanding. New requests then
 * {@link Placement.Wait wait} for the verdict instead of dialing: the ACK (or any frame) puts the
 * connection back to ACTIVE at once, which costs a healthy connection one round trip.
 *
 * <p>The ACK is overdue after grace = clamp(rtt-factor × smoothed RTT, min-grace, max-grace), the
 * RTT being smoothed (1/8) over this connection's PING round trips, min-grace while none was
 * measured. Then the pool stops waiting: the connection is quarantined (still SUSPECT, still
 * open, its in-flight streams left alone) and the next request dials a replacement. A late ACK or
 * frame within {@code quarantine} (15 s, Go's PingTimeout) proves it alive: it rejoins without ever
 * having been closed, on probation (used only when no other connection has room, until a stream on
 * it succeeds), and the late sample is not fed into the RTT. Only a PING unanswered for the whole
 * quarantine closes the connection, with EVICTED.
 *
 * <p>PINGs are rate-limited for servers that police them (gRPC: a ping within 5 min of the last
 * one is a strike, GOAWAY(ENHANCE_YOUR_CALM) after more than two; strikes reset when the server sends
 * HEADERS or DATA). A PING is free when HEADERS or DATA were read after the previous ACK (the
 * server wrote them after answering it, so its strikes were reset); at most
 * {@code unproven-pings} (1) PINGs in a row may go without that, so the server sees at most one
 * strike. A suspicion that may not ping is quarantined at once (dial a replacement) and never
 * evicted: with no PING there is no proof of death, and only any frame or the idle close ends it.
 *
 * <p>Costs: one PING per suspicion, so a sequential caller with stalling handlers pays one PING
 * (and one round trip of waiting) per stall; a latency spike longer than the grace dials a spare
 * connection that may end up idle; a dead connection costs the requests in flight on it when it
 * died (the first of them to time out reveals it), and a request that arrives next waits up to the
 * grace before its dial. If the grace is longer than the request timeout (a very slow RTT), those waiting
 * requests fail too.
 */
public final class H2AdaptivePolicy extends H2PolicyBase {
  public static final String ID = "h2-adaptive";
  public static final PolicyInfo INFO = new PolicyInfo(
      ID, Protocol.H2,
      "BlastRadius' own: OkHttp's timeout-triggered PING and Go's ACK-as-proof, judged against the"
          + " connection's measured RTT, with quarantine instead of eviction",
      "HTTP/2. A timeout (not a cancel) on a connection that read nothing in the second half of"
          + " the request's life makes it SUSPECT (no new streams) and sends one PING; new requests"
          + " wait for the verdict. The ACK or any frame restores it. An ACK overdue past"
          + " clamp(rtt-factor x RTT, min-grace, max-grace) quarantines it: the next request dials a"
          + " replacement, the suspect stays open so a late ACK rejoins it, and it is closed only"
          + " if the PING goes unanswered for the whole quarantine. Pings are rate-limited to stay"
          + " under gRPC's strike limit. Costs: one PING and an RTT of waiting per suspicion, a spare"
          + " connection per latency spike. Parameters: rtt-factor (4), min-grace (3ms),"
          + " max-grace (1s), quarantine (15s), unproven-pings (1), idle (90s).",
      H2AdaptivePolicy::new);

  /** Per-connection verdict state. */
  static final class State {
    /** Smoothed PING round trip, or -1 before the first in-time ACK. */
    long srtt = -1;
    /** Our outstanding PING, or Conn.NEVER. */
    long pingSentAt = Conn.NEVER;
    /** Our record of status SUSPECT (the transport applies status changes after we return). */
    boolean suspect;
    long suspectSince = Conn.NEVER;
    /** When the pool stops waiting for the verdict and may dial a replacement. */
    long overdueAt;
    boolean quarantined;
    boolean probation;
    /** HEADERS or DATA read since our last ACK (true before any PING): the next PING is free. */
    boolean provenSinceAck = true;
    /** PINGs sent in a row without that proof (each a possible gRPC strike). */
    int unprovenPings;
    long pingsSent;
    boolean closing;
  }

  private final double rttFactor;
  private final long minGraceNanos;
  private final long maxGraceNanos;
  private final long quarantineNanos;
  private final int unprovenPingBudget;

  public H2AdaptivePolicy(PolicySpec spec) {
    this(spec, spec.reader());
  }

  private H2AdaptivePolicy(PolicySpec spec, PolicySpec.Params p) {
    super(ID, spec, p, Duration.ofSeconds(90));
    this.rttFactor = p.decimal("rtt-factor", 4.0, 1.0, 1000.0);
    this.minGraceNanos = p.duration("min-grace", Duration.ofMillis(3)).toNanos();
    this.maxGraceNanos = p.duration("max-grace", Duration.ofSeconds(1)).toNanos();
    this.quarantineNanos = p.duration("quarantine", Duration.ofSeconds(15)).toNanos();
    this.unprovenPingBudget = p.integer("unproven-pings", 1, 0);
    if (minGraceNanos <= 0 || maxGraceNanos < minGraceNanos || quarantineNanos < maxGraceNanos) {
      throw new IllegalArgumentException(
          "policy " + ID + ": need 0 < min-grace <= max-grace <= quarantine");
    }
    p.checkAllUsed();
  }

  static State state(Conn c) {
    if (!(c.policyState instanceof State)) c.policyState = new State();
    return (State) c.policyState;
  }

  private static State peek(Conn c) {
    return c.policyState instanceof State st ? st : null;
  }

  /** How long to wait for an ACK on {@code c} before dialing a replacement. */
  long graceNanos(Conn c) {
    State st = peek(c);
    if (st == null || st.srtt < 0) return minGraceNanos;
    long g = (long) (rttFactor * st.srtt);
    return Math.max(minGraceNanos, Math.min(maxGraceNanos, g));
  }

  /** Whether {@code c} is quarantined: suspected, ACK overdue, still open. For tests and views. */
  public static boolean isQuarantined(Conn c) {
    State st = peek(c);
    return st != null && st.suspect && st.quarantined;
  }

  /** PINGs this policy sent on {@code c}. */
  public static long pingsSent(Conn c) {
    State st = peek(c);
    return st == null ? 0 : st.pingsSent;
  }

  @Override
  public Placement place(List<Conn> conns, int dialing, long now) {
    Conn onProbation = null;
    long verdictAt = Long.MAX_VALUE;
    for (Conn c : conns) {
      if (!c.isReady()) continue;
      State st = peek(c);
      boolean suspect = st != null && st.suspect;
      if (!suspect && c.status() == ConnStatus.ACTIVE && c.hasRoom(clientCap)) {
        if (st == null || !st.probation) return Placement.use(c);
        if (onProbation == null) onProbation = c;
      } else if (suspect && !st.quarantined && !st.closing && now < st.overdueAt) {
        verdictAt = Math.min(verdictAt, st.overdueAt);
      }
    }
    if (onProbation != null) return Placement.use(onProbation);
    if (dialing > 0) return new Placement.Wait(Long.MAX_VALUE);
    // A suspect whose verdict is due within the grace: wait for it rather than dial.
    if (verdictAt != Long.MAX_VALUE) return new Placement.Wait(verdictAt);
    return Placement.DIAL;
  }

  @Override
  public void onReady(Conn c, long now, Actions a) {
    state(c);
  }

  @Override
  public void onStreamTimedOut(Conn c, Stream s, long now, Actions a) {
    State st = state(c);
    if (st.closing || st.suspect) return;
    long halfLife = s.openedAt + (now - s.openedAt) / 2;
    if (c.lastFrameReadAt() >= halfLife) return; // the connection is talking: a slow handler
    st.suspect = true;
    st.suspectSince = now;
    String silent = c.lastFrameReadAt() == Conn.NEVER ? "nothing read yet" : "nothing read for " + fmt(now - c.lastFrameReadAt());
    if (st.pingSentAt != Conn.NEVER) {
      // A PING is already out (an earlier suspicion was lifted by a frame): judge by it.
      st.overdueAt = st.pingSentAt + graceNanos(c);
      st.quarantined = now >= st.overdueAt;
      a.setStatus(c, ConnStatus.SUSPECT, "request " + s.requestId + " timed out, " + silent
          + "; PING already outstanding for " + fmt(now - st.pingSentAt));
      return;
    }
    if (st.provenSinceAck || st.unprovenPings < unprovenPingBudget) {
      st.unprovenPings = st.provenSinceAck ? 0 : st.unprovenPings + 1;
      st.pingSentAt = now;
      st.pingsSent++;
      st.overdueAt = now + graceNanos(c);
      st.quarantined = false;
      a.setStatus(c, ConnStatus.SUSPECT, "request " + s.requestId + " timed out, " + silent
          + "; PING sent, verdict due in " + fmt(st.overdueAt - now));
      a.sendPing(c);
    } else {
      // Another PING could earn a gRPC strike: no verdict to wait for, so let the pool dial.
      st.overdueAt = now;
      st.quarantined = true;
      a.setStatus(c, ConnStatus.SUSPECT, "request " + s.requestId + " timed out, " + silent
          + "; PING withheld (no HEADERS/DATA since the last ACK): quarantined until a frame arrives");
    }
  }

  /** A deliberate cancel says nothing about the network. */
  @Override
  public void onStreamCancelled(Conn c, Stream s, long now, Actions a) {}

  @Override
  public void onStreamSucceeded(Conn c, Stream s, long now, Actions a) {
    State st = peek(c);
    if (st != null) st.probation = false;
  }

  @Override
  public void onFrameRead(Conn c, FrameType type, int streamId, long now, Actions a) {
    State st = peek(c);
    if (st == null) return;
    if (type == FrameType.HEADERS || type == FrameType.DATA) {
      st.provenSinceAck = true;
      st.unprovenPings = 0;
    }
    if (st.suspect && type != FrameType.PING && !st.closing) {
      release(c, st, "a " + type + " frame arrived", a);
    }
  }

  @Override
  public void onPingAck(Conn c, long payload, boolean ours, long now, Actions a) {
    State st = state(c);
    if (st.closing) return;
    String why = "PING ACK";
    if (st.pingSentAt != Conn.NEVER) {
      // Only this policy pings, so any ACK answers our PING; a foreign payload just is no sample.
      long rtt = now - st.pingSentAt;
      boolean late = now >= st.pingSentAt + graceNanos(c);
      if (ours && !late) st.srtt = st.srtt < 0 ? rtt : (7 * st.srtt + rtt) / 8;
      why = "PING ACK after " + fmt(rtt) + (late ? " (late: not an RTT sample)" : "");
      st.pingSentAt = Conn.NEVER;
      st.provenSinceAck = false;
    }
    if (st.suspect) release(c, st, why, a);
  }

  private static void release(Conn c, State st, String why, Actions a) {
    boolean rejoin = st.quarantined;
    st.suspect = false;
    st.quarantined = false;
    if (rejoin) st.probation = true;
    a.setStatus(c, ConnStatus.ACTIVE, why + (rejoin ? ": alive, rejoins on probation" : ": alive"));
  }

  @Override
  public long nextTimer(Conn c, long now) {
    State st = peek(c);
    long t = idleDeadline(c);
    if (st == null) return t;
    if (st.closing) return NO_TIMER;
    if (st.suspect && !st.quarantined) t = Math.min(t, st.overdueAt);
    if (st.pingSentAt != Conn.NEVER) t = Math.min(t, st.pingSentAt + quarantineNanos);
    return t;
  }

  @Override
  public void onTimer(Conn c, long now, Actions a) {
    State st = peek(c);
    if (st == null) {
      closeIfIdle(c, now, a);
      return;
    }
    if (st.closing) return;
    if (st.pingSentAt != Conn.NEVER && now - st.pingSentAt >= quarantineNanos) {
      st.closing = true;
      a.close(c, CloseReason.EVICTED, "PING unanswered for " + fmt(now - st.pingSentAt));
      return;
    }
    if (st.suspect && !st.quarantined && now >= st.overdueAt) {
      // Stop waiting: place() now dials a replacement; the connection stays open for a late ACK.
      st.quarantined = true;
      a.setStatus(c, ConnStatus.SUSPECT, "PING ACK overdue (" + fmt(now - st.pingSentAt)
          + "): quarantined, new requests dial a replacement; evicted if no ACK by "
          + fmt(quarantineNanos) + " after the PING");
      return;
    }
    if (closeIfIdle(c, now, a)) st.closing = true;
  }
}
