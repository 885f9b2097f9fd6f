package io.blastradius.core.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Go's HTTP/1.1 Transport: a timeout or cancel closes the connection at once. */
class H1PolicyTest {
  static final long MS = PolicyHarness.MS;

  @Test
  void firstRequestDialsThenTheIdleConnectionIsReused() {
    PolicyHarness h = new PolicyHarness("h1");
    assertEquals(Placement.DIAL, h.place());
    Conn c = h.readyConn(1);
    for (int i = 0; i < 100; i++) {
      assertEquals(new Placement.Use(c), h.place(), "request " + i + " reuses the keep-alive connection");
      Stream s = h.open(c);
      h.advanceMillis(1);
      h.succeed(c, s);
    }
    assertTrue(h.acts.isEmpty(), "a healthy keep-alive connection is never touched");
  }

  @Test
  void aBusyConnectionTakesNoSecondRequest() {
    PolicyHarness h = new PolicyHarness("h1");
    Conn c = h.readyConn(1);
    h.placeAndOpen();
    assertEquals(Placement.DIAL, h.place(), "one request per connection at a time: a second caller dials");
    assertEquals(1, c.activeStreams());
  }

  @Test
  void aTimeoutClosesTheConnectionAtOnceSoTheNextRequestDials() {
    PolicyHarness h = new PolicyHarness("h1");
    Conn dead = h.readyConn(1);
    Stream s = h.placeAndOpen();
    h.advanceMillis(10);
    h.timeout(dead, s);
    assertEquals(1, h.acts("close").size());
    assertTrue(h.acts("close").get(0).detail().startsWith("REQUEST_ABORTED"), h.acts("close").get(0).detail());
    assertEquals(10 * MS, h.acts("close").get(0).t(), "closed at the timeout instant, not later");
    assertTrue(dead.isClosed());
    assertEquals(Placement.DIAL, h.place(), "the next request dials a fresh connection: one failure per dead flow");
  }

  @Test
  void aCancelAlsoCloses() {
    PolicyHarness h = new PolicyHarness("h1");
    Conn c = h.readyConn(1);
    Stream s = h.placeAndOpen();
    h.advanceMillis(2);
    h.cancel(c, s);
    assertTrue(c.isClosed(), "HTTP/1.1 cannot take one request back, so the connection goes");
  }

  @Test
  void prefersTheMostRecentlyUsedIdleConnection() {
    PolicyHarness h = new PolicyHarness("h1");
    Conn a = h.readyConn(1);
    Conn b = h.readyConn(1);
    Stream sa = h.open(a);
    Stream sb = h.open(b);
    h.advanceMillis(1);
    h.succeed(b, sb);
    h.advanceMillis(1);
    h.succeed(a, sa);
    assertEquals(new Placement.Use(a), h.place(), "Go takes the end of its idle list");
  }

  @Test
  void idleConnectionsCloseAfterNinetySeconds() {
    PolicyHarness h = new PolicyHarness("h1");
    Conn c = h.readyConn(1);
    Stream s = h.placeAndOpen();
    h.advanceMillis(5);
    h.succeed(c, s);
    h.advanceTo(5 * MS + 90_000 * MS - 1);
    assertTrue(!c.isClosed());
    h.advanceTo(5 * MS + 90_000 * MS);
    assertTrue(c.isClosed());
    assertTrue(h.acts("close").get(0).detail().startsWith("IDLE"));
  }

  @Test
  void idleParameterIsRead() {
    PolicyHarness h = new PolicyHarness("h1:idle=1s");
    Conn c = h.readyConn(1);
    h.advanceTo(1000 * MS);
    assertTrue(c.isClosed(), "idle=1s closes an unused connection after a second");
  }
}
