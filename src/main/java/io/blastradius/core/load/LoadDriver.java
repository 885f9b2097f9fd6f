package io.blastradius.core.load;

import io.blastradius.core.event.Fault;
import io.blastradius.core.pool.ClientPool;
import io.blastradius.core.pool.PoolCore;
import io.blastradius.core.pool.Scheduler;
import io.blastradius.core.proxy.FaultProxy;
import io.blastradius.core.proxy.FlowInfo;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Issues a {@link LoadConfig}'s requests through a pool and applies its {@link FaultPlan}.
 *
 * <p>Each worker is sequential: its next request leaves when the previous one ends (from the
 * pool's callback, so no thread blocks per request). Faults are applied before the request they
 * are scheduled for and are in effect before it is sent.
 *
 * <p>Threading: confined to the target's scheduler thread (the pool's own loop, or a real
 * client's). The same driver runs real mode (an event loop) and simulation mode (virtual time).
 */
public final class LoadDriver {
  private final LoadConfig load;
  private final FaultPlan plan;
  private final LoadTarget pool;
  private final Scheduler loop;
  private final FaultTarget proxy;
  private final CompletableFuture<Void> done = new CompletableFuture<>();
  private final SplittableRandom faultRandom;
  private final SplittableRandom cancelRandom;
  private static final int MAX_INLINE_DEPTH = 16;
  private long issued;
  private int depth;
  private int activeWorkers;
  private boolean stopped;

  /** A driver of the pool core on any transport (real sockets or the simulated network). */
  public LoadDriver(LoadConfig load, FaultPlan plan, PoolCore pool, FaultTarget proxy) {
    this(load, plan, targetOf(pool), proxy);
  }

  public LoadDriver(LoadConfig load, FaultPlan plan, ClientPool pool, FaultProxy proxy) {
    this(load, plan, targetOf(pool), FaultTarget.of(proxy));
  }

  /** A driver of any client through the real proxy: the pool under a policy or a real client library. */
  public LoadDriver(LoadConfig load, FaultPlan plan, LoadTarget pool, FaultProxy proxy) {
    this(load, plan, pool, FaultTarget.of(proxy));
  }

  /** A driver of any client on any network. */
  public LoadDriver(LoadConfig load, FaultPlan plan, LoadTarget pool, FaultTarget proxy) {
    this.load = load;
    this.plan = plan;
    this.pool = pool;
    this.loop = pool.scheduler();
    this.proxy = proxy;
    this.faultRandom = new SplittableRandom(load.seed());
    this.cancelRandom = new SplittableRandom(load.seed() * 7919 + 1);
  }

  /** Completes when every worker has finished (or the driver was stopped). */
  public CompletableFuture<Void> done() {
    return done;
  }

  public void start() {
    loop.execute(() -> {
      activeWorkers = load.workers();
      for (int w = 0; w < load.workers(); w++) {
        int worker = w;
        next(worker);
      }
    });
  }

  /** Issues no more requests; in-flight ones end on their own (or when the pool closes). */
  public void stop() {
    loop.execute(() -> {
      stopped = true;
    });
  }

  public long issued() {
    return issued;
  }

  private void next(int worker) {
    if (stopped || issued >= load.requests()) {
      if (--activeWorkers == 0) done.complete(null);
      return;
    }
    long i = issued++;
    CompletionStage<Void> faults = applyFaults(i);
    if (faults == null) {
      issue(worker, i);
    } else {
      faults.whenComplete((v, e) -> loop.execute(() -> issue(worker, i)));
    }
  }

  private void issue(int worker, long i) {
    long timeout = load.timeout().toNanos();
    long cancelAfter = -1;
    if (load.cancelFraction() > 0 && cancelRandom.nextDouble() < load.cancelFraction()) {
      // A user cancel arrives somewhere in the first quarter of the request's allowance.
      cancelAfter = (long) (cancelRandom.nextDouble() * timeout / 4);
    }
    pool.submit(i, worker, timeout, cancelAfter, (id, outcome) -> {
      long think = load.thinkTime().toNanos();
      if (think > 0) {
        loop.schedule(() -> next(worker), think);
      } else if (depth < MAX_INLINE_DEPTH) {
        // The next request leaves from the callback itself, as a real sequential caller's does:
        // no worker is ever "between requests" while other tasks run, so a fault applied before
        // request i meets every other worker in flight.
        depth++;
        try {
          next(worker);
        } finally {
          depth--;
        }
      } else {
        // Requests that end synchronously (rejected at once) would otherwise recurse unbounded.
        loop.execute(() -> next(worker));
      }
    });
  }

  /** Faults due before request {@code i}; null when there are none (the common case). */
  private CompletionStage<Void> applyFaults(long i) {
    CompletableFuture<Void> all = null;
    for (FaultPlan.Step step : plan.steps()) {
      if (!step.dueBefore(i)) continue;
      CompletableFuture<Void> f;
      if (step.picksBusiest()) f = unplugBusiest(proxy);
      else if (step instanceof FaultPlan.At at) f = onRandomLiveFlow(at.fault(), at.latency(), at.revertAfter());
      else f = onRandomLiveFlow(Fault.UNPLUG, null, null);
      if (f != null) all = all == null ? f : CompletableFuture.allOf(all, f);
    }
    return all;
  }

  /** Unplugs the live flow that has moved the most bytes; null when none is live. */
  public static CompletableFuture<Void> unplugBusiest(FaultProxy proxy) {
    return unplugBusiest(FaultTarget.of(proxy));
  }

  /** As {@link #unplugBusiest(FaultProxy)} on any network, real or simulated. */
  public static CompletableFuture<Void> unplugBusiest(FaultTarget proxy) {
    return proxy.flows().stream()
        .filter(FlowInfo::isLive)
        .max(Comparator.comparingLong((FlowInfo f) -> f.upBytes() + f.downBytes()).thenComparingInt(f -> -f.id()))
        .map(f -> proxy.unplug(f.id(), FaultProxy.Direction.BOTH, false).exceptionally(e -> null))
        .orElse(null);
  }

  private CompletableFuture<Void> onRandomLiveFlow(Fault fault, Duration latency, Duration revertAfter) {
    // Only the pool's own flows: an outside connection to the proxy is not part of the experiment.
    List<FlowInfo> live = proxy.flows().stream()
        .filter(FlowInfo::isLive)
        .filter(f -> pool.ownsClientPort(f.clientPort()))
        .sorted(Comparator.comparingInt(FlowInfo::id))
        .toList();
    if (live.isEmpty()) return null;
    int flow = live.get(faultRandom.nextInt(live.size())).id();
    CompletableFuture<Void> applied = switch (fault) {
      case UNPLUG -> proxy.unplug(flow, FaultProxy.Direction.BOTH, false);
      case UNPLUG_UPSTREAM -> proxy.unplug(flow, FaultProxy.Direction.UPSTREAM, false);
      case UNPLUG_DOWNSTREAM -> proxy.unplug(flow, FaultProxy.Direction.DOWNSTREAM, false);
      case LATENCY -> proxy.latency(flow, latency);
      case RESET -> proxy.reset(flow);
      case CLOSE -> proxy.closeFlow(flow);
      case REPLUG -> proxy.replug(flow);
    };
    if (revertAfter != null) {
      loop.schedule(() -> {
        if (fault == Fault.LATENCY) proxy.latency(flow, Duration.ZERO);
        else proxy.replug(flow);
      }, revertAfter.toNanos());
    }
    return applied.exceptionally(e -> null);
  }

  private static LoadTarget targetOf(ClientPool pool) {
    return new LoadTarget() {
      private final Scheduler scheduler = pool.core().scheduler();

      @Override
      public Scheduler scheduler() {
        return scheduler;
      }

      @Override
      public void submit(long requestId, int worker, long timeoutNanos, long cancelAfterNanos, Callback callback) {
        pool.submit(requestId, worker, timeoutNanos, cancelAfterNanos, callback::done);
      }

      @Override
      public boolean ownsClientPort(int port) {
        return pool.ownsClientPort(port);
      }
    };
  }

  /** The core as a target: every flow of its network is its own (a simulated network carries no one else's). */
  private static LoadTarget targetOf(PoolCore pool) {
    return new LoadTarget() {
      @Override
      public Scheduler scheduler() {
        return pool.scheduler();
      }

      @Override
      public void submit(long requestId, int worker, long timeoutNanos, long cancelAfterNanos, Callback callback) {
        pool.submit(requestId, worker, timeoutNanos, cancelAfterNanos, callback::done);
      }
    };
  }
}
