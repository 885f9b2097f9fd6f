package io.blastradius.gui.common;

import java.util.concurrent.CompletableFuture;

/**
 * What the workbench needs from a started run: its clock, its flows' faults, its end. Production
 * wraps {@link io.blastradius.core.run.Run} ({@link RunStarter#real()}); tests substitute a
 * scripted one.
 *
 * <p>Threading: every method may be called from any thread and must not block (the fault methods
 * return futures completed by the proxy's event loop), except {@link #stop}, which may tear
 * sockets down and is called off the FX thread.
 */
public interface RunHandle {
  /** Run time in nanoseconds: the clock every event's {@code t} reads. */
  long now();

  CompletableFuture<Void> unplug(int flowId);

  CompletableFuture<Void> replug(int flowId);

  CompletableFuture<Void> reset(int flowId);

  /** Completes when the run has ended (completed or stopped). */
  CompletableFuture<Void> done();

  /** Stops the run; idempotent; may block briefly. */
  void stop();
}
