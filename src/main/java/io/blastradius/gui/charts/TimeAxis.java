package io.blastradius.gui.charts;

/**
 * Run-time axis ticks that follow the run's length: milliseconds for a run under two seconds
 * ("0 ms … 250 ms"), seconds with as many decimals as the step needs above that.
 */
public final class TimeAxis {
  private TimeAxis() {}

  /** Under this many seconds the axis counts milliseconds. */
  static final double MS_BELOW = 2.0;

  /** A 1, 2, 5 × 10^k step (any k, so fractions of a second too) at least {@code v}. */
  public static double step(double v) {
    if (!(v > 0)) return 1;
    double p = Math.pow(10, Math.floor(Math.log10(v)));
    double m = v / p;
    double n = m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10;
    return n * p;
  }

  /** The axis title for a run whose right edge is {@code endSeconds}. */
  public static String title(double endSeconds) {
    return endSeconds < MS_BELOW ? "run time (ms)" : "run time (s)";
  }

  /** A tick label at {@code seconds} on an axis ending at {@code endSeconds} with ticks {@code step} apart. */
  public static String label(double seconds, double step, double endSeconds) {
    if (endSeconds < MS_BELOW) return trim(seconds * 1000, step * 1000);
    return trim(seconds, step);
  }

  private static String trim(double v, double step) {
    int decimals = step >= 1 ? 0 : (int) Math.ceil(-Math.log10(step) - 1e-9);
    if (decimals == 0) return io.blastradius.gui.common.Fmt.count(Math.round(v));
    return String.format(java.util.Locale.ROOT, "%." + decimals + "f", v);
  }

  /** A run-time readout fine enough for the run: 12.345 s under a minute, else m:ss.s. */
  public static String readout(long nanos, long endNanos) {
    if (endNanos < 60_000_000_000L) {
      return String.format(java.util.Locale.ROOT, "%.3f s", Math.max(0, nanos) / 1e9);
    }
    return io.blastradius.gui.common.Fmt.clock(nanos);
  }
}
