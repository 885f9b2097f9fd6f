package io.blastradius.core.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.blastradius.core.event.Event;
import io.blastradius.core.event.EventLog;
import io.blastradius.core.event.Fault;
import io.blastradius.core.event.Outcome;
import io.blastradius.core.load.FaultPlan;
import io.blastradius.core.policy.Policies;
import io.blastradius.core.policy.PolicySpec;
import io.blastradius.core.run.Engine;
import io.blastradius.core.run.RunConfig;
import io.blastradius.core.run.Runs;
import io.blastradius.core.scenario.Scenario;
import io.blastradius.core.scenario.ScenarioFiles;
import io.blastradius.core.score.Scorecard;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The simulation tells the same story as the sockets: every preset under every policy, run on
 * the real engine (server, proxy, Netty pool on loopback) and on the simulated one, must agree on
 * failures within 2 per unplug or 5 % (whichever is looser; a shared two-core machine adds a
 * stray timeout now and then), and on connections opened and PINGs sent: equal, or within the
 * same tolerance where the count follows from timing the simulation only approximates (listed
 * and explained in {@link #timingDriven}); latency-spike's failures may also differ by one round
 * of its workers, for the reason given at {@link #differences}.
 *
 * <p>The simulation is given this machine's two timing constants, measured from the real run's
 * own events: the one-way time (half the median latency of a successful request, less the
 * handler's delay) and how late a
 * timer fires (the mean overshoot of timed-out requests past their deadline, or of plain
 * 10 ms timers on a Netty loop when nothing timed out). On a loaded
 * machine both grow, and a policy whose cost is "failures during a 1 s window" is judged by the
 * same clock on both sides. A real run that disagrees is run once more (a scheduler stall longer
 * than a timeout is a failure no model predicts), and the closer of the two is compared; a
 * machine that cannot keep a 10 ms deadline on a healthy network skips the comparison
 * ({@link #assumeMachineKeepsDeadlines}).
 *
 * <p>Bounded: the real side of the full seed takes about 26 s for h2-naive alone, so every preset
 * is scaled down here (fewer requests, the unplugs closer together; the latency spike lasts 600 ms
 * instead of 2 s; strict-pings issues 20 requests instead of 60). About 70 s in all.
 */
@Timeout(300)
class SimVsRealTest {

  @BeforeAll
  static void warmUp() throws Exception {
    Runs.warmUp(3000);
  }

  /** The preset, scaled down so the real engine runs it in seconds. */
  static Scenario scaled(String preset) {
    Scenario s = ScenarioFiles.preset(preset);
    return switch (preset) {
      // An unplug every 150 requests, not 100: h2-okhttp-degraded evicts 1 s (its pong timeout)
      // plus one request after an unplug, about 100 timeouts of 10 ms. With an unplug every 100
      // that eviction fell on the very request that applies the next unplug, and a timer
      // lateness of 100 us against 250 us decided whether that unplug hit the dying connection
      // or its replacement (the simulation gives 151 failures, 2 connections, 2 PINGs at the
      // first and 248, 3, 3 at the second). At 150 every policy's counts stay the same for any
      // lateness from 0 to 3 ms.
      case "seed" -> s.withLoad(s.load().withRequests(450)).withFaults(FaultPlan.unplugEvery(150));
      case "concurrent" -> s.withLoad(s.load().withRequests(1500))
          .withFaults(new FaultPlan(List.of(new FaultPlan.At(500, Fault.UNPLUG, null, null))));
      case "healthy-cancel" -> s.withLoad(s.load().withRequests(320));
      case "slow-handler" -> s.withLoad(s.load().withRequests(1000));
      case "latency-spike" -> s.withLoad(s.load().withRequests(1500)).withFaults(new FaultPlan(List.of(
          new FaultPlan.At(500, Fault.LATENCY, Duration.ofMillis(200), Duration.ofMillis(600)))));
      case "strict-pings" -> s.withLoad(s.load().withRequests(20));
      default -> throw new IllegalArgumentException(preset);
    };
  }

  /**
   * Presets whose connection and PING counts follow from timing the simulation reproduces only
   * approximately, and why. healthy-cancel's churn (h1, h2-taint) depends on when each cancel
   * lands against a 50 ms handler; latency-spike's spare connections on which requests overlap
   * the spike. PINGs on healthy-cancel and slow-handler: the policies send one per reset that
   * finds no PING outstanding (go-pending-resets, okhttp-degraded, adaptive). The real event loop
   * fires timeouts due close together in one batch, and a PING's round trip during such a burst
   * measured 0.2–0.7 ms here (against 40 µs simulated), so several real timeouts share one PING
   * where the simulation sends one each: the simulation sends at least as many, never more than
   * one per reset.
   */
  static boolean timingDriven(String preset) {
    return preset.equals("healthy-cancel") || preset.equals("slow-handler") || preset.equals("latency-spike");
  }

  /**
   * What sim and real disagree on, by the rules in the class comment, and one exception.
   *
   * <p>latency-spike's failures may differ by one round of its workers (4 requests). The workers
   * fail in lockstep, one round per timeout, while the spike lasts; the first round sent after
   * the latency is reverted still waits behind the previous round's bytes in the proxy's delay
   * queue (TCP keeps order; both engines model it), which are due 200 ms after they were sent,
   * that is about 2 x (timeout overshoot) before this round's own deadline. Whether its answers
   * beat the deadline depends only on that margin against how late the delayed bytes are
   * delivered and answered. The simulation delivers them on time (its answers come 2 one-way
   * times after the due time: that round succeeds for any overshoot above about 100 us). The
   * real proxy's delay is a Netty timer, and the bytes then cross the proxy's, the server's and
   * the client's event loops: measured on this machine at a load average of 3 (h2-naive), the
   * answers to the spike's rounds came 3.5 to 5.9 ms later than their 400 ms round trip, and the
   * round after the revert, whose timers fired 6.2 ms after the bytes ahead of it were due, got
   * the first answer 7.3 ms after that due time and lost all 4 requests (28 real failures
   * against 24 simulated, on every HTTP/2 policy that dials no spare connection; the simulation
   * gives 28 too when timers fire exactly on time). That is the user-space proxy's and scheduler's lateness, not
   * the network's or the pool's: a routed 200 ms path does not deliver late. The exception is
   * this one round only; any other difference still fails the test.
   */
  static List<String> differences(String preset, Scorecard real, Scorecard sim) {
    List<String> problems = new ArrayList<>();
    long unplugs = Math.max(real.unplugs(), sim.unplugs());
    long batch = preset.equals("latency-spike") ? scaled(preset).load().workers() : 0;
    if (!close(sim.failed(), real.failed(), unplugs) && Math.abs(sim.failed() - real.failed()) > batch) {
      problems.add("failed");
    }
    boolean loose = timingDriven(preset);
    if (loose ? !close(sim.connectionsOpened(), real.connectionsOpened(), unplugs)
        : sim.connectionsOpened() != real.connectionsOpened()) problems.add("connectionsOpened");
    long resets = sim.failed() + sim.cancelled();
    boolean pingsOk = loose
        ? sim.pingsSent() + Math.max(2, Math.round(real.pingsSent() * 0.05)) >= real.pingsSent() && sim.pingsSent() <= resets
        : sim.pingsSent() == real.pingsSent();
    if (!pingsOk) problems.add("pingsSent");
    if (!real.goAways().equals(sim.goAways())) problems.add("goAways " + real.goAways() + " vs " + sim.goAways());
    return problems;
  }

  /** The machine's timing constants, read from a real run's events. */
  record Calibration(long oneWayNanos, long latenessNanos) {
    static Calibration of(List<Event> events, RunConfig config) {
      long timeoutNanos = config.load().timeout().toNanos();
      long handler = config.server().delay().a().toNanos(); // the presets' delays are fixed
      List<Long> ok = new ArrayList<>();
      List<Long> over = new ArrayList<>();
      for (Event e : events) {
        if (e instanceof Event.RequestFinished f) {
          if (f.outcome() == Outcome.OK) ok.add(f.latencyNanos());
          else if (f.outcome() == Outcome.TIMEOUT && f.latencyNanos() >= timeoutNanos) {
            over.add(f.latencyNanos() - timeoutNanos);
          }
        }
      }
      Collections.sort(ok);
      Collections.sort(over);
      long oneWay = ok.isEmpty() ? SimRun.DEFAULT_ONE_WAY_NANOS : Math.max(0, ok.get(ok.size() / 2) - handler) / 2;
      // The mean, not the median: how many timeouts fit in a fixed window (a 1 s pong timeout,
      // a PING interval) is that window over the mean period, and a loaded machine's overshoots
      // have a long tail. Seed, h2-okhttp-degraded, three real runs at a load average of 6:
      // real 267, 256, 252 failures; simulated from the median (290-332 us) 273, 273, 271; from
      // the mean (372, 1075, 1606 us) 271, 259, 251.
      long late = over.isEmpty() ? measuredTimerLateness()
          : Math.round(over.stream().mapToLong(Long::longValue).average().orElseThrow());
      return new Calibration(oneWay, late);
    }
  }

  /**
   * How late a Netty event-loop timer fires on this machine right now, for runs that have no
   * timed-out request to read it from (PING timers decide strict-pings): the median overshoot of
   * 30 timers of 10 ms on an idle loop.
   */
  static long measuredTimerLateness() {
    io.netty.channel.EventLoopGroup group = new io.netty.channel.MultiThreadIoEventLoopGroup(1,
        io.netty.channel.nio.NioIoHandler.newFactory());
    try {
      List<Long> over = new ArrayList<>();
      for (int i = 0; i < 30; i++) {
        long start = System.nanoTime();
        group.next().schedule(() -> {}, 10, java.util.concurrent.TimeUnit.MILLISECONDS).syncUninterruptibly();
        over.add(Math.max(0, System.nanoTime() - start - 10_000_000L));
      }
      Collections.sort(over);
      return over.get(over.size() / 2);
    } finally {
      group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }
  }

  static boolean close(long sim, long real, long unplugs) {
    long slack = Math.max(2 * Math.max(1, unplugs), Math.round(real * 0.05));
    return Math.abs(sim - real) <= slack;
  }

  /**
   * The comparison means something only on a machine that keeps a 10 ms deadline: when other
   * processes starve the CPU, real requests time out on a healthy network and no model of the
   * pool predicts that. 500 healthy sequential requests must all succeed, or the preset is
   * skipped (reported as such, with the count), not passed.
   */
  static void assumeMachineKeepsDeadlines() throws Exception {
    RunConfig probe = RunConfig.of("deadline-probe", PolicySpec.of("h2-naive"),
        io.blastradius.core.load.LoadConfig.sequential(500, Duration.ofMillis(10)),
        io.blastradius.core.server.ServerConfig.defaults(), FaultPlan.none());
    long missed = Scorecard.of("probe", Runs.collect(probe, Engine.REAL, e -> {}, 60_000)).failed();
    Assumptions.assumeTrue(missed == 0,
        "this machine is too loaded to compare against real time: " + missed + " of 500 healthy requests missed a 10 ms deadline");
  }

  /**
   * The scaled seed is no knife edge: connections opened and PINGs sent by every policy stay the
   * same whatever the machine's timer lateness (0 to 3 ms), so the comparison above judges the
   * model, not which side of a boundary a timer fell on. Simulation only. With an unplug every
   * 100 requests this fails: h2-okhttp-degraded opens 2 connections at 100 us and 3 at 250 us.
   */
  @org.junit.jupiter.api.Test
  void scaledSeedCountsDoNotDependOnTimerLateness() {
    for (String id : Policies.ids()) {
      RunConfig config = scaled("seed").runConfig(PolicySpec.parse(id));
      String first = null;
      for (long late : new long[] {0, 100_000, 250_000, 500_000, 1_000_000, 2_000_000, 3_000_000}) {
        EventLog log = new EventLog();
        SimRun.run(config, log, SimRun.DEFAULT_ONE_WAY_NANOS, late, SimRun.MAX_VIRTUAL_NANOS);
        Scorecard sim = Scorecard.of(id, log.snapshot());
        String counts = sim.connectionsOpened() + " connections, " + sim.pingsSent() + " PINGs";
        if (first == null) first = counts;
        assertEquals(first, counts, id + " at a timer lateness of " + late / 1000 + " us");
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"seed", "concurrent", "healthy-cancel", "slow-handler", "latency-spike", "strict-pings"})
  void simAgreesWithRealOnEveryPolicy(String preset) throws Exception {
    assumeMachineKeepsDeadlines();
    Scenario s = scaled(preset);
    List<String> problems = new ArrayList<>();
    StringBuilder table = new StringBuilder(preset + ": policy  failed real/sim  conns real/sim  pings real/sim\n");
    for (String id : Policies.ids()) {
      RunConfig config = s.runConfig(PolicySpec.parse(id));
      List<String> diff = List.of();
      String row = "";
      for (int attempt = 1; attempt <= 2; attempt++) {
        List<Event> realEvents = Runs.collect(config, Engine.REAL, e -> {}, 120_000);
        Scorecard real = Scorecard.of(id, realEvents);
        Calibration cal = Calibration.of(realEvents, config);
        EventLog log = new EventLog();
        SimRun.run(config, log, cal.oneWayNanos, cal.latenessNanos, SimRun.MAX_VIRTUAL_NANOS);
        Scorecard sim = Scorecard.of(id, log.snapshot());
        assertEquals(real.requests(), sim.requests(), id + ": same requests");
        row = String.format("  %-40s %5d/%-5d %4d/%-4d %4d/%-4d  oneWay %d us, late %d us%s%n", config.policy(),
            real.failed(), sim.failed(), real.connectionsOpened(), sim.connectionsOpened(), real.pingsSent(),
            sim.pingsSent(), cal.oneWayNanos / 1000, cal.latenessNanos / 1000, attempt > 1 ? " (real run twice)" : "");
        diff = differences(preset, real, sim);
        if (diff.isEmpty()) break;
      }
      table.append(row);
      for (String d : diff) problems.add(id + " " + d);
    }
    System.out.print(table);
    assertTrue(problems.isEmpty(), "sim and real disagree: " + problems + "\n" + table);
  }
}
