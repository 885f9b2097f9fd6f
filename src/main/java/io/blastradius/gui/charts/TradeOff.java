package io.blastradius.gui.charts;

import java.util.List;

/**
 * What a {@link TradeOffChart} draws, as plain values (no JavaFX): series of labelled points, cost
 * (x) against harm (y), and the Pareto front through some of them. Values are the figures
 * themselves; how a zero sits on a logarithmic axis is the chart's business.
 */
public final class TradeOff {
  private TradeOff() {}

  /** One point: where, and the text beside it (a parameter value, a policy's name). */
  public record Pt(double x, double y, String label) {}

  /**
   * One series: its name (legend), its points; {@code line} joins them in order (a swept
   * parameter), otherwise each is a lone marker (a policy at its defaults).
   */
  public record Series(String name, List<Pt> points, boolean line) {
    public Series {
      points = List.copyOf(points);
    }
  }

  /** A whole chart: title, axis names, the series, and the front (cheapest first). */
  public record Data(String title, String xLabel, String yLabel, List<Series> series, List<Pt> front) {
    public Data {
      series = List.copyOf(series);
      front = List.copyOf(front);
    }

    public static final Data EMPTY = new Data("", "", "", List.of(), List.of());
  }
}
