package io.blastradius.core.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import io.blastradius.core.event.Event;
import io.blastradius.core.event.Fault;
import io.blastradius.core.load.FaultPlan;
import io.blastradius.core.load.LoadConfig;
import io.blastradius.core.server.ServerConfig;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** h2-read-idle-ping and h2-interval-ping. */
class H2PingPoliciesTest {
  static final long MS = PolicyHarness.MS;
  static final long S = 1000 * MS;

  @Test
  void readIdlePingsAfterThirtySecondsOfSilenceAndClosesFifteenSecondsLater() {
    PolicyHarness h = new PolicyHarness("h2-read-idle-ping");
    Conn c = h.readyConn(250); // SETTINGS read at t = 0
    Stream s = h.open(c);
    h.advanceTo(30 * S - 1);
    assertTrue(h.acts("ping").isEmpty());
    h.advanceTo(30 * S);
    assertEquals(List.of(30 * S), h.acts("ping").stream().map(PolicyHarness.Act::t).toList());
    h.advanceTo(45 * S - 1);
    assertFalse(c.isClosed());
    h.advanceTo(45 * S);
    assertTrue(c.isClosed());
    assertTrue(h.acts("close").get(0).detail().startsWith("EVICTED"));
    assertEquals(1, c.requestsFailed(), "its stream failed with it");
    assertFalse(c.streams().containsValue(s));
  }

  @Test
  void readIdleIsReArmedByEveryFrameAndAnAckKeepsTheConnection() {
    PolicyHarness h = new PolicyHarness("h2-read-idle-ping:idle=1s:timeout=500ms");
    Conn c = h.readyConn(250);
    for (int i = 0; i < 10; i++) {
      h.advanceMillis(900);
      h.frame(c, FrameType.DATA, 1);
    }
    assertTrue(h.acts("ping").isEmpty(), "a connection that reads never pings");
    h.advanceMillis(1000); // t = 10 s
    assertEquals(1, h.acts("ping").size());
    h.advanceMillis(400);
    h.ack(c);
    h.advanceMillis(999);
    assertEquals(1, h.acts("ping").size());
    h.advanceMillis(1);
    assertEquals(2, h.acts("ping").size(), "next ping one idle period after the ACK was read");
    assertFalse(c.isClosed());
  }

  @Test
  void envoyVariantTakesAnyFrameAsTheAnswer() {
    PolicyHarness go = new PolicyHarness("h2-read-idle-ping:idle=1s:timeout=1s");
    PolicyHarness envoy = new PolicyHarness("h2-read-idle-ping:idle=1s:timeout=1s:any-frame=true");
    for (PolicyHarness h : List.of(go, envoy)) {
      Conn c = h.readyConn(250);
      h.advanceTo(1 * S); // ping
      h.advanceMillis(500);
      h.frame(c, FrameType.DATA, 1); // a late response, but no ACK
      h.advanceTo(2 * S);
    }
    assertTrue(go.conns.isEmpty(), "Go needs the ACK itself");
    assertEquals(1, envoy.conns.size(), "Envoy: a frame re-armed the timeout");
    assertEquals(1, envoy.acts("ping").size());
  }

  @Test
  void readIdleSeedLoopLosesEverythingUntilTheVerdict() {
    SimCase sim = SimCase.seedLoop("h2-read-idle-ping:idle=1s:timeout=1s", 1500, 1000);
    // The dead flow is found 1 s + 1 s after its last frame: ~200 requests of 10 ms.
    assertTrue(sim.failed() > 150 && sim.failed() < 250, sim.toString());
    assertEquals(1, sim.evictions());
  }

  @Test
  void intervalPingsEveryPeriodUnconditionally() {
    PolicyHarness h = new PolicyHarness("h2-interval-ping");
    Conn c = h.readyConn(250);
    for (int i = 1; i <= 3; i++) {
      h.advanceTo(i * 5 * S);
      h.frame(c, FrameType.DATA, 1); // traffic does not matter
      h.advanceMillis(1);
      h.ack(c);
    }
    assertEquals(List.of(5 * S, 10 * S, 15 * S), h.acts("ping").stream().map(PolicyHarness.Act::t).toList());
    assertFalse(c.isClosed());
  }

  @Test
  void intervalClosesWhenThePreviousPingIsStillUnanswered() {
    PolicyHarness h = new PolicyHarness("h2-interval-ping");
    Conn c = h.readyConn(250);
    h.advanceTo(5 * S);
    h.ack(c);
    h.advanceTo(10 * S); // second ping, never answered
    Stream s = h.open(c);
    h.advanceTo(15 * S - 1);
    assertFalse(c.isClosed());
    h.advanceTo(15 * S);
    assertTrue(c.isClosed());
    assertTrue(h.acts("close").get(0).detail().startsWith("EVICTED"));
    assertEquals(2, h.acts("ping").size(), "no third ping: the connection failed instead");
    assertFalse(c.streams().containsValue(s));
    assertEquals(1, c.requestsFailed());
  }

  @Test
  void intervalWithATimeoutClosesOnceAPingIsUnansweredThatLong() {
    PolicyHarness h = new PolicyHarness("h2-interval-ping:period=10s:timeout=1s");
    Conn c = h.readyConn(250);
    h.advanceTo(10 * S);
    h.advanceMillis(5);
    h.ack(c); // answered in time: nothing happens at 11 s
    h.advanceTo(11 * S + 1);
    assertFalse(c.isClosed());
    h.advanceTo(20 * S); // the second, never answered
    h.advanceTo(21 * S - 1);
    assertFalse(c.isClosed());
    h.advanceTo(21 * S);
    assertTrue(c.isClosed(), "1 s after the unanswered PING, not at the next period");
    assertTrue(h.acts("close").get(0).detail().contains("PING unanswered for 1"), h.acts("close").toString());
    assertEquals(2, h.acts("ping").size());
  }

  @Test
  void intervalsTimeoutIsAtMostItsPeriod() {
    assertThrows(IllegalArgumentException.class, () -> new PolicyHarness("h2-interval-ping:period=1s:timeout=2s"));
  }

  @Test
  void intervalClosesALiveConnectionDuringASpikeLongerThanThePeriod() {
    PolicyHarness h = new PolicyHarness("h2-interval-ping:period=100ms");
    Conn c = h.readyConn(250);
    h.advanceMillis(100);
    h.advanceMillis(100); // the ACK is 150 ms late: spike
    assertTrue(c.isClosed(), "the cost: a slow but live connection is failed");
  }

  @Test
  void withRetryTheStreamsOfAnEvictedConnectionArePlacedAgainOnce() {
    for (boolean retry : new boolean[] {false, true}) {
      // 4 workers, a 30 s timeout (still in flight when the connection is judged dead at ~2 s),
      // the one flow unplugged before request 40.
      SimCase sim = SimCase.run("h2-read-idle-ping:idle=1s:timeout=1s" + (retry ? "+retry" : ""),
          new LoadConfig(44, 4, Duration.ofSeconds(30), 0, Duration.ZERO, 1), ServerConfig.defaults(),
          new FaultPlan(List.of(new FaultPlan.At(40, Fault.UNPLUG, null, null))));
      assertEquals(1, sim.evictions(), sim.toString());
      long retried = sim.events().stream().filter(Event.RequestRetried.class::isInstance).count();
      if (retry) {
        assertEquals(0, sim.failed(), "placed again on a new connection: " + sim);
        assertTrue(retried >= 4, "every request on the dead connection was retried: " + retried);
      } else {
        assertTrue(sim.failed() >= 4, "lost: " + sim);
        assertEquals(0, retried);
      }
      assertEquals(2, sim.dials(), "a second connection replaces the evicted one: " + sim);
    }
  }
}
