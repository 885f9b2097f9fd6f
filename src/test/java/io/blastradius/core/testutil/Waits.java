package io.blastradius.core.testutil;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Bounded polling for a condition another thread makes true: never a sleep to let time pass. */
public final class Waits {
  private Waits() {}

  public static void until(String what, Duration timeout, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) throw new AssertionError("timed out after " + timeout + " waiting for " + what);
      java.util.concurrent.locks.LockSupport.parkNanos(200_000); // poll interval, not a wait for time

    }
  }
}
