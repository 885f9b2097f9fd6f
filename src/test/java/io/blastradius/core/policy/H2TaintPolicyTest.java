package io.blastradius.core.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.blastradius.core.event.Event.ConnStatus;
import io.blastradius.core.load.FaultPlan;
import io.blastradius.core.load.LoadConfig;
import io.blastradius.core.server.DelayModel;
import io.blastradius.core.server.ServerConfig;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class H2TaintPolicyTest {
  static final long MS = PolicyHarness.MS;

  @Test
  void aTimeoutMarksDoNotReuseInFlightFinishThenItCloses() {
    PolicyHarness h = new PolicyHarness("h2-taint");
    Conn c = h.readyConn(250);
    Stream a = h.open(c);
    Stream b = h.open(c);
    h.advanceMillis(10);
    h.timeout(c, a);
    assertEquals(ConnStatus.DRAINING, c.status());
    assertTrue(h.acts("status").get(0).detail().contains("do-not-reuse"));
    assertInstanceOf(Placement.Dial.class, h.place(), "no new stream on a tainted connection");
    assertEquals(1, c.activeStreams(), "b continues");
    h.advanceMillis(1);
    h.succeed(c, b);
    assertTrue(c.isClosed(), "closed when its last stream ended");
    assertTrue(h.acts("close").get(0).detail().startsWith("DRAINED"));
  }

  @Test
  void aHealthyCancelAlsoTaintsSoTheNextRequestDials() {
    PolicyHarness h = new PolicyHarness("h2-taint");
    Conn c = h.readyConn(250);
    Stream s = h.open(c);
    h.advanceMillis(1);
    h.cancel(c, s);
    assertTrue(c.isClosed(), "an ordinary cancel retired a healthy connection");
    assertInstanceOf(Placement.Dial.class, h.place());
  }

  @Test
  void cancellationsChurnConnectionsOnAHealthyNetwork() {
    // 8 workers, 2 ms handlers, 30 % of requests cancelled by the caller.
    SimCase sim = SimCase.run("h2-taint", new LoadConfig(2000, 8, Duration.ofMillis(10), 0.3, Duration.ZERO, 1),
        ServerConfig.defaults().withDelay(DelayModel.fixed(Duration.ofMillis(2))), FaultPlan.none());
    assertEquals(0, sim.failed(), sim.toString());
    assertTrue(sim.dials() > 100, "churn: " + sim);
  }

  @Test
  void aDeadFlowCostsOneRequestInTheSeedLoop() {
    SimCase sim = SimCase.seedLoop("h2-taint", 5000, 1000);
    assertEquals(List.of(0L, 1L, 1L, 1L, 1L, 1L), sim.failuresPerUnplug(), sim.toString());
  }
}
