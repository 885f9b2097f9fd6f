package io.blastradius.core.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class H2GoPendingResetsPolicyTest {
  static final long MS = PolicyHarness.MS;

  /** Places one request, which must land on {@code c}, and lets it time out after 10 ms. */
  private static void hangOne(PolicyHarness h, Conn c) {
    Placement p = h.place();
    assertEquals(new Placement.Use(c), p);
    Stream s = h.open(c);
    h.advanceMillis(10);
    h.timeout(c, s);
  }

  @Test
  void aHungConnectionTakesAtMostMaxConcurrentStreamsThenThePoolDials() {
    PolicyHarness h = new PolicyHarness("h2-go-pending-resets");
    Conn c = h.readyConn(4);
    for (int i = 1; i <= 4; i++) {
      hangOne(h, c);
      assertEquals(i, H2GoPendingResetsPolicy.pendingResets(c));
      assertEquals(i, c.heldSlots());
    }
    assertFalse(c.hasRoom(Integer.MAX_VALUE));
    assertInstanceOf(Placement.Dial.class, h.place(), "full: the pool dials another connection");
    assertEquals(1, h.acts("ping").size(), "only the first reset carried a PING");
    assertEquals(0, h.acts("ping").get(0).t() - 10 * MS, "sent with the first RST_STREAM");
  }

  @Test
  void aHungConnectionWithGoDefaultsTakes250() {
    PolicyHarness h = new PolicyHarness("h2-go-pending-resets");
    Conn c = h.readyConn(250);
    int n = 0;
    while (h.place() instanceof Placement.Use) {
      hangOne(h, c);
      n++;
    }
    assertEquals(250, n);
  }

  @Test
  void anyPingAckZeroesPendingResets() {
    PolicyHarness h = new PolicyHarness("h2-go-pending-resets");
    Conn c = h.readyConn(4);
    hangOne(h, c);
    hangOne(h, c);
    assertEquals(2, c.heldSlots());
    h.advanceMillis(1);
    h.ack(c, 999); // not even our payload: Go zeroes on any ACK
    assertEquals(0, H2GoPendingResetsPolicy.pendingResets(c));
    assertEquals(0, c.heldSlots());
    assertEquals("0", h.acts("hold").get(h.acts("hold").size() - 1).detail());
  }

  @Test
  void afterAnAckResetsNeitherPingNorHoldUntilHeadersOrDataIsRead() {
    PolicyHarness h = new PolicyHarness("h2-go-pending-resets");
    Conn c = h.readyConn(4);
    hangOne(h, c);
    h.advanceMillis(1);
    h.ack(c);
    for (int i = 0; i < 10; i++) hangOne(h, c); // more than max: nothing held any more
    assertEquals(0, c.heldSlots());
    assertEquals(1, h.acts("ping").size());
    // A WINDOW_UPDATE or SETTINGS does not unblock; HEADERS does.
    h.frame(c, FrameType.WINDOW_UPDATE, 0);
    hangOne(h, c);
    assertEquals(0, c.heldSlots());
    h.frame(c, FrameType.HEADERS, 99);
    hangOne(h, c);
    assertEquals(1, c.heldSlots());
    assertEquals(2, h.acts("ping").size(), "pinging again after HEADERS was read");
  }

  @Test
  void aResetStreamThatWasAnsweredFreesItsSlotAtOnce() {
    PolicyHarness h = new PolicyHarness("h2-go-pending-resets");
    Conn c = h.readyConn(4);
    Stream s = h.open(c);
    h.frame(c, FrameType.HEADERS, s.id); // response headers, body never comes
    h.advanceMillis(10);
    h.timeout(c, s);
    assertEquals(0, c.heldSlots());
    assertTrue(h.acts("ping").isEmpty());
  }

  @Test
  void strictMaxConcurrentStreamsWaitsInsteadOfDialing() {
    PolicyHarness h = new PolicyHarness("h2-go-pending-resets:strict=true");
    Conn c = h.readyConn(2);
    hangOne(h, c);
    hangOne(h, c);
    assertEquals(new Placement.Wait(Long.MAX_VALUE), h.place());
    h.ack(c);
    assertEquals(new Placement.Use(c), h.place());
  }

  @Test
  void seedLoopLoses250RequestsPerDeadFlow() {
    SimCase sim = SimCase.seedLoop("h2-go-pending-resets", 4000, 1000);
    // Each reset stream keeps its slot until a PING ACK that never comes: the server's 250.
    assertEquals(List.of(0L, 250L, 250L, 250L, 250L), sim.failuresPerUnplug(), sim.toString());
  }
}
