package io.blastradius.core.policy;

import io.blastradius.core.event.CloseReason;
import io.blastradius.core.util.Durations;
import java.time.Duration;
import java.util.List;

/**
 * What every HTTP/2 policy in this package shares with {@link H2NaivePolicy}: first-with-room
 * placement under the {@code max-streams} client cap, the idle close (no streams for
 * {@code idle}), and the {@code retry} modifier. Subclasses add their trigger.
 *
 * <p>Threading: like every policy, confined to the pool's event loop.
 */
abstract class H2PolicyBase implements PoolPolicy {
  private final String id;
  /** The {@code max-streams} modifier ({@link Integer#MAX_VALUE} when absent). */
  protected final int clientCap;
  private final boolean retry;
  protected final long idleNanos;

  /** Reads {@code idle} (with the real client's default) from {@code p}; the caller checks leftovers. */
  protected H2PolicyBase(String id, PolicySpec spec, PolicySpec.Params p, Duration defaultIdle) {
    this(id, spec, p, "idle", defaultIdle);
  }

  /** As above, with the idle close read from {@code idleKey} (when {@code idle} means something else). */
  protected H2PolicyBase(String id, PolicySpec spec, PolicySpec.Params p, String idleKey, Duration defaultIdle) {
    this.id = id;
    this.clientCap = spec.maxStreams();
    this.retry = spec.retry();
    this.idleNanos = p.duration(idleKey, defaultIdle).toNanos();
    this.idleKey = idleKey;
  }

  /** The parameter that sets {@link #idleNanos}. */
  protected final String idleKey;

  @Override
  public final String id() {
    return id;
  }

  @Override
  public final Protocol protocol() {
    return Protocol.H2;
  }

  @Override
  public Placement place(List<Conn> conns, int dialing, long now) {
    return H2Placement.firstWithRoom(conns, dialing, clientCap, now);
  }

  @Override
  public final boolean retryOnEviction() {
    return retry;
  }

  @Override
  public long nextTimer(Conn c, long now) {
    return idleDeadline(c);
  }

  @Override
  public void onTimer(Conn c, long now, Actions a) {
    closeIfIdle(c, now, a);
  }

  /** When the idle close is due, or NO_TIMER while streams are open. */
  protected final long idleDeadline(Conn c) {
    return c.activeStreams() == 0 ? c.lastStreamEndedAt() + idleNanos : NO_TIMER;
  }

  /** Closes {@code c} with IDLE if it has had no stream for {@code idle}; returns whether it did. */
  protected final boolean closeIfIdle(Conn c, long now, Actions a) {
    if (c.activeStreams() == 0 && now - c.lastStreamEndedAt() >= idleNanos) {
      a.close(c, CloseReason.IDLE, "no streams for " + fmt(idleNanos));
      return true;
    }
    return false;
  }

  /** A duration for a status or close detail, to the microsecond. */
  static String fmt(long nanos) {
    return Durations.format(Duration.ofNanos(nanos - nanos % 1_000L));
  }
}
