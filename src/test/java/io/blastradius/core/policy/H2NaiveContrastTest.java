package io.blastradius.core.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.blastradius.core.event.Event.ConnStatus;
import org.junit.jupiter.api.Test;

/** The cascade every other policy is measured against (golang/go#63422). */
class H2NaiveContrastTest {
  static final long MS = PolicyHarness.MS;

  @Test
  void keepsPlacingOnADeadConnectionForever() {
    PolicyHarness h = new PolicyHarness("h2-naive");
    Conn dead = h.readyConn(250);
    for (int i = 0; i < 25_000; i++) {
      Stream s = h.placeAndOpen();
      assertNotNull(s, "request " + i + " was placed");
      assertSame(s, dead.streams().get(s.id), "request " + i + " lands on the dead connection");
      h.advanceMillis(10);
      h.timeout(dead, s);
    }
    assertEquals(new Placement.Use(dead), h.place());
    assertEquals(0, dead.heldSlots());
    assertEquals(ConnStatus.ACTIVE, dead.status());
    assertTrue(h.acts.isEmpty(), "no ping, no status change, no close: " + h.acts.size());
    assertEquals(25_000, dead.requestsFailed());
  }

  @Test
  void onlyTheIdleTimeoutEverClosesIt() {
    PolicyHarness h = new PolicyHarness("h2-naive");
    Conn c = h.readyConn(250);
    Stream s = h.placeAndOpen();
    h.advanceMillis(10);
    h.timeout(c, s);
    h.advanceTo(10 * MS + 90_000 * MS - 1);
    assertTrue(h.acts("close").isEmpty());
    h.advanceTo(10 * MS + 90_000 * MS);
    assertEquals(1, h.acts("close").size());
    assertTrue(h.acts("close").get(0).detail().startsWith("IDLE"));
  }

  @Test
  void seedLoopLosesEveryRequestAfterTheUnplug() {
    SimCase sim = SimCase.seedLoop("h2-naive", 3000, 1000);
    // Unplug before request 500: every later request (500..2999) fails; the only flow is dead, so
    // the schedule finds no live flow to unplug again.
    assertEquals(2500, sim.failed(), sim.toString());
    assertEquals(1, sim.card().unplugs());
    assertEquals(1, sim.dials());
  }
}
