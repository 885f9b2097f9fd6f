package io.blastradius.core.time;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** A clock that moves only when told to. Thread-safe. */
public final class FakeClock implements Clock {
  private final AtomicLong now;

  public FakeClock() {
    this(0);
  }

  public FakeClock(long startNanos) {
    this.now = new AtomicLong(startNanos);
  }

  @Override
  public long nanoTime() {
    return now.get();
  }

  public long advance(Duration d) {
    return now.addAndGet(d.toNanos());
  }

  public long advanceNanos(long nanos) {
    return now.addAndGet(nanos);
  }

  public long advanceMillis(long millis) {
    return now.addAndGet(millis * 1_000_000L);
  }

  public void set(long nanos) {
    now.set(nanos);
  }
}
