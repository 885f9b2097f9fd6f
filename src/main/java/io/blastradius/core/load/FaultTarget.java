package io.blastradius.core.load;

import io.blastradius.core.proxy.FaultProxy;
import io.blastradius.core.proxy.FaultProxy.Direction;
import io.blastradius.core.proxy.FlowInfo;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * What the {@link LoadDriver} injects faults into: the flows under the pool. The real
 * {@link FaultProxy} in real mode, the simulated network in simulation mode; the same methods,
 * the same meaning (see FaultProxy).
 */
public interface FaultTarget {
  /** Snapshots of the flows, by id. */
  List<FlowInfo> flows();

  CompletableFuture<Void> unplug(int flowId, Direction direction, boolean drop);

  CompletableFuture<Void> replug(int flowId);

  CompletableFuture<Void> latency(int flowId, Duration added);

  CompletableFuture<Void> reset(int flowId);

  CompletableFuture<Void> closeFlow(int flowId);

  /** The real proxy as a target. */
  static FaultTarget of(FaultProxy proxy) {
    return new FaultTarget() {
      @Override public List<FlowInfo> flows() { return proxy.flows(); }
      @Override public CompletableFuture<Void> unplug(int flowId, Direction d, boolean drop) { return proxy.unplug(flowId, d, drop); }
      @Override public CompletableFuture<Void> replug(int flowId) { return proxy.replug(flowId); }
      @Override public CompletableFuture<Void> latency(int flowId, Duration added) { return proxy.latency(flowId, added); }
      @Override public CompletableFuture<Void> reset(int flowId) { return proxy.reset(flowId); }
      @Override public CompletableFuture<Void> closeFlow(int flowId) { return proxy.closeFlow(flowId); }
    };
  }
}
