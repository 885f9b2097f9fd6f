package io.blastradius.core.pool;

/**
 * Time and deferred work for a {@link PoolCore}, the one seam between the pool's decisions and
 * the world that runs them (in the spirit of OkHttp's {@code TaskRunner.Backend} and Netty's
 * {@code Ticker}). Real mode reads the monotonic clock and schedules on a Netty event loop
 * ({@link NettyScheduler}); simulation mode advances virtual time by popping an event queue
 * ({@code core.sim.SimScheduler}).
 *
 * <p>Threading: every method is called on the scheduler's own thread (the pool's loop), except
 * {@link #execute}, which may be called from any thread in real mode.
 */
public interface Scheduler {

  /** Nanoseconds since the run started; every event timestamp and policy decision reads it. */
  long nanoTime();

  /** Runs {@code task} on the scheduler's thread, after what is running now. */
  void execute(Runnable task);

  /** Runs {@code task} on the scheduler's thread {@code delayNanos} from now (0 or less: soon). */
  Cancellable schedule(Runnable task, long delayNanos);

  /** Whether the caller runs on the scheduler's thread. */
  boolean inLoop();

  /** A scheduled task that may still be called off; cancelling a task that ran does nothing. */
  @FunctionalInterface
  interface Cancellable {
    void cancel();
  }
}
