package io.blastradius.core.sim;

import io.blastradius.core.event.Event;
import io.blastradius.core.event.EventSink;
import io.blastradius.core.load.LoadDriver;
import io.blastradius.core.policy.Policies;
import io.blastradius.core.policy.PoolPolicy;
import io.blastradius.core.pool.PoolCore;
import io.blastradius.core.run.RunConfig;
import io.blastradius.core.run.WireOptions;

/**
 * One policy on a simulated network and server, in virtual time: the same {@link PoolCore},
 * policy, {@link LoadDriver} and fault plan as a real run, the same {@link Event}s (so scorecards,
 * recordings and the live model work unchanged), with {@link SimNetwork} where sockets were.
 *
 * <p>A pure function of the config (scenario, policy, seeds): no wall clock, no threads, no
 * randomness but the seeded draws the load and the server's delay model already make.
 */
public final class SimRun {
  /**
   * One-way time through client, proxy and server on a healthy flow. A real sequential request
   * through the proxy on loopback takes 30–40 µs here, about what two 20 µs legs give.
   */
  public static final long DEFAULT_ONE_WAY_NANOS = 20_000;

  /**
   * How late a real event-loop timer fires when the loop sleeps waiting for it. Measured: the
   * real seed's 2,500 sequential 10 ms timeouts under h2-naive take 25.8 s, 10.3 ms each.
   */
  public static final long DEFAULT_TIMER_LATENESS_NANOS = 300_000;

  /** Virtual time after which a run is stopped (no scenario comes near it). */
  public static final long MAX_VIRTUAL_NANOS = 1_000L * 3600 * 1_000_000_000L;

  private SimRun() {}

  /** What a simulated run did, beyond its events. */
  public record Result(long virtualNanos, long tasks, boolean stopped) {}

  /**
   * Refuses, in one line, what only real sockets can do: TLS, the wire decoder and packet capture
   * (there are no bytes in the simulation), and real client libraries (the simulation runs the
   * product's pool core under a policy). Called before anything runs.
   *
   * @throws IllegalArgumentException naming the option and the engine it needs
   */
  public static void checkSupported(RunConfig config) {
    WireOptions w = config.wire();
    if (w.tls() || w.intercept()) throw new IllegalArgumentException("--tls needs --engine real: the simulated network carries no bytes to encrypt");
    if (w.decode()) throw new IllegalArgumentException("--wire needs --engine real: the simulated network carries no bytes to decode");
    if (w.pcap() != null) throw new IllegalArgumentException("--pcap needs --engine real: the simulated network carries no packets to capture");
    if (config.policy().id().contains("/")) {
      throw new IllegalArgumentException("'" + config.policy() + "' is a real client library: it needs --engine real"
          + " (the simulation runs the product's pool under a policy)");
    }
  }

  /** Runs {@code config} to its end in virtual time; every event goes to {@code sink}. */
  public static Result run(RunConfig config, EventSink sink) {
    return run(config, sink, DEFAULT_ONE_WAY_NANOS, DEFAULT_TIMER_LATENESS_NANOS, MAX_VIRTUAL_NANOS);
  }

  public static Result run(RunConfig config, EventSink sink, long oneWayNanos, long timerLatenessNanos,
      long maxVirtualNanos) {
    checkSupported(config);
    PoolPolicy policy = Policies.create(config.policy());
    SimScheduler scheduler = new SimScheduler(timerLatenessNanos);
    sink.accept(new Event.RunStarted(0, config.policy().toString(), config.scenario()));
    SimNetwork net = new SimNetwork(scheduler, config.server(), oneWayNanos, sink);
    PoolCore pool = new PoolCore(scheduler, net, policy, sink);
    LoadDriver driver = new LoadDriver(config.load(), config.faults(), pool, net);
    driver.start();
    boolean stopped = false;
    while (!driver.done().isDone()) {
      if (scheduler.nextAt() > maxVirtualNanos) {
        stopped = true;
        break;
      }
      if (!scheduler.runNext()) break;
    }
    pool.close();
    net.shutdown();
    sink.accept(new Event.RunFinished(scheduler.nanoTime(), stopped));
    return new Result(scheduler.nanoTime(), scheduler.executed(), stopped);
  }
}
