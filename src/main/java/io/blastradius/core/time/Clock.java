package io.blastradius.core.time;

/**
 * The one source of time for a run. Every event timestamp and every policy decision reads it, so
 * tests substitute {@link FakeClock} and never sleep.
 */
@FunctionalInterface
public interface Clock {
  /** Monotonic nanoseconds; only differences are meaningful. */
  long nanoTime();

  Clock SYSTEM = System::nanoTime;
}
