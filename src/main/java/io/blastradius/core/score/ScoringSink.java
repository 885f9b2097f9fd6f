package io.blastradius.core.score;

import io.blastradius.core.event.Event;
import io.blastradius.core.event.EventSink;

/**
 * A run's scorecard folded as its events happen, so nothing keeps the events: the sink the CLI's
 * {@code run} and {@code compare} and the window's Compare tab hand to a run. Its memory is that
 * of a {@link ScoreAccumulator}: what is in flight and a latency histogram, not the run's length.
 *
 * <p>Threading: {@link #accept} may be called from any thread (a run's server, proxy and pool
 * loops); events are folded one at a time under this object's monitor, in the order they arrive,
 * as an {@code EventLog} would have listed them. Uncontended in practice: one pool loop produces
 * almost every event. {@link #result} may be called at any time, from any thread.
 */
public final class ScoringSink implements EventSink {
  private final ScoreAccumulator acc = new ScoreAccumulator(); // Guarded by this.
  private long events; // Guarded by this.

  @Override
  public synchronized void accept(Event event) {
    if (event == null) return;
    acc.accept(event);
    events++;
  }

  /** The scorecard of the events so far, for {@code policy}. */
  public synchronized Scorecard result(String policy) {
    return acc.result(policy);
  }

  /** Events folded so far. */
  public synchronized long events() {
    return events;
  }
}
