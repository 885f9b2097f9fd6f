package io.blastradius.core.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.blastradius.core.event.Event.ConnStatus;
import org.junit.jupiter.api.Test;

/** h2-adaptive, step by step with literal times (the default grace is 3 ms with no RTT yet). */
class H2AdaptivePolicyTest {
  static final long MS = PolicyHarness.MS;
  static final long US = 1_000L;
  static final long S = 1000 * MS;

  /** A ready connection that served one request (last frame read at t = 1 ms). */
  private static Conn warmConn(PolicyHarness h) {
    Conn c = h.readyConn(250);
    Stream s = h.open(c);
    h.advanceMillis(1);
    h.succeed(c, s);
    return c;
  }

  /** Opens a request on {@code c} at now and times it out 10 ms later. */
  private static Stream timeOutOne(PolicyHarness h, Conn c) {
    Stream s = h.open(c);
    h.advanceMillis(10);
    h.timeout(c, s);
    return s;
  }

  @Test
  void aSilentTimeoutMakesTheConnectionSuspectWithOnePing() {
    PolicyHarness h = new PolicyHarness("h2-adaptive");
    Conn c = warmConn(h);
    timeOutOne(h, c); // t = 11 ms
    assertEquals(ConnStatus.SUSPECT, c.status());
    assertEquals(1, h.acts("ping").size());
    assertEquals(11 * MS, h.acts("ping").get(0).t());
    // New requests wait for the verdict, until the ACK is overdue (3 ms), not dial.
    assertEquals(new Placement.Wait(14 * MS), h.place());
  }

  @Test
  void theAckReleasesItAtOnceAndNothingElseHappens() {
    PolicyHarness h = new PolicyHarness("h2-adaptive");
    Conn c = warmConn(h);
    timeOutOne(h, c);
    h.advanceTo(11 * MS + 200 * US);
    h.ack(c);
    assertEquals(ConnStatus.ACTIVE, c.status());
    assertEquals(new Placement.Use(c), h.place());
    h.advanceTo(60 * S);
    assertTrue(h.acts("close").isEmpty(), "a slow handler is not a dead connection");
  }

  @Test
  void anyFrameAlsoReleasesIt() {
    PolicyHarness h = new PolicyHarness("h2-adaptive");
    Conn c = warmConn(h);
    timeOutOne(h, c);
    h.advanceMillis(1);
    h.frame(c, FrameType.WINDOW_UPDATE, 0);
    assertEquals(ConnStatus.ACTIVE, c.status());
    assertEquals(new Placement.Use(c), h.place());
  }

  @Test
  void aTimeoutOnAConnectionThatIsTalkingIsASlowHandlerNotASuspicion() {
    PolicyHarness h = new PolicyHarness("h2-adaptive");
    Conn c = warmConn(h);
    Stream slow = h.open(c);
    h.advanceMillis(6);
    h.frame(c, FrameType.DATA, 99); // another stream's data, in the second half of slow's life
    h.advanceMillis(4);
    h.timeout(c, slow);
    assertEquals(ConnStatus.ACTIVE, c.status());
    assertTrue(h.acts.isEmpty(), h.acts.toString());
  }

  @Test
  void aCancelIsNeverASuspicion() {
    PolicyHarness h = new PolicyHarness("h2-adaptive");
    Conn c = warmConn(h);
    Stream s = h.open(c);
    h.advanceMillis(50);
    h.cancel(c, s);
    assertTrue(h.acts.isEmpty());
    assertEquals(new Placement.Use(c), h.place());
  }

  @Test
  void anOverdueAckDialsAReplacementButKeepsTheSuspectOpenUntilTheLongDeadline() {
    PolicyHarness h = new PolicyHarness("h2-adaptive");
    Conn c = warmConn(h);
    Stream inFlight = h.open(c);
    timeOutOne(h, c); // ping at 11 ms
    h.advanceTo(14 * MS - 1);
    assertInstanceOf(Placement.Wait.class, h.place());
    h.advanceTo(14 * MS);
    assertTrue(H2AdaptivePolicy.isQuarantined(c));
    assertInstanceOf(Placement.Dial.class, h.place());
    Conn fresh = h.readyConn(250);
    assertEquals(new Placement.Use(fresh), h.place(), "new requests go to the replacement");
    assertFalse(c.isClosed());
    assertTrue(c.streams().containsValue(inFlight), "in-flight streams are left alone");
    h.advanceTo(11 * MS + 15 * S - 1);
    assertFalse(c.isClosed());
    h.advanceTo(11 * MS + 15 * S);
    assertTrue(c.isClosed());
    assertTrue(h.acts("close").get(0).detail().startsWith("EVICTED"));
    assertEquals(1, h.count("ping", c), "one ping per suspicion");
  }

  @Test
  void aLateAckBeforeTheLongDeadlineRejoinsWithoutEverClosing() {
    PolicyHarness h = new PolicyHarness("h2-adaptive");
    Conn c = warmConn(h);
    timeOutOne(h, c);
    h.advanceTo(14 * MS);
    Conn fresh = h.readyConn(250);
    h.advanceTo(11 * MS + 200 * MS); // the ACK is 200 ms late: a latency spike
    h.ack(c);
    assertEquals(ConnStatus.ACTIVE, c.status());
    assertFalse(H2AdaptivePolicy.isQuarantined(c));
    assertEquals(new Placement.Use(fresh), h.place(), "the rejoined connection is on probation");
    h.advanceTo(30 * S);
    assertTrue(h.acts("close").stream().noneMatch(a -> a.connId() == c.id && a.detail().startsWith("EVICTED")));
    assertEquals(1, h.count("ping", c));
  }

  @Test
  void probationConnectionTakesOverflowAndSuccessEndsProbation() {
    PolicyHarness h = new PolicyHarness("h2-adaptive+max-streams=1");
    Conn c = warmConn(h);
    timeOutOne(h, c);
    h.advanceTo(14 * MS);
    Conn fresh = h.readyConn(250);
    h.advanceMillis(100);
    h.ack(c);
    Stream busy = h.open(fresh); // the replacement is full under max-streams=1
    assertEquals(new Placement.Use(c), h.place());
    Stream s = h.open(c);
    h.advanceMillis(1);
    h.succeed(c, s);
    h.succeed(fresh, busy);
    assertEquals(new Placement.Use(c), h.place(), "off probation, first in dial order again");
  }

  @Test
  void rttIsMeasuredAndStretchesTheGrace() {
    PolicyHarness h = new PolicyHarness("h2-adaptive");
    Conn c = warmConn(h);
    timeOutOne(h, c); // ping at 11 ms
    h.advanceTo(11 * MS + 2 * MS); // in time: RTT 2 ms
    h.ack(c);
    Stream ok = h.open(c);
    h.advanceMillis(1);
    h.succeed(c, ok); // HEADERS/DATA since the ACK: the next ping is free
    long t0 = h.now();
    timeOutOne(h, c);
    assertEquals(new Placement.Wait(t0 + 10 * MS + 8 * MS), h.place(), "grace = 4 x 2 ms");
  }

  @Test
  void atMostOnePingPerSuspicionAndNoneWhileOneIsOutstanding() {
    PolicyHarness h = new PolicyHarness("h2-adaptive");
    Conn c = warmConn(h);
    Stream a = h.open(c);
    Stream b = h.open(c);
    Stream d = h.open(c);
    h.advanceMillis(10);
    h.timeout(c, a);
    h.timeout(c, b);
    h.advanceMillis(1);
    h.timeout(c, d);
    assertEquals(1, h.acts("ping").size());
    assertEquals(1, h.acts("status").size());
  }

  @Test
  void pingsAreRateLimitedBelowTheGrpcStrikeLimit() {
    PolicyHarness h = new PolicyHarness("h2-adaptive");
    Conn c = warmConn(h);
    // Three stalls in a row with no response in between.
    timeOutOne(h, c);
    h.advanceMillis(1);
    h.ack(c);
    timeOutOne(h, c);
    assertEquals(2, h.acts("ping").size(), "one unproven ping allowed (one gRPC strike)");
    h.advanceMillis(1);
    h.ack(c);
    timeOutOne(h, c);
    assertEquals(2, h.acts("ping").size(), "a third would risk a second strike: withheld");
    assertEquals(ConnStatus.SUSPECT, c.status());
    assertInstanceOf(Placement.Dial.class, h.place(), "no verdict to wait for: dial");
    h.advanceTo(60 * S);
    assertTrue(h.acts("close").stream().noneMatch(a -> a.detail().startsWith("EVICTED")),
        "never evicted without a missed ACK");
    // A response (HEADERS/DATA) makes pings free again.
    h.frame(c, FrameType.HEADERS, 99);
    assertEquals(ConnStatus.ACTIVE, c.status());
  }

  @Test
  void retryModifier() {
    assertTrue(Policies.create("h2-adaptive+retry").retryOnEviction());
    assertFalse(Policies.create("h2-adaptive").retryOnEviction());
  }
}
