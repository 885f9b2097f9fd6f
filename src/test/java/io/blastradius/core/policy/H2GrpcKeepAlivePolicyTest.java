package io.blastradius.core.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * h2-grpc-keepalive pins grpc-java's KeepAliveManager as NettyClientHandler drives it
 * (github.com/grpc/grpc-java at 5fda0c7, the code of 1.85.1):
 * core/src/main/java/io/grpc/internal/KeepAliveManager.java and
 * netty/src/main/java/io/grpc/netty/NettyClientHandler.java; line numbers refer to that commit.
 */
class H2GrpcKeepAlivePolicyTest {
  static final long MS = PolicyHarness.MS;
  static final long S = 1000 * MS;

  private static List<Long> pings(PolicyHarness h) {
    return h.acts("ping").stream().map(PolicyHarness.Act::t).toList();
  }

  /**
   * KeepAliveManager.java:151-155 (onTransportStarted pings only with keepAliveWithoutCalls) and
   * :188-201 (onTransportActive schedules keepAliveTime after the last read, "we do not reset the
   * nextKeepaliveTime"): the stopwatch started with the transport (:147), not with the first call.
   */
  @Test
  void noPingWithoutCallsAndTheFirstCallDoesNotRestartTheClock() {
    PolicyHarness h = new PolicyHarness("h2-grpc-keepalive:time=10s:timeout=1s");
    Conn c = h.readyConn(250); // t = 0: the transport's stopwatch starts
    h.advanceTo(30 * S);
    assertEquals(List.of(), pings(h), "keepAliveWithoutCalls is false: an idle transport never pings");
    h.open(c); // the first call, 30 s in: more than keepAliveTime since anything was read
    assertEquals(List.of(30 * S), pings(h), "due at once: 10 s after the last read, not after the call");

    PolicyHarness w = new PolicyHarness("h2-grpc-keepalive:time=10s:timeout=1s:without-calls=true");
    w.readyConn(250);
    w.advanceTo(10 * S);
    assertEquals(List.of(10 * S), pings(w), "keepAliveWithoutCalls: from the transport's start");
  }

  /**
   * KeepAliveManager.java:160-166 (onDataReceived restarts the stopwatch and only marks a scheduled
   * ping PING_DELAYED) and :78-85 (sendPing, when delayed, reschedules keepAliveTime after the last
   * read), fed by NettyClientHandler.java:467/:480/:499/:1133/:1140 (HEADERS, DATA, RST_STREAM, PING
   * ACK, PING): while one call stays open, reads postpone the ping; after the last read it goes out
   * keepAliveTime later and the transport closes keepAliveTimeout after that (:74-77).
   */
  @Test
  void whileACallStaysOpenEveryReadPostponesThePing() {
    PolicyHarness h = new PolicyHarness("h2-grpc-keepalive:time=10s:timeout=1s");
    Conn c = h.readyConn(250);
    Stream s = h.open(c); // stays open throughout (a stream of responses)
    for (int i = 1; i <= 25; i++) {
      h.advanceTo(i * S);
      h.frame(c, FrameType.DATA, s.id);
    }
    h.frame(c, FrameType.WINDOW_UPDATE, 0); // not a read that counts
    h.frame(c, FrameType.SETTINGS, 0);
    assertEquals(List.of(), pings(h), "a connection reading every second never pings");
    h.advanceTo(35 * S - 1);
    assertEquals(List.of(), pings(h));
    h.advanceTo(35 * S);
    assertEquals(List.of(35 * S), pings(h), "10 s after the last DATA read (at 25 s), whatever came after");
    h.advanceTo(36 * S - 1);
    assertFalse(c.isClosed());
    h.advanceTo(36 * S);
    assertTrue(c.isClosed(), "keepAliveTimeout after the PING");
    assertTrue(h.acts("close").get(0).detail().startsWith("EVICTED"), h.acts("close").toString());
    assertEquals(1, c.requestsFailed(), "its call fails with it");
  }

  /**
   * KeepAliveManager.java:207-216 (onTransportIdle: PING_SCHEDULED or PING_DELAYED become IDLE,
   * the pending sendPing is not cancelled) and :188-199 (onTransportActive from IDLE: PING_SCHEDULED,
   * no new task while one is pending); NettyClientHandler.java:360-377 (first stream active, last
   * stream closed). Calls that come and go forget the delay: the ping goes out at its first due
   * time although responses were read all along; the ACK (a read, :167-182) schedules the next
   * keepAliveTime later. This is why a busy sequential caller pings every keepAliveTime.
   */
  @Test
  void callsThatComeAndGoPingEveryTimeBusyOrNot() {
    PolicyHarness h = new PolicyHarness("h2-grpc-keepalive:time=10s:timeout=1s");
    Conn c = h.readyConn(250);
    for (long t = 0; t < 10 * S; t += 10 * MS) { // one call at a time, answered in 5 ms
      h.advanceTo(t);
      Stream s = h.open(c);
      h.advanceTo(t + 5 * MS);
      h.succeed(c, s);
    }
    h.advanceTo(10 * S - 3 * MS);
    Stream s = h.open(c); // in flight when the first ping falls due (had none been, the due time would pass unused)
    h.advanceTo(10 * S + 1);
    assertEquals(List.of(10 * S), pings(h), "10 s after the transport started, responses or not");
    h.advanceMillis(2);
    long ackedAt = h.now();
    h.ack(c);
    h.succeed(c, s);
    for (long t = 10 * S + 10 * MS; t < 20 * S + 10 * MS; t += 10 * MS) {
      h.advanceTo(t);
      Stream x = h.open(c);
      h.advanceTo(t + 5 * MS);
      h.succeed(c, x);
    }
    assertEquals(2, pings(h).size(), pings(h).toString());
    assertEquals(ackedAt + 10 * S, pings(h).get(1), "keepAliveTime after the ACK was read");
    assertFalse(c.isClosed());
  }

  /**
   * The unplug under each traffic shape. Sequential calls (the seed): the ping's due time was set
   * before the unplug, at the transport's start, so the dead connection lives until then plus
   * keepAliveTimeout, wherever the unplug falls. Calls kept open across it: keepAliveTime after
   * the last read, i.e. after the unplug.
   */
  @Test
  void whereTheUnplugFallsInThePeriodDependsOnTheTraffic() {
    PolicyHarness seq = new PolicyHarness("h2-grpc-keepalive:time=10s:timeout=1s");
    Conn c = seq.readyConn(250);
    for (long t = 0; t < 3 * S; t += 10 * MS) {
      seq.advanceTo(t);
      Stream s = seq.open(c);
      seq.advanceTo(t + 5 * MS);
      seq.succeed(c, s);
    }
    // Unplugged at 3 s: from here every call times out unanswered (10 ms each, one in flight at 10 s).
    for (long t = 3 * S + 5 * MS; !c.isClosed(); t += 10 * MS) {
      seq.advanceTo(t);
      Stream s = seq.open(c);
      seq.advanceTo(t + 10 * MS - 1);
      if (!c.isClosed()) seq.timeout(c, s);
    }
    assertEquals(List.of(10 * S), pings(seq));
    assertEquals(11 * S, seq.acts("close").get(0).t(), "the transport's start + 10 s + 1 s: 8 s after the unplug");

    PolicyHarness held = new PolicyHarness("h2-grpc-keepalive:time=10s:timeout=1s");
    Conn d = held.readyConn(250);
    Stream a = held.open(d);
    Stream b = held.open(d);
    for (long t = 0; t < 3 * S; t += 10 * MS) { // two calls overlap: the transport never goes idle
      held.advanceTo(t);
      held.frame(d, FrameType.DATA, a.id);
    }
    held.advanceTo(20 * S);
    assertEquals(List.of(3 * S - 10 * MS + 10 * S), pings(held), "keepAliveTime after the last read");
    assertEquals(3 * S - 10 * MS + 11 * S, held.acts("close").get(0).t());
    assertEquals(2, d.requestsFailed(), "both calls fail with the transport: " + b);
  }

  @Test
  void badParametersAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> Policies.create("h2-grpc-keepalive:time=0s"));
    assertThrows(IllegalArgumentException.class, () -> Policies.create("h2-grpc-keepalive:timeout=-1s"));
    assertThrows(IllegalArgumentException.class, () -> Policies.create("h2-grpc-keepalive:period=10s"));
  }
}
