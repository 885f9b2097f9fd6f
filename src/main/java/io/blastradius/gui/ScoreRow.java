package io.blastradius.gui;

import java.util.Map;

/**
 * One policy's scorecard as the compare view shows it: the fields of
 * {@code io.blastradius.core.score.Scorecard}, copied so the view does not depend on how the
 * scorecard is built. {@code NaN} (doubles) or {@code -1} (longs) mean "not measured".
 */
public record ScoreRow(
    String policy,
    long requests,
    long ok,
    long failed,
    long cancelled,
    long unplugs,
    double failuresPerUnplug,
    double magnification,
    double timeToEvictMillis,
    long connectionsOpened,
    long pingsSent,
    Map<String, Long> goAways,
    long evictions,
    long falseEvictions,
    double p50Micros,
    double p99Micros,
    double maxMicros,
    double wallMillis) {

  public ScoreRow {
    goAways = goAways == null ? Map.of() : Map.copyOf(goAways);
  }

  public long goAwayTotal() {
    return goAways.values().stream().mapToLong(Long::longValue).sum();
  }
}
