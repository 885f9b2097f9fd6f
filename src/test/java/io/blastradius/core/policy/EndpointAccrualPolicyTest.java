package io.blastradius.core.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.blastradius.core.policy.EndpointAccrualPolicy.HostState;
import org.junit.jupiter.api.Test;

class EndpointAccrualPolicyTest {
  static final long MS = PolicyHarness.MS;
  static final long S = 1000 * MS;

  private static EndpointAccrualPolicy policy(PolicyHarness h) {
    return (EndpointAccrualPolicy) h.policy;
  }

  private static void failOne(PolicyHarness h, Conn c) {
    Stream s = h.placeAndOpen();
    assertEquals(c.streams().get(s.id), s);
    h.advanceMillis(10);
    h.timeout(c, s);
  }

  @Test
  void ejectsAfterFiveConsecutiveFailuresAndRejectsDuringTheBackOff() {
    PolicyHarness h = new PolicyHarness("endpoint-accrual");
    Conn c = h.readyConn(250);
    for (int i = 0; i < 4; i++) failOne(h, c);
    Stream ok = h.placeAndOpen();
    h.succeed(c, ok); // a success resets the streak
    for (int i = 0; i < 4; i++) failOne(h, c);
    assertEquals(HostState.ALIVE, policy(h).hostState());
    failOne(h, c);
    assertEquals(HostState.DEAD, policy(h).hostState());
    long ejectedAt = h.now();
    assertEquals(ejectedAt + 5 * S, policy(h).deadUntil(), "Finagle's first back-off is exactly 5 s");
    Placement p = h.place();
    assertInstanceOf(Placement.Reject.class, p);
    assertTrue(((Placement.Reject) p).why().contains("ejected"), p.toString());
    h.advanceTo(ejectedAt + 5 * S - 1);
    assertInstanceOf(Placement.Reject.class, h.place());
  }

  @Test
  void thenOneProbeDecides() {
    PolicyHarness h = new PolicyHarness("endpoint-accrual:failures=2");
    Conn c = h.readyConn(250);
    failOne(h, c);
    failOne(h, c);
    long until = policy(h).deadUntil();
    h.advanceTo(until);
    Stream probe = h.placeAndOpen();
    assertEquals(c.streams().get(probe.id), probe, "the probe goes out");
    assertEquals(HostState.PROBE_CLOSED, policy(h).hostState());
    assertInstanceOf(Placement.Reject.class, h.place(), "only one probe");
    h.policy.onRequestOutcome(false, h.now()); // a rejected request's outcome decides nothing
    assertEquals(HostState.PROBE_CLOSED, policy(h).hostState());
    // The probe fails: dead again, for an equal-jittered 5-10 s.
    h.advanceMillis(10);
    h.timeout(c, probe);
    assertEquals(HostState.DEAD, policy(h).hostState());
    long second = policy(h).deadUntil() - h.now();
    assertTrue(second >= 5 * S && second <= 10 * S, "second back-off " + second);
    // The next probe succeeds: alive, requests flow again.
    h.advanceTo(policy(h).deadUntil());
    Stream probe2 = h.placeAndOpen();
    h.advanceMillis(1);
    h.succeed(c, probe2);
    assertEquals(HostState.ALIVE, policy(h).hostState());
    assertEquals(new Placement.Use(c), h.place());
  }

  @Test
  void backOffsGrowUpToTheMaximum() {
    PolicyHarness h = new PolicyHarness("endpoint-accrual:failures=1:backoff=1s:max-backoff=4s");
    Conn c = h.readyConn(250);
    failOne(h, c);
    long[] lows = {1, 1, 2, 4, 4};
    long[] highs = {1, 2, 4, 4, 4};
    for (int i = 0; i < 5; i++) {
      long d = policy(h).deadUntil() - h.now();
      assertTrue(d >= lows[i] * S && d <= highs[i] * S, "back-off " + i + " = " + d);
      h.advanceTo(policy(h).deadUntil());
      failOne(h, c);
    }
  }

  @Test
  void aProbeWhoseConnectionDiesFails() {
    PolicyHarness h = new PolicyHarness("endpoint-accrual:failures=1");
    Conn c = h.readyConn(250);
    failOne(h, c);
    h.advanceTo(policy(h).deadUntil());
    h.placeAndOpen();
    h.lose(c, io.blastradius.core.event.CloseReason.IO_ERROR);
    assertEquals(HostState.DEAD, policy(h).hostState());
  }

  @Test
  void placesOnConnectionsLikeNaive() {
    PolicyHarness h = new PolicyHarness("endpoint-accrual");
    Conn c = h.readyConn(250);
    Stream s = h.placeAndOpen();
    h.advanceMillis(10);
    h.timeout(c, s);
    assertEquals(new Placement.Use(c), h.place(), "the slot is free at once, the dead connection stays eligible");
    assertTrue(h.acts.isEmpty());
  }

  @Test
  void aProbeThatMustDialIsTheFirstRequestToReachTheNewConnection() {
    PolicyHarness h = new PolicyHarness("endpoint-accrual:failures=1");
    Conn c = h.readyConn(250);
    failOne(h, c);
    h.lose(c, io.blastradius.core.event.CloseReason.IO_ERROR);
    h.advanceTo(policy(h).deadUntil());
    assertInstanceOf(Placement.Dial.class, h.place());
    Conn fresh = h.dial();
    assertEquals(new Placement.Wait(Long.MAX_VALUE), h.place(), "others wait for the same dial");
    assertEquals(HostState.PROBE_OPEN, policy(h).hostState());
    h.ready(fresh, 250);
    Stream probe = h.placeAndOpen();
    assertEquals(fresh.streams().get(probe.id), probe);
    assertEquals(HostState.PROBE_CLOSED, policy(h).hostState());
    assertInstanceOf(Placement.Reject.class, h.place());
    h.succeed(fresh, probe);
    assertEquals(HostState.ALIVE, policy(h).hostState());
  }

  @Test
  void aProbeWhoseDialFailsEjectsAgain() {
    PolicyHarness h = new PolicyHarness("endpoint-accrual:failures=1");
    Conn c = h.readyConn(250);
    failOne(h, c);
    h.lose(c, io.blastradius.core.event.CloseReason.IO_ERROR);
    h.advanceTo(policy(h).deadUntil());
    assertInstanceOf(Placement.Dial.class, h.place());
    h.policy.onRequestOutcome(false, h.now()); // connection refused
    assertEquals(HostState.DEAD, policy(h).hostState());
  }
}
