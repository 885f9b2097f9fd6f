package io.blastradius.gui.common;

import io.blastradius.core.event.EventSink;
import io.blastradius.core.run.RunConfig;
import io.blastradius.core.sim.SimRun;
import java.util.concurrent.CompletableFuture;

/**
 * Starts runs on the simulated engine ({@link SimRun}): the product's pool core and policy on a
 * simulated network and server in virtual time. A run is a pure function of its config, so it is
 * carried out to its end inside {@link #start} (called off the FX thread) and handed back done:
 * the seed scenario takes a fraction of a second. There are no sockets, so the fault methods of
 * the handle refuse, and {@link RunHandle#stop} has nothing left to stop.
 */
public final class SimRunStarter implements RunStarter {
  @Override
  public RunHandle start(RunConfig config, EventSink sink) {
    SimRun.checkSupported(config); // one clear line for a real client, TLS or the wire decoder
    long[] end = {0};
    SimRun.Result r = SimRun.run(config, e -> {
      end[0] = Math.max(end[0], e.t());
      sink.accept(e);
    });
    long last = Math.max(end[0], r.virtualNanos());
    CompletableFuture<Void> done = CompletableFuture.completedFuture(null);
    return new RunHandle() {
      @Override
      public long now() {
        return last;
      }

      @Override
      public CompletableFuture<Void> unplug(int flowId) {
        return refused();
      }

      @Override
      public CompletableFuture<Void> replug(int flowId) {
        return refused();
      }

      @Override
      public CompletableFuture<Void> reset(int flowId) {
        return refused();
      }

      @Override
      public CompletableFuture<Void> done() {
        return done;
      }

      @Override
      public void stop() {}
    };
  }

  private static CompletableFuture<Void> refused() {
    return CompletableFuture.failedFuture(new IllegalStateException(
        "a simulated run has already ended in virtual time: faults by hand need the real engine"));
  }
}
