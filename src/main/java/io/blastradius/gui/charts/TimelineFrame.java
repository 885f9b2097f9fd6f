package io.blastradius.gui.charts;

import io.blastradius.core.live.LanesView;

/**
 * What the live charts and the request timeline draw at one moment: the lanes folded so far and
 * the run time the x axis runs to. Immutable.
 *
 * @param endNanos run time of the right edge: now while running, the last event once finished,
 *     the scrubber's time in a replay
 * @param finished the run ended (the last bucket is complete)
 */
public record TimelineFrame(LanesView lanes, long endNanos, boolean finished) {
  public static final TimelineFrame EMPTY = new TimelineFrame(LanesView.EMPTY, 0, false);

  /** The right edge in seconds, at least one bucket. */
  public double endSeconds() {
    return Math.max(endNanos, lanes.widthNanos()) / 1e9;
  }
}
