package io.blastradius.core.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.blastradius.core.policy.Policies;
import io.blastradius.core.scenario.Scenario;
import io.blastradius.core.scenario.ScenarioFiles;
import java.util.List;
import org.junit.jupiter.api.Test;

class SweepTest {

  @Test
  void rangesOfDurationsAndNumbers() {
    assertEquals(new Sweep.Param("idle", List.of("1s", "2s", "3s")), Sweep.Param.parse("idle=1s..3s:3"));
    assertEquals(List.of("1s", "1250ms", "1500ms", "1750ms", "2s"), Sweep.Param.parse("idle=1s..2s").values());
    assertEquals(List.of("1500ms", "2s"), Sweep.Param.parse("idle=1.5s..2s:2").values());
    assertEquals(List.of("10", "55", "100"), Sweep.Param.parse("max-streams=10..100:3").values());
    assertEquals(List.of("1", "2"), Sweep.Param.parse("n=1..2:4").values(), "whole numbers are not repeated");
  }

  @Test
  void badRangesAreErrorsNamingTheInput() {
    assertTrue(assertThrows(IllegalArgumentException.class, () -> Sweep.Param.parse("idle=1s")).getMessage()
        .contains("NAME=FROM..TO[:STEPS]"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> Sweep.Param.parse("idle=1s..3x")).getMessage()
        .contains("'3x' is not a duration"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> Sweep.Param.parse("idle=1s..3s:1")).getMessage()
        .contains("STEPS must be 2..100"));
    Scenario seed = ScenarioFiles.preset("seed");
    assertThrows(IllegalArgumentException.class,
        () -> Sweep.specs(seed, "h2-read-idle-ping", Sweep.Param.parse("bogus=1s..2s")), "an unknown parameter");
  }

  /** The trade-off a sweep exists to show: a shorter ReadIdleTimeout fails less and pings more. */
  @Test
  void aShorterReadIdleTimeoutFailsLessAndPingsMore() {
    Scenario seed = ScenarioFiles.preset("seed").withLoad(ScenarioFiles.preset("seed").load().withRequests(1500));
    List<Sweep.Point> points = Sweep.run(seed, "h2-read-idle-ping:timeout=1s", Sweep.Param.parse("idle=100ms..4s:3"));
    assertEquals(3, points.size());
    for (int i = 1; i < points.size(); i++) {
      assertTrue(points.get(i).failuresPerUnplug() > points.get(i - 1).failuresPerUnplug(), points.toString());
      assertTrue(points.get(i).pingsPerHour() < points.get(i - 1).pingsPerHour(), points.toString());
      assertTrue(points.get(i).timeToEvictMillis() > points.get(i - 1).timeToEvictMillis(), points.toString());
    }
    assertEquals("h2-read-idle-ping:timeout=1s:idle=100ms", points.get(0).policy());
  }

  @Test
  void baselinesCoverEveryPolicy() {
    Scenario seed = ScenarioFiles.preset("seed").withLoad(ScenarioFiles.preset("seed").load().withRequests(600));
    List<Sweep.Point> base = Sweep.baselines(seed);
    assertEquals(Policies.ids(), base.stream().map(Sweep.Point::policy).toList());
    Sweep.Point h1 = base.get(0);
    assertEquals(0.0, h1.pingsPerHour());
    assertTrue(h1.connectionsPerMinute() > 0);
  }

  @Test
  void sweepableParametersAreReadFromThePolicyNotFlags() {
    assertEquals(List.of("conn-idle", "idle", "timeout", "max-streams"), Sweep.parameters("h2-read-idle-ping"));
    assertEquals(List.of("idle"), Sweep.parameters("h1"), "no max-streams for HTTP/1");
    assertTrue(Sweep.parameters("h2-reactor-netty").stream().noneMatch(n -> n.equals("liveness")),
        "a yes/no flag is not swept: " + Sweep.parameters("h2-reactor-netty"));
    assertTrue(Sweep.allParameters().containsAll(List.of("idle", "period", "pong-timeout", "max-streams")),
        Sweep.allParameters().toString());
    assertEquals(List.of("h2-interval-ping"), Sweep.sweptPolicies("all", "period"));
    assertTrue(Sweep.sweptPolicies("all", "idle").contains("h1"));
    assertEquals("--param nothing: no policy takes it",
        assertThrows(IllegalArgumentException.class, () -> Sweep.sweptPolicies("all", "nothing")).getMessage());
  }

  /** The whole sweep: swept rows then baselines, one series per policy, progress, cancel. */
  @Test
  void aWholeSweepReportsProgressAndFoldsIntoOneSeriesPerPolicy() {
    Scenario seed = ScenarioFiles.preset("seed").withLoad(ScenarioFiles.preset("seed").load().withRequests(600));
    List<Integer> done = new java.util.ArrayList<>();
    int[] total = {0};
    Sweep.Result r = Sweep.sweep(seed, "h2-interval-ping", Sweep.Param.parse("period=1s..9s:3"), new Sweep.Monitor() {
      @Override public void started(int runs) { total[0] = runs; }
      @Override public void ran(int n, Sweep.Point p) { done.add(n); }
    });
    assertEquals(3 + Policies.ids().size(), total[0]);
    assertEquals(total[0], done.size());
    assertEquals(3, r.swept().size());
    assertEquals(Policies.ids().size(), r.baselines().size());
    assertEquals(Policies.ids(), List.copyOf(r.series().keySet()), "one series per policy");
    assertEquals(List.of("1s", "5s", "9s"), r.series().get("h2-interval-ping").stream().map(Sweep.Point::value).toList());
    assertEquals(1, r.series().get("h1").size());
    // The front: nothing on it is beaten on both axes by another point of the chart.
    List<Sweep.Point> front = r.front(Sweep.Cost.PINGS_PER_HOUR);
    assertTrue(!front.isEmpty());
    for (Sweep.Point p : front) {
      for (List<Sweep.Point> ps : r.series().values()) {
        for (Sweep.Point q : ps) {
          assertTrue(!(q.pingsPerHour() <= p.pingsPerHour() && q.failuresPerUnplug() < p.failuresPerUnplug()), p + " beaten by " + q);
        }
      }
    }
    assertTrue(front.stream().anyMatch(p -> Sweep.idOf(p).equals("h1")), "h1 pays no PING and ~1 failure per unplug: " + front);
    // Deterministic: the same input gives the same rows.
    Sweep.Result again = Sweep.sweep(seed, "h2-interval-ping", Sweep.Param.parse("period=1s..9s:3"), Sweep.Monitor.NONE);
    assertEquals(r.csv(), again.csv());
    // Cancel: stops before the next run.
    int[] ran = {0};
    assertThrows(java.util.concurrent.CancellationException.class, () -> Sweep.sweep(seed, "h2-interval-ping",
        Sweep.Param.parse("period=1s..9s:3"), new Sweep.Monitor() {
          @Override public void ran(int n, Sweep.Point p) { ran[0] = n; }
          @Override public boolean cancelled() { return ran[0] >= 2; }
        }));
    assertEquals(2, ran[0]);
  }

  @Test
  void sweepingAllRunsEveryPolicyThatTakesTheParameter() {
    Scenario seed = ScenarioFiles.preset("seed").withLoad(ScenarioFiles.preset("seed").load().withRequests(300));
    Sweep.Result r = Sweep.sweep(seed, "all", Sweep.Param.parse("pong-timeout=100ms..1s:2"), Sweep.Monitor.NONE);
    assertEquals(Sweep.sweptPolicies("all", "pong-timeout").size() * 2, r.swept().size());
    assertTrue(r.swept().stream().allMatch(p -> p.policy().contains("pong-timeout=")), r.swept().toString());
  }
}
