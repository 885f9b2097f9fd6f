package io.blastradius.core.load;

import io.blastradius.core.event.Outcome;
import io.blastradius.core.pool.Scheduler;

/**
 * What a {@link LoadDriver} sends requests to: the product's own {@link
 * io.blastradius.core.pool.ClientPool} under a policy, or a real client library.
 *
 * <p>Threading: {@link #submit} is called on {@link #scheduler()}'s thread; the callback must run
 * on it too, so the driver stays confined to that one thread whatever thread the client answers
 * on. In real mode that thread is an event loop; in simulation mode, virtual time.
 */
public interface LoadTarget {

  /** Told how each request ended; runs on {@link #scheduler()}'s thread. */
  @FunctionalInterface
  interface Callback {
    void done(long requestId, Outcome outcome);
  }

  /** The thread the driver lives on, and its timers. */
  Scheduler scheduler();

  /**
   * Issues request {@code requestId}: it times out after {@code timeoutNanos}; when {@code
   * cancelAfterNanos >= 0} the caller cancels it at that point instead (if sooner). Emits {@code
   * RequestStarted} and, when it ends, {@code RequestFinished}, then calls {@code callback}.
   */
  void submit(long requestId, int worker, long timeoutNanos, long cancelAfterNanos, Callback callback);

  /**
   * True when {@code port} is the local port of one of this client's sockets: how the fault
   * schedule and the proxy tell the client's own flows from outside connections. Any thread. A
   * client whose sockets cannot be told apart owns every flow.
   */
  default boolean ownsClientPort(int port) {
    return true;
  }
}
