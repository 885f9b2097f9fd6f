package io.blastradius.core.run;

import io.blastradius.core.event.EventSink;
import io.blastradius.core.proxy.FaultProxy;
import io.blastradius.core.time.Clock;
import java.util.concurrent.CompletableFuture;

/**
 * One policy on a fresh server, fault proxy and pool, driven by the load and fault plan of a
 * {@link RunConfig}. Both front ends (CLI and GUI) start runs through this class only.
 *
 * <p>Threading: {@link #start} returns at once with the load running on the run's event loop;
 * {@link #stop} and the proxy's fault methods may be called from any thread.
 */
public final class Run implements AutoCloseable {
  private Run() {}

  /**
   * Starts the stack on loopback and the load. Events go to {@code sink} from I/O threads.
   *
   * @throws java.io.IOException when a port cannot be bound (the message names the address)
   */
  public static Run start(RunConfig config, EventSink sink) throws java.io.IOException {
    throw new UnsupportedOperationException("not built yet");
  }

  public RunConfig config() {
    throw new UnsupportedOperationException();
  }

  /** The run's clock: zero when the run started, the same one every event's {@code t} reads. */
  public Clock clock() {
    throw new UnsupportedOperationException();
  }

  /** The fault proxy, for unplugging flows by hand. */
  public FaultProxy proxy() {
    throw new UnsupportedOperationException();
  }

  /** Completes when the last request has ended or the run was stopped, after RunFinished. */
  public CompletableFuture<Void> done() {
    throw new UnsupportedOperationException();
  }

  /** Stops issuing requests, fails what is in flight, and tears the stack down. Idempotent. */
  public void stop() {
    throw new UnsupportedOperationException();
  }

  @Override
  public void close() {
    stop();
  }
}
