package io.blastradius.gui.common;

import java.util.Locale;

/** Number and time formats the window uses everywhere. */
public final class Fmt {
  private Fmt() {}

  /** 1,234,567 (by hand: String.format is too slow for a few hundred labels a second). */
  public static String count(long n) {
    if (n < 0) return "-" + count(-n);
    if (n < 1000) return Long.toString(n);
    String d = Long.toString(n);
    StringBuilder b = new StringBuilder(d.length() + d.length() / 3);
    int head = d.length() % 3;
    if (head > 0) b.append(d, 0, head);
    for (int i = head; i < d.length(); i += 3) {
      if (b.length() > 0) b.append(',');
      b.append(d, i, i + 3);
    }
    return b.toString();
  }

  /** One decimal, by hand: 12.3 */
  public static String tenths(long tenths) {
    return (tenths / 10) + "." + (tenths % 10);
  }

  /** 0.3 s, 12.3 s, 3 min 04 s: at most ten different texts a second. */
  public static String ago(long nanos) {
    if (nanos < 0) return "-";
    long tenths = nanos / 100_000_000L;
    if (tenths < 600) return tenths(tenths) + " s";
    long whole = tenths / 10;
    long sec = whole % 60;
    return (whole / 60) + " min " + (sec < 10 ? "0" : "") + sec + " s";
  }

  /** Run time as m:ss.s */
  public static String clock(long nanos) {
    if (nanos < 0) nanos = 0;
    long tenths = nanos / 100_000_000L;
    long sec = (tenths / 10) % 60;
    return (tenths / 600) + ":" + (sec < 10 ? "0" : "") + sec + "." + (tenths % 10);
  }

  public static String rate(double perSecond) {
    return count(Math.round(perSecond)) + "/s";
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
