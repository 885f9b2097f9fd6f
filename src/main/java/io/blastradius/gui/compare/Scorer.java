package io.blastradius.gui.compare;

import io.blastradius.core.score.ScoringSink;

/** Scores a run as its events stream: a fresh fold per run, asked for the scorecard at its end. */
@FunctionalInterface
public interface Scorer {
  ScoringSink fold();

  /** The product's scorecard, the same one the CLI prints. */
  static Scorer standard() {
    return ScoringSink::new;
  }
}
