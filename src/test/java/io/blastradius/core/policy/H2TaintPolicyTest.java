package io.blastradius.core.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.blastradius.core.event.Event.ConnStatus;
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
    PoolSim sim = new PoolSim("h2-taint");
    sim.handler = id -> 2 * MS;
    sim.cancels = id -> id % 10 < 3; // 30 % of requests cancelled by the caller
    sim.run(8, 2000);
    assertEquals(0, sim.failed, sim.toString());
    assertTrue(sim.dials > 100, "churn: " + sim);
  }

  @Test
  void aDeadFlowCostsOneRequestInTheSeedLoop() {
    PoolSim sim = new PoolSim("h2-taint");
    sim.unplugEvery = 1000;
    sim.run(1, 5000);
    assertEquals(1, sim.maxFailuresPerUnplug(), sim.toString());
  }
}
