package io.blastradius.gui.common;

import io.blastradius.core.event.EventSink;
import io.blastradius.core.run.Run;
import io.blastradius.core.run.RunConfig;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;

/**
 * Starts runs. Called off the FX thread (binding ports is I/O). The workbench gets one passed in,
 * so tests can script runs; {@link #real()} is the product's.
 */
@FunctionalInterface
public interface RunStarter {
  RunHandle start(RunConfig config, EventSink sink) throws IOException;

  /**
   * Runs on {@link Run}: a fresh server, fault proxy and pool on loopback. The first run of the
   * session (live or compared) first warms the JVM up as the CLI does ({@link WarmUp}).
   */
  static RunStarter real() {
    return (config, sink) -> {
      WarmUp.once();
      Run run = io.blastradius.core.clients.RealClients.isClient(config.policy())
          ? io.blastradius.core.clients.RealClients.start(config, sink) // a real client library
          : Run.start(config, sink);
      return new RunHandle() {
        @Override
        public long now() {
          return run.clock().nanoTime();
        }

        @Override
        public CompletableFuture<Void> unplug(int flowId) {
          return run.proxy().unplug(flowId);
        }

        @Override
        public CompletableFuture<Void> replug(int flowId) {
          return run.proxy().replug(flowId);
        }

        @Override
        public CompletableFuture<Void> reset(int flowId) {
          return run.proxy().reset(flowId);
        }

        @Override
        public CompletableFuture<Void> done() {
          return run.done();
        }

        @Override
        public void stop() {
          run.stop();
        }
      };
    };
  }
}
