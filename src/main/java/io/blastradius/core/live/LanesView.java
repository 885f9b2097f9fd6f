package io.blastradius.core.live;

import io.blastradius.core.event.CloseReason;
import io.blastradius.core.event.Fault;
import java.util.List;

/**
 * The request timeline per connection as of a snapshot (see {@link RequestLanes}): immutable.
 * Bucket {@code i} covers run time [{@code i × widthNanos}, {@code (i+1) × widthNanos}).
 *
 * @param version changes whenever anything in it changed
 * @param span buckets in use (every array has this length)
 * @param ok requests that succeeded per bucket, over every lane (and the unplaced ones)
 * @param failed requests that failed (timeout or error) per bucket, over every lane
 * @param failedTotal the sum of {@code failed}
 * @param unplaced requests that never reached a connection, or null if there were none
 * @param marks flow faults, oldest first
 */
public record LanesView(
    long version, long widthNanos, int span, int[] ok, int[] failed, int[] cancelled,
    long failedTotal, List<Lane> lanes, Lane unplaced, List<Mark> marks) {

  public static final LanesView EMPTY = new RequestLanes().view();

  /** Run time covered, in nanoseconds. */
  public long endNanos() {
    return span * widthNanos;
  }

  /**
   * One lane: the connection on it now (or last), the ones it carried before, and its counts.
   *
   * @param connId the connection on the lane now, or the last one (0: none yet)
   * @param recent the last few connections it carried, oldest first
   * @param carried how many connections it carried in all
   * @param open its connection is open
   * @param closeReason why its last connection closed (null while open)
   */
  public record Lane(
      int index, long connId, List<Long> recent, long carried, boolean open, long openedAt,
      long closedAt, CloseReason closeReason, long failedTotal, int[] ok, int[] failed,
      int[] cancelled) {}

  /** A flow fault on lane {@code lane} ({@code -1}: the flow's connection was not known). */
  public record Mark(long t, int flowId, long connId, int lane, Fault fault) {}
}
