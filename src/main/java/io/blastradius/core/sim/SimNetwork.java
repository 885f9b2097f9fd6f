package io.blastradius.core.sim;

import io.blastradius.core.event.Event;
import io.blastradius.core.event.EventSink;
import io.blastradius.core.load.FaultTarget;
import io.blastradius.core.pool.Link;
import io.blastradius.core.pool.Transport;
import io.blastradius.core.proxy.FaultProxy.Direction;
import io.blastradius.core.proxy.FlowInfo;
import io.blastradius.core.server.ServerConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The simulated network, fault proxy and server of one run: a {@link Transport} for the pool
 * (each dial a {@link SimFlow} with a {@link SimServerConn} at its far end) and a
 * {@link FaultTarget} for the load driver, with the real proxy's fault vocabulary (unplug
 * both/one direction, hold or drop, latency, reset, close) and the same events.
 *
 * <p>Deterministic: no randomness of its own, no wall clock; flow ids and client ports are
 * assigned in dial order. Single-threaded, on the {@link SimScheduler}'s thread.
 */
public final class SimNetwork implements Transport, FaultTarget {
  final SimScheduler scheduler;
  final ServerConfig server;
  final long oneWayNanos;
  private final EventSink sink;
  private final LinkedHashMap<Integer, SimFlow> open = new LinkedHashMap<>();
  private int nextFlowId = 1;

  /**
   * @param oneWayNanos how long a message takes from client to server or back through the
   *     proxy on a healthy flow (added latency comes on top)
   */
  public SimNetwork(SimScheduler scheduler, ServerConfig server, long oneWayNanos, EventSink sink) {
    if (oneWayNanos < 0) throw new IllegalArgumentException("oneWay must be >= 0, not " + oneWayNanos);
    this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    this.server = Objects.requireNonNull(server, "server");
    this.oneWayNanos = oneWayNanos;
    this.sink = Objects.requireNonNull(sink, "sink");
  }

  long now() {
    return scheduler.nanoTime();
  }

  void emit(Event e) {
    sink.accept(e);
  }

  @Override
  public Wire dial(Link link) {
    int id = nextFlowId++;
    SimFlow f = new SimFlow(id, 1024 + (id - 1) % 64_000, this, link, link.conn().protocol);
    open.put(id, f);
    scheduler.deliver(f::accept, oneWayNanos);
    return f;
  }

  void flowFinished(SimFlow f, String why) {
    open.remove(f.id);
    emit(new Event.FlowClosed(now(), f.id, why));
  }

  /** Flows not finished yet. */
  public int openFlows() {
    return open.size();
  }

  /** Closes every flow (FlowClosed "proxy shut down"), as the real proxy does when a run ends. */
  public void shutdown() {
    for (SimFlow f : new ArrayList<>(open.values())) f.shutdown();
  }

  // ---- FaultTarget ----

  @Override
  public List<FlowInfo> flows() {
    List<FlowInfo> all = new ArrayList<>(open.size());
    for (SimFlow f : open.values()) {
      if (f.server != null) all.add(f.snapshot());
    }
    return all;
  }

  @Override
  public CompletableFuture<Void> unplug(int flowId, Direction direction, boolean drop) {
    Objects.requireNonNull(direction, "direction");
    return onFlow(flowId, f -> f.unplug(direction, drop));
  }

  @Override
  public CompletableFuture<Void> replug(int flowId) {
    return onFlow(flowId, SimFlow::replug);
  }

  @Override
  public CompletableFuture<Void> latency(int flowId, Duration added) {
    if (added == null || added.isNegative()) {
      return CompletableFuture.failedFuture(new IllegalArgumentException("latency must be >= 0, not " + added));
    }
    return onFlow(flowId, f -> f.latency(added));
  }

  @Override
  public CompletableFuture<Void> reset(int flowId) {
    return onFlow(flowId, SimFlow::reset);
  }

  @Override
  public CompletableFuture<Void> closeFlow(int flowId) {
    return onFlow(flowId, SimFlow::closeFlow);
  }

  private CompletableFuture<Void> onFlow(int flowId, Consumer<SimFlow> action) {
    SimFlow f = open.get(flowId);
    if (f == null) {
      return CompletableFuture.failedFuture(flowId >= 1 && flowId < nextFlowId
          ? new IllegalStateException("flow " + flowId + " is closed")
          : new IllegalArgumentException("no flow " + flowId));
    }
    action.accept(f);
    return CompletableFuture.completedFuture(null);
  }
}
