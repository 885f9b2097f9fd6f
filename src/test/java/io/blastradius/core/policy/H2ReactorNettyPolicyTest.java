package io.blastradius.core.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.blastradius.core.event.Event.ConnStatus;
import org.junit.jupiter.api.Test;

/** h2-reactor-netty (its pool and Http2ConnectionLiveness), h2-jetty and h2-okhttp-call-timeout. */
class H2ReactorNettyPolicyTest {
  static final long MS = PolicyHarness.MS;

  @Test
  void writesKeepADeadConnectionFromEverBeingProbed() {
    PolicyHarness h = new PolicyHarness("h2-reactor-netty:liveness=true:idle=1s:ack=1s");
    Conn c = h.readyConn(250);
    // Nothing is ever read back (a dead flow), but a request goes out every 10 ms and times out.
    for (int i = 0; i < 1000; i++) {
      Stream s = h.open(c);
      h.advanceMillis(10);
      h.timeout(c, s);
    }
    assertTrue(h.acts("ping").isEmpty(), "10 s of writes: never idle both ways, never probed");
    assertFalse(c.isClosed());
    assertInstanceOf(Placement.Use.class, h.place(), "the dead connection still takes requests");
  }

  @Test
  void quietBothWaysSendsOnePingHoldsNewStreamsAndClosesWithoutAnAck() {
    PolicyHarness h = new PolicyHarness("h2-reactor-netty:liveness=true:idle=1s:ack=500ms");
    Conn c = h.readyConn(250);
    Stream s = h.open(c);
    h.advanceMillis(999);
    assertTrue(h.acts("ping").isEmpty());
    h.advanceMillis(1);
    assertEquals(1, h.acts("ping").size());
    assertEquals(ConnStatus.SUSPECT, c.status());
    assertInstanceOf(Placement.Dial.class, h.place(), "a connection being probed takes no new streams");
    h.advanceMillis(499);
    assertFalse(c.isClosed());
    h.advanceMillis(1);
    assertTrue(c.isClosed());
    assertTrue(h.acts("close").get(0).detail().startsWith("EVICTED"));
    assertFalse(c.streams().containsValue(s));
  }

  @Test
  void anAckOrAResponseEndsTheProbe() {
    PolicyHarness h = new PolicyHarness("h2-reactor-netty:liveness=true:idle=1s:ack=1s");
    Conn c = h.readyConn(250);
    h.advanceMillis(1000);
    h.advanceMillis(300);
    h.ack(c);
    assertEquals(ConnStatus.ACTIVE, c.status());
    Stream s = h.open(c);
    h.advanceMillis(1000); // quiet again since the stream's HEADERS went out
    assertEquals(2, h.acts("ping").size());
    h.frame(c, FrameType.HEADERS, s.id);
    assertEquals(ConnStatus.ACTIVE, c.status(), "HEADERS read ends the probe as an ACK would");
    h.advanceMillis(999);
    assertFalse(c.isClosed());
  }

  @Test
  void attemptsPingsAgainBeforeClosing() {
    PolicyHarness h = new PolicyHarness("h2-reactor-netty:liveness=true:idle=1s:ack=1s:attempts=2");
    Conn c = h.readyConn(250);
    h.advanceMillis(2000);
    assertEquals(2, h.acts("ping").size());
    assertFalse(c.isClosed());
    h.advanceMillis(1000);
    assertTrue(c.isClosed());
  }

  @Test
  void okHttpCallTimeoutAndJettyKeepADeadConnectionEligibleLikeNaive() {
    for (String id : new String[] {"h2-okhttp-call-timeout", "h2-jetty", "h2-naive"}) {
      PolicyHarness h = new PolicyHarness(id);
      Conn c = h.readyConn(250);
      for (int i = 0; i < 100; i++) {
        Stream s = h.placeAndOpen();
        h.advanceMillis(10);
        h.timeout(c, s);
      }
      assertEquals(100, c.requestsFailed(), id);
      assertTrue(h.acts("ping").isEmpty(), id);
      assertFalse(c.isClosed(), id);
    }
  }

  @Test
  void jettyAndReactorDialOnePerWaitingRequestWhereOkHttpSharesTheDial() {
    for (String id : new String[] {"h2-jetty", "h2-reactor-netty"}) {
      PolicyHarness h = new PolicyHarness(id);
      h.dial();
      h.dial();
      assertInstanceOf(Placement.Dial.class, h.place(), id + ": two dials under way, a third request dials too");
    }
    PolicyHarness ok = new PolicyHarness("h2-okhttp-call-timeout");
    ok.dial();
    assertInstanceOf(Placement.Wait.class, ok.place(), "a shared dial: wait for the one under way");
    PolicyHarness capped = new PolicyHarness("h2-jetty:max-connections=2");
    capped.dial();
    capped.dial();
    assertInstanceOf(Placement.Wait.class, capped.place(), "at max-connections a request waits");
  }

  @Test
  void jettyUsesTheFirstConnectionWithRoomAndReactorTakesTurns() {
    PolicyHarness jetty = new PolicyHarness("h2-jetty");
    Conn a = jetty.readyConn(250);
    jetty.readyConn(250);
    for (int i = 0; i < 4; i++) assertEquals(a, ((Placement.Use) jetty.place()).conn());

    PolicyHarness reactor = new PolicyHarness("h2-reactor-netty");
    Conn x = reactor.readyConn(250);
    Conn y = reactor.readyConn(250);
    Conn z = reactor.readyConn(250);
    java.util.List<Conn> order = new java.util.ArrayList<>();
    for (int i = 0; i < 6; i++) order.add(((Placement.Use) reactor.place()).conn());
    assertEquals(java.util.List.of(x, y, z, x, y, z), order);
  }
}
