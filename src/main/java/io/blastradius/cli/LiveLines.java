package io.blastradius.cli;

import java.io.PrintWriter;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;

/**
 * Lines printed off the I/O threads: producers (event sinks on event loops) only queue a line and
 * return; one daemon thread writes them, in order, and flushes. {@link #close} prints what is
 * left.
 *
 * <p>Threading: {@link #println} from any thread, never blocks; {@link #close} from one thread.
 */
final class LiveLines implements AutoCloseable {
  private static final long IDLE_NANOS = 20_000_000;

  private record Line(PrintWriter to, String text) {}

  private final ConcurrentLinkedQueue<Line> queue = new ConcurrentLinkedQueue<>();
  private final Thread thread;
  private volatile boolean closing;

  LiveLines() {
    thread = new Thread(this::run, "blastradius-lines");
    thread.setDaemon(true);
    thread.start();
  }

  void println(PrintWriter to, String text) {
    queue.add(new Line(to, text));
  }

  private void run() {
    while (true) {
      boolean last = closing;
      drain();
      if (last) return;
      LockSupport.parkNanos(this, IDLE_NANOS);
    }
  }

  private void drain() {
    Line l;
    PrintWriter flushed = null;
    while ((l = queue.poll()) != null) {
      l.to.println(l.text);
      if (flushed != null && flushed != l.to) flushed.flush();
      flushed = l.to;
    }
    if (flushed != null) flushed.flush();
  }

  @Override
  public void close() {
    closing = true;
    LockSupport.unpark(thread);
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    drain();
  }
}
