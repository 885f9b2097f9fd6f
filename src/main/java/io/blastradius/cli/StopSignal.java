package io.blastradius.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * How a long-running command (serve, proxy) learns it must stop: Ctrl+C or SIGTERM (through a JVM
 * shutdown hook) or {@link #stop()} (tests, the window). The hook waits, bounded, until the
 * command has closed everything, so a signal still ends with sockets closed and files finished.
 *
 * <p>Threading: any thread may call {@link #stop()}; the command's thread calls {@link #await()}
 * and, once it has cleaned up, {@link #close()}.
 */
final class StopSignal implements AutoCloseable {
  /** Longest a signal waits for the command to finish closing. */
  private static final long CLEANUP_SECONDS = 15;

  private final CountDownLatch stop = new CountDownLatch(1);
  private final CountDownLatch cleanedUp = new CountDownLatch(1);
  private Thread hook;

  /** Starts listening for Ctrl+C / SIGTERM. */
  void install() {
    hook = new Thread(() -> {
      stop.countDown();
      try {
        cleanedUp.await(CLEANUP_SECONDS, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "blastradius-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
  }

  void stop() {
    stop.countDown();
  }

  boolean stopRequested() {
    return stop.getCount() == 0;
  }

  void await() throws InterruptedException {
    stop.await();
  }

  /** The command has cleaned up: a pending signal may end the JVM; the hook is removed otherwise. */
  @Override
  public void close() {
    cleanedUp.countDown();
    if (hook == null) return;
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // The JVM is exiting because of a signal; the hook is running and now returns.
    }
  }
}
