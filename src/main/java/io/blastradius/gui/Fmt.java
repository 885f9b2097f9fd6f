package io.blastradius.gui;

import java.util.Locale;

/** Number and time formats the window uses everywhere. */
public final class Fmt {
  private Fmt() {}

  /** 1,234,567 */
  public static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  /** 0.3 s, 12.3 s, 3 min 04 s: at most ten different texts a second. */
  public static String ago(long nanos) {
    if (nanos < 0) return "-";
    double s = nanos / 1e9;
    if (s < 60) return String.format(Locale.ROOT, "%.1f s", s);
    long whole = (long) s;
    return String.format(Locale.ROOT, "%d min %02d s", whole / 60, whole % 60);
  }

  /** Run time as m:ss.s */
  public static String clock(long nanos) {
    if (nanos < 0) nanos = 0;
    long tenths = nanos / 100_000_000L;
    return String.format(Locale.ROOT, "%d:%02d.%d", tenths / 600, (tenths / 10) % 60, tenths % 10);
  }

  public static String rate(double perSecond) {
    return String.format(Locale.ROOT, "%,.0f/s", perSecond);
  }

  public static String decimal(double d, int places) {
    if (Double.isNaN(d) || Double.isInfinite(d)) return "-";
    return String.format(Locale.ROOT, "%,." + places + "f", d);
  }

  /** "3 active · 12 held · 235 free / 250": the occupancy bar in words, so colour is not needed. */
  public static String occupancy(int active, int held, int max) {
    if (max <= 0) return active + " active · " + (held > 0 ? held + " held · " : "") + "limit unknown";
    int free = Math.max(0, max - active - held);
    return active + " active · " + held + " held · " + free + " free / " + max;
  }
}
