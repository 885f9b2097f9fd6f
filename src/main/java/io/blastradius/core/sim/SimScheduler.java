package io.blastradius.core.sim;

import io.blastradius.core.pool.Scheduler;
import java.util.Arrays;

/**
 * Virtual time: a queue of tasks ordered by (due time, order of scheduling). {@link #runNext}
 * jumps the clock to the earliest task and runs it, so a ten-second timeout costs one queue
 * operation, and two tasks due at the same instant run in the order they were scheduled: a run
 * is a pure function of its inputs.
 *
 * <p>A binary heap over an array (no boxing, no per-entry node); cancelled tasks stay in it and
 * are skipped when they come up. Single-threaded: everything, the pool included, runs on the
 * thread that calls {@link #runNext}.
 *
 * <p>Timers ({@link #schedule} with a positive delay) fire {@code timerLatenessNanos} after
 * their deadline, as an event loop that sleeps in its selector wakes a little late; what the
 * network delivers ({@link #deliver}) arrives exactly on time.
 */
public final class SimScheduler implements Scheduler {
  private final long timerLatenessNanos;
  private Task[] heap = new Task[256];
  private int size;
  private long now;
  private long seq;
  private long executed;

  /** One scheduled task; cancelling marks it, the heap drops it when it comes up. */
  private static final class Task implements Cancellable {
    final long at;
    final long seq;
    Runnable run;

    Task(long at, long seq, Runnable run) {
      this.at = at;
      this.seq = seq;
      this.run = run;
    }

    @Override
    public void cancel() {
      run = null;
    }

    boolean before(Task o) {
      return at < o.at || (at == o.at && seq < o.seq);
    }
  }

  public SimScheduler() {
    this(0);
  }

  public SimScheduler(long timerLatenessNanos) {
    if (timerLatenessNanos < 0) throw new IllegalArgumentException("timer lateness must be >= 0");
    this.timerLatenessNanos = timerLatenessNanos;
  }

  @Override
  public long nanoTime() {
    return now;
  }

  @Override
  public void execute(Runnable task) {
    schedule(task, 0);
  }

  @Override
  public Cancellable schedule(Runnable task, long delayNanos) {
    return add(new Task(delayNanos > 0 ? now + delayNanos + timerLatenessNanos : now, seq++, task));
  }

  /** Runs {@code task} exactly {@code delayNanos} from now: a message arriving. */
  public Cancellable deliver(Runnable task, long delayNanos) {
    return add(new Task(delayNanos > 0 ? now + delayNanos : now, seq++, task));
  }

  private Task add(Task t) {
    if (size == heap.length) heap = Arrays.copyOf(heap, size * 2);
    int i = size++;
    while (i > 0) {
      int parent = (i - 1) >>> 1;
      Task p = heap[parent];
      if (!t.before(p)) break;
      heap[i] = p;
      i = parent;
    }
    heap[i] = t;
    return t;
  }

  @Override
  public boolean inLoop() {
    return true;
  }

  /** Runs the earliest task that was not cancelled; false when none is left. */
  public boolean runNext() {
    while (size > 0) {
      Task t = pop();
      Runnable r = t.run;
      if (r == null) continue;
      t.run = null;
      if (t.at > now) now = t.at;
      executed++;
      r.run();
      return true;
    }
    return false;
  }

  /** Runs every task due up to {@code t}, then moves the clock to {@code t} (if it is later). */
  public void advanceTo(long t) {
    while (nextAt() <= t && runNext()) {
      // runNext moved the clock to each task's time
    }
    if (t > now) now = t;
  }

  /** The due time of the earliest task (cancelled ones included), or Long.MAX_VALUE. */
  public long nextAt() {
    return size == 0 ? Long.MAX_VALUE : heap[0].at;
  }

  /** Tasks run so far. */
  public long executed() {
    return executed;
  }

  private Task pop() {
    Task top = heap[0];
    Task last = heap[--size];
    heap[size] = null;
    if (size > 0) {
      int i = 0;
      int half = size >>> 1;
      while (i < half) {
        int child = 2 * i + 1;
        Task c = heap[child];
        int right = child + 1;
        if (right < size && heap[right].before(c)) {
          child = right;
          c = heap[child];
        }
        if (!c.before(last)) break;
        heap[i] = c;
        i = child;
      }
      heap[i] = last;
    }
    return top;
  }
}
