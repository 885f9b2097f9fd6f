package io.blastradius.core.util;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as people type them: {@code 10ms}, {@code 1.5s}, {@code 250us}, {@code 2m}. */
public final class Durations {
  private static final Pattern FORM = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ns|us|µs|ms|s|m|h)");

  private Durations() {}

  /**
   * Parses a non-negative duration with a unit.
   *
   * @throws IllegalArgumentException naming the text and the accepted forms
   */
  public static Duration parse(String text) {
    if (text == null) throw new IllegalArgumentException("missing duration");
    Matcher m = FORM.matcher(text.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a duration: write a number and a unit, e.g. 10ms, 1.5s, 250us (units: ns, us, ms, s, m, h)");
    }
    double value = Double.parseDouble(m.group(1));
    double nanosPerUnit = switch (m.group(2)) {
      case "ns" -> 1;
      case "us", "µs" -> 1e3;
      case "ms" -> 1e6;
      case "s" -> 1e9;
      case "m" -> 60e9;
      default -> 3600e9;
    };
    double nanos = value * nanosPerUnit;
    if (nanos > Long.MAX_VALUE / 2) throw new IllegalArgumentException("'" + text + "' is too long a duration");
    return Duration.ofNanos(Math.round(nanos));
  }

  /** The shortest exact form: 10ms, 1.5s, 250us. */
  public static String format(Duration d) {
    long n = d.toNanos();
    if (n == 0) return "0ms";
    if (n % 3_600_000_000_000L == 0) return n / 3_600_000_000_000L + "h";
    if (n % 60_000_000_000L == 0) return n / 60_000_000_000L + "m";
    if (n % 1_000_000_000L == 0) return n / 1_000_000_000L + "s";
    if (n % 1_000_000L == 0) return n / 1_000_000L + "ms";
    if (n % 1_000L == 0) return n / 1_000L + "us";
    return n + "ns";
  }
}
