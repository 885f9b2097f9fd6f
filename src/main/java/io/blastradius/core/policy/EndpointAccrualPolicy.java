package io.blastradius.core.policy;

import java.time.Duration;
import java.util.List;
import java.util.Random;

/**
 * {@code endpoint-accrual}: Finagle's {@code FailureAccrualFactory} with its default
 * {@code FailureAccrualPolicy.consecutiveFailures(5, Backoff.equalJittered(5.seconds,
 * 300.seconds))}; Linkerd2's failure accrual (7 consecutive failures, 1-60 s back-off) and Envoy's
 * outlier detection (5 consecutive local-origin failures, ejected 30 s × n) are the same idea.
 *
 * <p>Heuristic: the host, not the connection, is judged. After {@code failures} consecutive failed
 * requests the host is marked dead for a back-off; {@link #place} rejects every request at once
 * while it is dead (no network touched). When the back-off ends, exactly one probe request is let
 * through (Finagle's ProbeOpen; the first request whose stream opens is the probe, then
 * ProbeClosed while it runs and everything else is still rejected): if it succeeds the host is alive again and the streak starts from zero; if it fails
 * the host is dead again for the next, longer back-off. Back-offs are Finagle's equal-jittered
 * exponential: the first is exactly {@code backoff}, the n-th is drawn from
 * [h, 2h) with h = backoff × 2^(n-1), capped at {@code max-backoff}, from a fixed seed so runs
 * repeat.
 *
 * <p>Connections: this policy wraps {@code h2-naive}'s connection handling unchanged (first
 * connection with room, reset slots freed at once, idle close after {@code idle}). So a dead
 * connection to a healthy host is only covered indirectly: the streak ejects the host, requests
 * fail fast instead of waiting for their timeout, and the probe goes to the same dead connection
 * until the idle close (no streams for 90 s, which ejection makes likely) retires it.
 *
 * <p>Cost: every request during a back-off fails although the host may be fine (with one dead
 * flow out of many connections, the whole host is shut off); the first N failures are paid in
 * full; a probe that lands on the dead connection doubles the back-off.
 */
public final class EndpointAccrualPolicy extends H2PolicyBase {
  public static final String ID = "endpoint-accrual";
  public static final PolicyInfo INFO = new PolicyInfo(
      ID, Protocol.H2,
      "Finagle FailureAccrualFactory (5 consecutive failures, equal-jittered 5s-300s, one probe);"
          + " Linkerd2 (7, 1-60s), Envoy outlier detection (5, 30s x n)",
      "Host-level: after N consecutive failed requests the host is ejected for a jittered"
          + " back-off and every request is rejected at once; then one probe request decides."
          + " Connections are handled as h2-naive. Fails fast instead of timing out, but shuts off"
          + " a healthy host for one dead connection and still pays the first N failures."
          + " Parameters: failures (5), backoff (5s), max-backoff (300s), idle (90s).",
      EndpointAccrualPolicy::new);

  /** Finagle's states. */
  public enum HostState { ALIVE, DEAD, PROBE_OPEN, PROBE_CLOSED }

  private final int failuresToEject;
  private final long backoffNanos;
  private final long maxBackoffNanos;
  private final Random jitter = new Random(0x5EED);

  private HostState state = HostState.ALIVE;
  private int streak;
  /** Ejections since the host was last alive; indexes the back-off. */
  private int ejections;
  private long deadUntil;
  /** The probe's request id once its stream opened (-1 before), and its connection. */
  private long probeRequestId = -1;
  private Conn probeConn;
  /** Outcomes of rejected requests still to come (they carry no request id). */
  private int rejectedOutcomesDue;

  public EndpointAccrualPolicy(PolicySpec spec) {
    this(spec, spec.reader());
  }

  private EndpointAccrualPolicy(PolicySpec spec, PolicySpec.Params p) {
    super(ID, spec, p, Duration.ofSeconds(90));
    this.failuresToEject = p.integer("failures", 5, 1);
    this.backoffNanos = p.duration("backoff", Duration.ofSeconds(5)).toNanos();
    this.maxBackoffNanos = p.duration("max-backoff", Duration.ofSeconds(300)).toNanos();
    if (backoffNanos <= 0 || maxBackoffNanos < backoffNanos) {
      throw new IllegalArgumentException("policy " + ID + ": need 0 < backoff <= max-backoff");
    }
    p.checkAllUsed();
  }

  public HostState hostState() {
    return state;
  }

  /** When the current ejection ends (meaningful while DEAD). */
  public long deadUntil() {
    return deadUntil;
  }

  @Override
  public Placement place(List<Conn> conns, int dialing, long now) {
    switch (state) {
      case DEAD:
        if (now < deadUntil) {
          return reject("host ejected after " + failuresToEject + " consecutive failures; back-off ends in "
              + fmt(deadUntil - now));
        }
        state = HostState.PROBE_OPEN;
        rejectedOutcomesDue = 0; // every rejection so far has been reported
        return super.place(conns, dialing, now);
      case PROBE_CLOSED:
        return reject("host ejected: a probe request is deciding");
      default:
        // ALIVE, or PROBE_OPEN: requests pass until the first stream opens, which is the probe.
        // (Waiting for a dial is not yet a probe: whoever gets the new connection first is.)
        return super.place(conns, dialing, now);
    }
  }

  private Placement reject(String why) {
    rejectedOutcomesDue++;
    return new Placement.Reject(why);
  }

  @Override
  public void onStreamOpened(Conn c, Stream s, long now, Actions a) {
    if (state == HostState.PROBE_OPEN) {
      state = HostState.PROBE_CLOSED;
      probeRequestId = s.requestId;
      probeConn = c;
    }
  }

  @Override
  public void onStreamSucceeded(Conn c, Stream s, long now, Actions a) {
    if (isProbe(s)) revive();
  }

  @Override
  public void onStreamTimedOut(Conn c, Stream s, long now, Actions a) {
    if (isProbe(s)) eject(now);
  }

  @Override
  public void onStreamCancelled(Conn c, Stream s, long now, Actions a) {
    if (isProbe(s)) eject(now);
  }

  @Override
  public void onStreamFailed(Conn c, Stream s, long now, Actions a) {
    if (isProbe(s)) eject(now);
  }

  @Override
  public void onClosed(Conn c, long now) {
    if (state == HostState.PROBE_CLOSED && c == probeConn) eject(now); // the probe died with it
  }

  private boolean isProbe(Stream s) {
    return state == HostState.PROBE_CLOSED && s.requestId == probeRequestId;
  }

  @Override
  public void onRequestOutcome(boolean ok, long now) {
    if (state != HostState.ALIVE) {
      // Outcomes of rejected requests and of stragglers from before the ejection decide nothing;
      // a would-be probe that failed before reaching a stream (its dial failed) fails the probe.
      if (!ok && rejectedOutcomesDue > 0) {
        rejectedOutcomesDue--;
        return;
      }
      if (state == HostState.PROBE_OPEN && !ok) eject(now);
      return;
    }
    rejectedOutcomesDue = 0;
    if (ok) {
      streak = 0;
    } else if (++streak >= failuresToEject) {
      eject(now);
    }
  }

  private void revive() {
    state = HostState.ALIVE;
    streak = 0;
    ejections = 0;
    probeConn = null;
    probeRequestId = -1;
  }

  private void eject(long now) {
    state = HostState.DEAD;
    deadUntil = now + nextBackoff();
    ejections++;
    probeConn = null;
    probeRequestId = -1;
  }

  /**
   * Finagle's {@code Backoff.equalJittered(backoff, max-backoff)}: the first value is
   * {@code backoff}; the n-th is h + random[0, h) with h = backoff × 2^(n-1); once h or the sum
   * reaches {@code max-backoff} it stays there.
   */
  private long nextBackoff() {
    if (ejections == 0) return backoffNanos;
    long half = backoffNanos;
    for (int i = 1; i < ejections && half < maxBackoffNanos; i++) half = Math.min(maxBackoffNanos, half * 2);
    if (half >= maxBackoffNanos) return maxBackoffNanos;
    long d = half + (long) (jitter.nextDouble() * half);
    return Math.min(d, maxBackoffNanos);
  }
}
