package io.blastradius.core.sim;

import io.blastradius.core.event.Event;
import io.blastradius.core.event.EventSink;
import io.blastradius.core.event.Fault;
import io.blastradius.core.load.FaultPlan;
import io.blastradius.core.load.LoadConfig;
import io.blastradius.core.load.LoadDriver;
import io.blastradius.core.policy.Policies;
import io.blastradius.core.policy.PolicySpec;
import io.blastradius.core.pool.PoolCore;
import io.blastradius.core.proxy.FaultProxy.Direction;
import io.blastradius.core.proxy.FlowInfo;
import io.blastradius.core.server.ServerConfig;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Fleet scale: many clients, each with a pool per host, over hours of virtual time, while routes
 * black-hole at a given rate (a Poisson process over the fleet; each hit drops every packet of
 * one random live flow, for good). One policy for the whole fleet; the answer is failures per
 * hour. Everything runs on one {@link SimScheduler}; memory holds the pools and flows, never the
 * events (they are counted as they happen).
 */
public final class Fleet {
  private Fleet() {}

  /**
   * @param clients client processes, each with one pool per host
   * @param hosts servers each client talks to
   * @param workers sequential workers per pool
   * @param duration virtual time to run
   * @param blackholesPerHour rate at which some live flow in the fleet starts dropping everything
   * @param timeout each request's deadline
   * @param thinkTime pause between a worker's requests
   * @param seed drives which flows die and when
   */
  public record Config(
      int clients, int hosts, int workers, Duration duration, double blackholesPerHour, Duration timeout,
      Duration thinkTime, ServerConfig server, long seed) {
    public Config {
      Objects.requireNonNull(duration, "duration");
      Objects.requireNonNull(timeout, "timeout");
      Objects.requireNonNull(thinkTime, "thinkTime");
      Objects.requireNonNull(server, "server");
      if (clients < 1) throw new IllegalArgumentException("clients must be >= 1, not " + clients);
      if (hosts < 1) throw new IllegalArgumentException("hosts must be >= 1, not " + hosts);
      if ((long) clients * hosts > 1_000_000) throw new IllegalArgumentException("clients x hosts must be <= 1,000,000");
      if (workers < 1) throw new IllegalArgumentException("workers must be >= 1, not " + workers);
      if (duration.isNegative() || duration.isZero()) throw new IllegalArgumentException("duration must be > 0");
      if (!(blackholesPerHour >= 0)) throw new IllegalArgumentException("blackholes per hour must be >= 0, not " + blackholesPerHour);
      if (timeout.isNegative() || timeout.isZero()) throw new IllegalArgumentException("timeout must be > 0");
      if (thinkTime.isNegative()) throw new IllegalArgumentException("think time must be >= 0");
    }

    /** 20 clients x 5 hosts, one worker per pool, a request every 100 ms, 60 black holes an hour, for an hour. */
    public static Config defaults() {
      return new Config(20, 5, 1, Duration.ofHours(1), 60, Duration.ofMillis(100), Duration.ofMillis(100),
          ServerConfig.defaults(), 1);
    }
  }

  /** One policy's fleet run. {@code cpuNanos} is this thread's CPU time for the run. */
  public record Result(
      String policy, long requests, long failed, long blackholes, long pingsSent, long connectionsOpened,
      long goAways, long virtualNanos, long cpuNanos) {
    public double hours() {
      return virtualNanos / 3.6e12;
    }

    public double failuresPerHour() {
      return failed / hours();
    }

    public double pingsPerHour() {
      return pingsSent / hours();
    }

    /** Simulated requests per second of CPU: the engine's speed. */
    public double requestsPerCpuSecond() {
      return cpuNanos == 0 ? 0 : requests * 1e9 / cpuNanos;
    }
  }

  /** Counts what a fleet run is judged by, as events happen; keeps none of them. */
  private static final class Tally implements EventSink {
    long requests;
    long failed;
    long blackholes;
    long pings;
    long dials;
    long goAways;

    @Override
    public void accept(Event e) {
      if (e instanceof Event.RequestStarted) requests++;
      else if (e instanceof Event.RequestFinished f) {
        if (f.outcome().isFailure()) failed++;
      } else if (e instanceof Event.PingSent) pings++;
      else if (e instanceof Event.ConnectionDialed) dials++;
      else if (e instanceof Event.GoAwayReceived) goAways++;
      else if (e instanceof Event.FlowFaulted ff && ff.fault() == Fault.UNPLUG) blackholes++;
    }
  }

  public static Result run(Config config, PolicySpec policy) {
    Policies.create(policy); // a bad spec fails before anything is built
    ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
    long cpuStart = cpu.getCurrentThreadCpuTime();
    SimScheduler sched = new SimScheduler(SimRun.DEFAULT_TIMER_LATENESS_NANOS);
    Tally tally = new Tally();
    int pools = config.clients() * config.hosts();
    List<SimNetwork> nets = new ArrayList<>(pools);
    SplittableRandom seeds = new SplittableRandom(config.seed());
    for (int i = 0; i < pools; i++) {
      SimNetwork net = new SimNetwork(sched, config.server(), SimRun.DEFAULT_ONE_WAY_NANOS, tally);
      PoolCore pool = new PoolCore(sched, net, Policies.create(policy), tally);
      // As many requests as a load may ask for: the fleet's duration ends it long before.
      LoadConfig load = new LoadConfig(LoadConfig.MAX_REQUESTS, config.workers(), config.timeout(), 0, config.thinkTime(),
          seeds.nextLong());
      new LoadDriver(load, FaultPlan.none(), pool, net).start();
      nets.add(net);
    }
    long end = config.duration().toNanos();
    SplittableRandom faults = new SplittableRandom(config.seed() * 7919 + 17);
    if (config.blackholesPerHour() > 0) scheduleBlackhole(sched, nets, faults, config.blackholesPerHour(), end);
    while (sched.nextAt() <= end && sched.runNext()) {
      // virtual time runs on to the end of the fleet's hours
    }
    long cpuNanos = cpu.getCurrentThreadCpuTime() - cpuStart;
    return new Result(policy.toString(), tally.requests, tally.failed, tally.blackholes, tally.pings, tally.dials,
        tally.goAways, end, cpuNanos);
  }

  /** The next black hole after an exponential gap; it hits one random live flow of one random pool. */
  private static void scheduleBlackhole(SimScheduler sched, List<SimNetwork> nets, SplittableRandom rnd,
      double perHour, long end) {
    double meanNanos = 3.6e12 / perHour;
    long gap = (long) (-Math.log(1 - rnd.nextDouble()) * meanNanos);
    if (sched.nanoTime() + gap > end) return;
    sched.deliver(() -> {
      SimNetwork net = nets.get(rnd.nextInt(nets.size()));
      List<FlowInfo> live = net.flows().stream().filter(FlowInfo::isLive).toList();
      if (!live.isEmpty()) net.unplug(live.get(rnd.nextInt(live.size())).id(), Direction.BOTH, true);
      scheduleBlackhole(sched, nets, rnd, perHour, end);
    }, gap);
  }
}
