package io.blastradius.cli;

import io.blastradius.core.event.Event;
import io.blastradius.core.event.EventSink;

/** Notes whether a run was stopped as stalled, and why. Thread-safe. */
final class StallWatch implements EventSink {
  private volatile String why;

  @Override
  public void accept(Event e) {
    if (e instanceof Event.RunStalled s) why = s.why();
  }

  /** The watchdog's reason, or null when the run did not stall. */
  String why() {
    return why;
  }
}
