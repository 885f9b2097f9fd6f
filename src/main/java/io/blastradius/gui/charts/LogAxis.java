package io.blastradius.gui.charts;

import java.util.List;

/**
 * A logarithmic axis over whole decades, for the {@link TradeOffChart}; {@code zero}: some value
 * is zero, and is drawn at {@code lo}, one decade below the smallest other value.
 */
record LogAxis(double lo, double hi, boolean zero) {
  static LogAxis of(List<Double> values) {
    double minPos = Double.POSITIVE_INFINITY, max = 0;
    boolean zero = false;
    for (double v : values) {
      if (v > 0) minPos = Math.min(minPos, v);
      else zero = true;
      max = Math.max(max, v);
    }
    if (minPos == Double.POSITIVE_INFINITY) return new LogAxis(0.1, 10, zero);
    double lo = Math.pow(10, Math.floor(Math.log10(minPos) + 1e-9));
    double hi = Math.pow(10, Math.ceil(Math.log10(max) - 1e-9));
    if (hi <= lo) hi = lo * 10;
    if (zero) lo /= 10;
    return new LogAxis(lo, hi, zero);
  }

  /** 0 at the axis' start, 1 at its end. */
  double frac(double v) {
    double x = v <= 0 ? lo : v;
    return (Math.log10(x) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo));
  }

  int decades() {
    return (int) Math.round(Math.log10(hi / lo));
  }

  String label(int k) {
    if (k == 0 && zero) return "0";
    return number(lo * Math.pow(10, k));
  }

  /** 0.01, 0.1, 1, 10, 100, 1k, 10k, 100k, 1M. */
  static String number(double v) {
    if (v >= 1e6) return trim(v / 1e6) + "M";
    if (v >= 1e3) return trim(v / 1e3) + "k";
    return trim(v);
  }

  private static String trim(double v) {
    if (Math.abs(v - Math.rint(v)) < 1e-9) return Long.toString(Math.round(v));
    return java.math.BigDecimal.valueOf(v).round(new java.math.MathContext(3)).stripTrailingZeros().toPlainString();
  }
}
