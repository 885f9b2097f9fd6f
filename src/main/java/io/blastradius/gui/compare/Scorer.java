package io.blastradius.gui.compare;

import io.blastradius.core.event.Event;
import io.blastradius.core.score.Scorecard;
import java.util.List;

/** Turns one run's events into its scorecard. Pure; called off the FX thread. */
@FunctionalInterface
public interface Scorer {
  Scorecard score(String policy, List<Event> events);

  /** The product's scorecard, the same one the CLI prints. */
  static Scorer standard() {
    return Scorecard::of;
  }
}
