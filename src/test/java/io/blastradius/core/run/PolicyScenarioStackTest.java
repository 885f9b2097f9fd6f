package io.blastradius.core.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.blastradius.core.event.Event;
import io.blastradius.core.event.Fault;
import io.blastradius.core.load.FaultPlan;
import io.blastradius.core.load.LoadConfig;
import io.blastradius.core.policy.PolicySpec;
import io.blastradius.core.scenario.Scenario;
import io.blastradius.core.scenario.ScenarioFiles;
import io.blastradius.core.score.Scorecard;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The policies' documented shapes on the real stack (server, proxy, pool), on scaled-down presets.
 * Failures are counted on the dead connection itself, which is what a policy controls; a slow CI
 * machine's stray timeouts on live connections neither hide nor fake a result.
 */
@Timeout(180)
class PolicyScenarioStackTest {

  @BeforeAll
  static void warm() throws Exception {
    Runs.warmUp(2000);
  }

  static List<Event> run(Scenario s, String policy) throws Exception {
    return Runs.collect(s.runConfig(PolicySpec.parse(policy)));
  }

  /** For each unplug: the connection on that flow, and how many requests failed on it afterwards. */
  static List<Long> failuresOnDeadConnections(List<Event> events) {
    Map<Integer, Integer> portOfFlow = new HashMap<>();
    Map<Integer, Long> connOfPort = new HashMap<>();
    for (Event e : events) {
      if (e instanceof Event.FlowOpened f) portOfFlow.put(f.flowId(), f.clientPort());
      if (e instanceof Event.ConnectionReady r) connOfPort.put(r.localPort(), r.connId());
    }
    return events.stream()
        .filter(e -> e instanceof Event.FlowFaulted f && f.fault() == Fault.UNPLUG)
        .map(e -> {
          Event.FlowFaulted f = (Event.FlowFaulted) e;
          long conn = connOfPort.getOrDefault(portOfFlow.get(f.flowId()), -1L);
          return events.stream()
              .filter(x -> x instanceof Event.RequestFinished rf && rf.connId() == conn && rf.t() >= f.t() && rf.outcome().isFailure())
              .count();
        })
        .toList();
  }

  static Scenario seed(int requests, int every) {
    Scenario s = ScenarioFiles.preset("seed");
    return s.withLoad(LoadConfig.sequential(requests, s.load().timeout())).withFaults(FaultPlan.unplugEvery(every));
  }

  @Test
  void seedAdaptiveLosesAtMostOneRequestPerDeadConnection() throws Exception {
    List<Event> events = run(seed(600, 200), "h2-adaptive");
    List<Long> perUnplug = failuresOnDeadConnections(events);
    assertEquals(3, perUnplug.size(), "three unplugs, each on a live connection");
    for (long n : perUnplug) assertTrue(n <= 1, "h2-adaptive: failures on each dead connection " + perUnplug);
  }

  @Test
  void seedGoPendingResetsIsBoundedByMaxConcurrentStreams() throws Exception {
    Scenario s = seed(300, 200).withServer(ScenarioFiles.preset("seed").server().withMaxConcurrentStreams(20));
    List<Long> perUnplug = failuresOnDeadConnections(run(s, "h2-go-pending-resets"));
    assertEquals(1, perUnplug.size());
    assertTrue(perUnplug.get(0) >= 15 && perUnplug.get(0) <= 20,
        "a hung connection takes at most MAX_CONCURRENT_STREAMS (20) requests, then the pool dials: " + perUnplug);
  }

  @Test
  void seedNaiveGivesTheDeadConnectionEverything() throws Exception {
    List<Event> events = run(seed(300, 200), "h2-naive");
    List<Long> perUnplug = failuresOnDeadConnections(events);
    assertEquals(List.of(200L), perUnplug, "every request from the unplug (request 100) on dies on it");
  }

  @Test
  void concurrentAdaptiveDoesNotMagnify() throws Exception {
    Scenario s = ScenarioFiles.preset("concurrent");
    s = s.withLoad(new LoadConfig(1200, 16, s.load().timeout(), 0, Duration.ZERO, 1))
        .withFaults(new FaultPlan(List.of(new FaultPlan.At(600, Fault.UNPLUG, null, null))));
    List<Event> events = run(s, "h2-adaptive");
    Scorecard card = Scorecard.of(events);
    long dead = failuresOnDeadConnections(events).get(0);
    double inFlightAtUnplug = card.failed() / card.magnification(); // the scorecard's denominator
    assertTrue(dead <= 1.1 * inFlightAtUnplug + 1e-9,
        "dead-connection failures " + dead + " vs " + inFlightAtUnplug + " in flight at the unplug");
  }

  @Test
  void healthyCancelTaintChurnsAdaptiveDoesNot() throws Exception {
    Scenario s = ScenarioFiles.preset("healthy-cancel");
    s = s.withLoad(new LoadConfig(300, 8, s.load().timeout(), 0.3, Duration.ZERO, 1));
    assertEquals(1, Scorecard.of(run(s, "h2-adaptive")).connectionsOpened(), "cancels are not evidence of death");
    long taint = Scorecard.of(run(s, "h2-taint")).connectionsOpened();
    assertTrue(taint > 20, "h2-taint retires a connection on every cancel (golang/go#60818): " + taint);
  }

  @Test
  void strictPingsPunishKeepalivesNotAdaptive() throws Exception {
    Scenario s = ScenarioFiles.preset("strict-pings");
    s = s.withLoad(new LoadConfig(15, 1, s.load().timeout(), 0, s.load().thinkTime(), 1));
    assertTrue(Scorecard.of(run(s, "h2-adaptive")).goAways().isEmpty(), "h2-adaptive earns no GOAWAY");
    assertTrue(Scorecard.of(run(s, "h2-interval-ping")).goAways().getOrDefault("ENHANCE_YOUR_CALM", 0L) > 0,
        "30 ms interval pings on idle gaps earn GOAWAY(ENHANCE_YOUR_CALM)");
  }

  @Test
  void adaptiveEvictsNothingAliveUnderSlowHandlersOrALatencySpike() throws Exception {
    Scenario slow = ScenarioFiles.preset("slow-handler");
    slow = slow.withLoad(new LoadConfig(600, 4, slow.load().timeout(), 0, Duration.ZERO, 1));
    Scorecard a = Scorecard.of(run(slow, "h2-adaptive"));
    assertEquals(0, a.evictions(), "slow-handler: " + a);
    Scenario spike = ScenarioFiles.preset("latency-spike");
    spike = spike.withLoad(new LoadConfig(2000, 4, spike.load().timeout(), 0, Duration.ZERO, 1));
    Scorecard b = Scorecard.of(run(spike, "h2-adaptive"));
    assertEquals(0, b.evictions(), "latency-spike: " + b);
  }
}
