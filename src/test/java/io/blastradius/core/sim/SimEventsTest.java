package io.blastradius.core.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.blastradius.core.event.Event;
import io.blastradius.core.event.EventLog;
import io.blastradius.core.live.ConnView;
import io.blastradius.core.live.LiveModel;
import io.blastradius.core.live.LiveSnapshot;
import io.blastradius.core.policy.PolicySpec;
import io.blastradius.core.proxy.FlowInfo.FlowState;
import io.blastradius.core.scenario.ScenarioFiles;
import io.blastradius.core.score.Scorecard;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A simulated run's events feed the same folds as a real run's: scorecard and the window's live model. */
class SimEventsTest {

  @Test
  void theLiveModelFoldsASimulatedRunLikeARealOne() {
    EventLog log = new EventLog();
    SimRun.run(ScenarioFiles.preset("seed").runConfig(PolicySpec.parse("h2-naive")), log);
    List<Event> events = log.snapshot();
    Scorecard card = Scorecard.of("h2-naive", events);
    long end = events.get(events.size() - 1).t();
    // Just after the unplug the one connection is joined to its flow and shows it unplugged.
    long unplugAt = events.stream().filter(Event.FlowFaulted.class::isInstance).findFirst().orElseThrow().t();
    LiveSnapshot during = LiveModel.replay(events, unplugAt + 1_000_000).snapshot(unplugAt + 1_000_000);
    ConnView conn = during.connections().get(0);
    assertEquals(1, conn.flowId(), "the pool's connection and the simulated flow meet on the client port");
    assertEquals(FlowState.UNPLUGGED, conn.flowState());
    LiveSnapshot last = LiveModel.replay(events, end).snapshot(end);
    assertEquals(card.failed(), last.totals().failed());
    assertEquals(card.requests(), last.totals().requests());
    assertEquals(card.unplugs(), last.totals().unplugs());
    assertEquals(2500, card.failed(), "the seed's cascade");
  }
}
