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
}
