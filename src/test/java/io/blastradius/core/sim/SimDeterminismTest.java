package io.blastradius.core.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.blastradius.core.event.Event;
import io.blastradius.core.event.EventLog;
import io.blastradius.core.policy.Policies;
import io.blastradius.core.policy.PolicySpec;
import io.blastradius.core.run.RunConfig;
import io.blastradius.core.scenario.Scenario;
import io.blastradius.core.scenario.ScenarioFiles;
import io.blastradius.core.score.Scorecard;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** A simulated run is a pure function of (scenario, policy, seed). */
class SimDeterminismTest {

  static List<Event> run(RunConfig config) {
    EventLog log = new EventLog();
    SimRun.run(config, log);
    return log.snapshot();
  }

  @ParameterizedTest
  @ValueSource(strings = {"seed", "concurrent", "healthy-cancel", "slow-handler", "latency-spike", "strict-pings"})
  void sameSeedGivesTheIdenticalScorecardAndEventsTwice(String preset) {
    Scenario s = ScenarioFiles.preset(preset);
    for (String id : Policies.ids()) {
      RunConfig config = s.runConfig(PolicySpec.parse(id));
      List<Event> first = run(config);
      List<Event> second = run(config);
      assertEquals(Scorecard.of(id, first), Scorecard.of(id, second), preset + " " + id);
      assertEquals(first, second, preset + " " + id + ": the same events, at the same virtual instants");
    }
  }

  @Test
  void anotherSeedDrawsOtherCancels() {
    Scenario s = ScenarioFiles.preset("healthy-cancel");
    RunConfig one = s.runConfig(PolicySpec.parse("h2-taint"));
    RunConfig other = s.withLoad(new io.blastradius.core.load.LoadConfig(s.load().requests(), s.load().workers(),
        s.load().timeout(), s.load().cancelFraction(), s.load().thinkTime(), s.load().seed() + 1)).runConfig(PolicySpec.parse("h2-taint"));
    assertNotEquals(run(one), run(other), "the seed drives which requests are cancelled");
  }
}
