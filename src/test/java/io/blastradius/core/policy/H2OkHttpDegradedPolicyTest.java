package io.blastradius.core.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.blastradius.core.event.Event.ConnStatus;
import org.junit.jupiter.api.Test;

class H2OkHttpDegradedPolicyTest {
  static final long MS = PolicyHarness.MS;

  @Test
  void oneDegradedPingPerTimeoutBurstAndNewStreamsStopOnceThePongIsOneSecondOverdue() {
    PolicyHarness h = new PolicyHarness("h2-okhttp-degraded");
    Conn c = h.readyConn(250);
    Stream inFlight = h.open(c);
    Stream s = h.open(c);
    h.advanceMillis(10);
    h.timeout(c, s); // t = 10 ms
    assertEquals(1, h.acts("ping").size());
    // Within the second the connection is still healthy: requests keep landing on it.
    for (int i = 0; i < 5; i++) {
      h.advanceMillis(100);
      Stream t = h.placeAndOpen();
      assertEquals(c.streams().get(t.id), t);
      h.advanceMillis(10);
      h.timeout(c, t);
    }
    assertEquals(1, h.acts("ping").size(), "no second degraded ping while one is awaited");
    h.advanceTo(10 * MS + 1000 * MS - 1);
    assertEquals(ConnStatus.ACTIVE, c.status());
    h.advanceTo(10 * MS + 1000 * MS);
    assertEquals(ConnStatus.SUSPECT, c.status());
    assertInstanceOf(Placement.Dial.class, h.place(), "unhealthy: no new streams");
    assertFalse(c.isClosed(), "in-flight streams continue");
    assertEquals(1, c.activeStreams());
    assertTrue(c.streams().containsValue(inFlight));
  }

  @Test
  void aLatePongRestoresHealth() {
    PolicyHarness h = new PolicyHarness("h2-okhttp-degraded");
    Conn c = h.readyConn(250);
    h.open(c);
    Stream s = h.open(c);
    h.advanceMillis(10);
    h.timeout(c, s);
    h.advanceMillis(1500);
    assertEquals(ConnStatus.SUSPECT, c.status());
    h.ack(c);
    assertEquals(ConnStatus.ACTIVE, c.status());
    assertEquals(new Placement.Use(c), h.place());
    // A new timeout may ping again.
    Stream t = h.open(c);
    h.advanceMillis(10);
    h.timeout(c, t);
    assertEquals(2, h.acts("ping").size());
  }

  @Test
  void anUnhealthyConnectionClosesWhenIdle() {
    PolicyHarness h = new PolicyHarness("h2-okhttp-degraded");
    Conn c = h.readyConn(250);
    Stream last = h.open(c);
    Stream s = h.open(c);
    h.advanceMillis(10);
    h.timeout(c, s);
    h.advanceMillis(1000);
    assertFalse(c.isClosed());
    h.advanceMillis(5);
    h.timeout(c, last);
    assertTrue(c.isClosed());
    assertTrue(h.acts("close").get(0).detail().startsWith("DRAINED"), h.acts("close").toString());
  }

  @Test
  void aPlainCancelSendsNothing() {
    PolicyHarness h = new PolicyHarness("h2-okhttp-degraded");
    Conn c = h.readyConn(250);
    Stream s = h.open(c);
    h.advanceMillis(1);
    h.cancel(c, s);
    h.advanceMillis(5000);
    assertTrue(h.acts.isEmpty(), h.acts.toString());
    assertEquals(new Placement.Use(c), h.place());
  }

  @Test
  void pongTimeoutIsAParameter() {
    PolicyHarness h = new PolicyHarness("h2-okhttp-degraded:pong-timeout=200ms");
    Conn c = h.readyConn(250);
    h.open(c);
    Stream s = h.open(c);
    h.timeout(c, s);
    h.advanceMillis(199);
    assertEquals(ConnStatus.ACTIVE, c.status());
    h.advanceMillis(1);
    assertEquals(ConnStatus.SUSPECT, c.status());
  }

  @Test
  void seedLoopLosesAboutASecondOfRequests() {
    SimCase sim = SimCase.seedLoop("h2-okhttp-degraded", 3000, 1000);
    // 10 ms timeouts (each fires ~0.3 ms late) for the 1 s the pong is awaited: 1 s / 10.3 ms = 97,
    // plus the one that started it; then the connection is unhealthy and a new one takes over.
    for (long n : sim.failuresPerUnplug().subList(1, 4)) assertTrue(n >= 95 && n <= 101, sim.toString());
    assertEquals(3, sim.pings(), "one degraded PING per dead flow");
  }
}
