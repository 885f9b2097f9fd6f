package io.blastradius.core.server;

import java.time.Duration;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * The handler's think time per request: a base distribution, and optionally a fraction of
 * requests that stall (the application, not the network, is slow).
 *
 * @param kind FIXED (always {@code a}), UNIFORM (between {@code a} and {@code b}) or EXPONENTIAL
 *     (mean {@code a})
 * @param stallFraction share of requests, 0..1, that take {@code stall} instead
 * @param seed makes the draw repeatable
 */
public record DelayModel(Kind kind, Duration a, Duration b, double stallFraction, Duration stall, long seed) {

  public enum Kind { FIXED, UNIFORM, EXPONENTIAL }

  public DelayModel {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(a, "a");
    Objects.requireNonNull(b, "b");
    Objects.requireNonNull(stall, "stall");
    if (a.isNegative() || b.isNegative() || stall.isNegative()) throw new IllegalArgumentException("delays must be >= 0");
    if (kind == Kind.UNIFORM && b.compareTo(a) < 0) throw new IllegalArgumentException("uniform delay: max " + b + " < min " + a);
    if (!(stallFraction >= 0 && stallFraction <= 1)) throw new IllegalArgumentException("stallFraction must be in [0, 1], not " + stallFraction);
  }

  public static DelayModel none() {
    return fixed(Duration.ZERO);
  }

  public static DelayModel fixed(Duration d) {
    return new DelayModel(Kind.FIXED, d, d, 0, Duration.ZERO, 1);
  }

  public DelayModel withStalls(double fraction, Duration stall) {
    return new DelayModel(kind, a, b, fraction, stall, seed);
  }

  /** A sampler; not thread-safe, so each event loop or connection takes its own. */
  public Sampler sampler(long salt) {
    SplittableRandom rnd = new SplittableRandom(seed * 31 + salt);
    return () -> {
      if (stallFraction > 0 && rnd.nextDouble() < stallFraction) return stall.toNanos();
      return switch (kind) {
        case FIXED -> a.toNanos();
        case UNIFORM -> a.toNanos() + (b.equals(a) ? 0 : rnd.nextLong(b.toNanos() - a.toNanos() + 1));
        case EXPONENTIAL -> (long) (-Math.log(1 - rnd.nextDouble()) * a.toNanos());
      };
    };
  }

  @FunctionalInterface
  public interface Sampler {
    long nextNanos();
  }
}
