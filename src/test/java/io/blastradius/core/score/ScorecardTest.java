package io.blastradius.core.score;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.blastradius.core.event.CloseReason;
import io.blastradius.core.event.Event;
import io.blastradius.core.event.Event.ConnectionClosed;
import io.blastradius.core.event.Event.ConnectionDialed;
import io.blastradius.core.event.Event.ConnectionReady;
import io.blastradius.core.event.Event.FlowFaulted;
import io.blastradius.core.event.Event.FlowOpened;
import io.blastradius.core.event.Event.RequestAssigned;
import io.blastradius.core.event.Event.RequestFinished;
import io.blastradius.core.event.Event.RequestStarted;
import io.blastradius.core.event.Fault;
import io.blastradius.core.event.Outcome;
import io.blastradius.core.policy.Protocol;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScorecardTest {
  static final long MS = 1_000_000L;

  /** Events built in time order; {@code at} sets the time of the next ones. */
  static final class Script {
    final List<Event> events = new ArrayList<>();
    long t;

    Script at(long millis) {
      t = millis * MS;
      return this;
    }

    Script add(Event e) {
      events.add(e);
      return this;
    }

    /** Dial connection {@code conn} on port {@code port} through proxy flow {@code flow}. */
    Script connect(long conn, int port, int flow) {
      add(new ConnectionDialed(t, conn, Protocol.H2));
      add(new FlowOpened(t, flow, port));
      return add(new ConnectionReady(t, conn, port, 100));
    }

    Script start(long req) {
      return add(new RequestStarted(t, req, 0));
    }

    Script assign(long req, long conn) {
      return add(new RequestAssigned(t, req, conn, (int) (req * 2 + 1)));
    }

    Script finish(long req, long conn, Outcome o, long latencyMicros) {
      return add(new RequestFinished(t, req, conn, (int) (req * 2 + 1), o, o == Outcome.OK ? null : o.name(), latencyMicros * 1000));
    }

    Script fault(int flow, Fault f) {
      return add(new FlowFaulted(t, flow, f, ""));
    }

    Scorecard score() {
      return Scorecard.of("p", events);
    }
  }

  @Test
  void countsOutcomesConnectionsPingsAndGoAways() {
    Script s = new Script();
    s.connect(1, 5001, 1);
    s.start(1).assign(1, 1).finish(1, 1, Outcome.OK, 100);
    s.start(2).assign(2, 1).finish(2, 1, Outcome.TIMEOUT, 10_000);
    s.start(3).assign(3, 1).finish(3, 1, Outcome.ERROR, 5);
    s.start(4).assign(4, 1).finish(4, 1, Outcome.CANCELLED, 5);
    s.start(5); // still in flight at the end
    s.add(new Event.PingSent(s.t, 1, 7)).add(new Event.PingSent(s.t, 1, 8));
    s.add(new Event.GoAwayReceived(s.t, 1, 0xb, 3));
    s.add(new Event.GoAwayReceived(s.t, 1, 0xb, 3));
    s.add(new Event.GoAwayReceived(s.t, 1, 0, 3));
    s.add(new Event.GoAwayReceived(s.t, 1, 2, 3));
    s.add(new Event.GoAwayReceived(s.t, 1, 0x1f, 3));
    s.add(new ConnectionDialed(s.t, 2, Protocol.H2));
    Scorecard c = s.score();
    assertEquals("p", c.policy());
    assertEquals(5, c.requests());
    assertEquals(1, c.ok());
    assertEquals(2, c.failed());
    assertEquals(1, c.cancelled());
    assertEquals(2, c.connectionsOpened());
    assertEquals(2, c.pingsSent());
    assertEquals(
        Map.of("ENHANCE_YOUR_CALM", 2L, "NO_ERROR", 1L, "INTERNAL_ERROR", 1L, "0x1f", 1L), c.goAways());
    assertEquals(List.of("0x1f", "ENHANCE_YOUR_CALM", "INTERNAL_ERROR", "NO_ERROR"), List.copyOf(c.goAways().keySet()));
    assertEquals(0, c.unplugs());
    assertNull(c.failuresPerUnplug());
    assertNull(c.magnification());
    assertNull(c.timeToEvictMillis());
  }

  @Test
  void errorCodeNamesFollowRfc9113() {
    assertEquals("NO_ERROR", Http2ErrorCodes.name(0));
    assertEquals("CANCEL", Http2ErrorCodes.name(8));
    assertEquals("ENHANCE_YOUR_CALM", Http2ErrorCodes.name(0xb));
    assertEquals("HTTP_1_1_REQUIRED", Http2ErrorCodes.name(0xd));
    assertEquals("0xe", Http2ErrorCodes.name(0xe));
  }

  @Test
  void sequentialUnplugBetweenRequestsCostsOneRequest() {
    // golang/go#63422's shape: the unplug lands between two sequential requests, nothing in
    // flight; every later request on the connection times out until it is dropped.
    Script s = new Script();
    s.at(0).connect(1, 5001, 1);
    s.start(1).assign(1, 1).at(1).finish(1, 1, Outcome.OK, 1000);
    s.at(2).fault(1, Fault.UNPLUG);
    for (int r = 2; r <= 11; r++) {
      s.at(2 + (r - 2) * 10L).start(r).assign(r, 1).at(2 + (r - 1) * 10L).finish(r, 1, Outcome.TIMEOUT, 10_000);
    }
    Scorecard c = s.score();
    assertEquals(1, c.unplugs());
    assertEquals(10, c.failed());
    assertEquals(10.0, c.failuresPerUnplug());
    assertEquals(10.0, c.magnification(), "floor of 1 when nothing was in flight");
    // The last request went onto the dead connection at 2 + 9 * 10 = 92 ms: 90 ms after the unplug.
    assertEquals(90.0, c.timeToEvictMillis());
  }

  @Test
  void magnificationDividesByRequestsInFlightOnTheUnpluggedFlowsConnection() {
    Script s = new Script();
    s.at(0).connect(1, 5001, 10).connect(2, 5002, 20);
    // Three in flight on connection 1 (flow 10), one on connection 2 (flow 20).
    s.start(1).assign(1, 1).start(2).assign(2, 1).start(3).assign(3, 1).start(4).assign(4, 2);
    // One finished before the unplug, so two are in flight on connection 1 at the unplug.
    s.at(1).finish(1, 1, Outcome.OK, 1000);
    s.at(2).fault(10, Fault.UNPLUG);
    s.at(3).fault(30, Fault.UNPLUG_DOWNSTREAM); // a flow no connection is joined to: counts 1
    s.at(12).finish(2, 1, Outcome.TIMEOUT, 12_000).finish(3, 1, Outcome.TIMEOUT, 12_000);
    for (int r = 5; r <= 8; r++) s.start(r).assign(r, 1).at(22).finish(r, 1, Outcome.TIMEOUT, 10_000);
    s.finish(4, 2, Outcome.OK, 22_000);
    Scorecard c = s.score();
    assertEquals(2, c.unplugs());
    assertEquals(6, c.failed());
    assertEquals(3.0, c.failuresPerUnplug());
    assertEquals(6.0 / (2 + 1), c.magnification());
  }

  @Test
  void requestsInFlightFollowRetriesToTheirNewConnection() {
    Script s = new Script();
    s.connect(1, 5001, 1).connect(2, 5002, 2);
    s.start(1).assign(1, 1).start(2).assign(2, 1);
    s.add(new Event.RequestRetried(s.t, 1, 1, "evicted")).assign(1, 2);
    s.add(new Event.RequestRetried(s.t, 2, 1, "evicted")).assign(2, 2);
    s.at(1).fault(2, Fault.UNPLUG);
    s.at(2).finish(1, 2, Outcome.ERROR, 2000).finish(2, 2, Outcome.ERROR, 2000);
    s.fault(1, Fault.UNPLUG); // connection 1 is empty by now
    Scorecard c = s.score();
    assertEquals(2.0 / (2 + 1), c.magnification());
  }

  @Test
  void joinsConnectionAndFlowWhicheverIsLoggedFirstAndSurvivesPortReuse() {
    Script s = new Script();
    // HTTP/1: the pool's connect completes before the proxy's accept is logged.
    s.add(new ConnectionDialed(0, 1, Protocol.H1)).add(new ConnectionReady(0, 1, 6000, 1));
    s.add(new FlowOpened(0, 1, 6000));
    s.start(1).assign(1, 1);
    s.at(1).fault(1, Fault.UNPLUG); // one in flight on connection 1
    s.at(11).finish(1, 1, Outcome.TIMEOUT, 10_000);
    s.add(new ConnectionClosed(s.t, 1, CloseReason.REQUEST_ABORTED, ""));
    s.add(new Event.FlowClosed(s.t, 1, "client closed"));
    // Port 6000 comes back for connection 2 / flow 2, flow first this time.
    s.at(12).add(new ConnectionDialed(s.t, 2, Protocol.H1)).add(new FlowOpened(s.t, 2, 6000)).add(new ConnectionReady(s.t, 2, 6000, 1));
    s.start(2).assign(2, 1 + 1).start(3).assign(3, 2);
    s.at(13).fault(2, Fault.UNPLUG); // two in flight on connection 2, not on connection 1
    s.at(20).start(4).assign(4, 2);
    s.at(23).finish(2, 2, Outcome.TIMEOUT, 10_000).finish(3, 2, Outcome.TIMEOUT, 10_000).finish(4, 2, Outcome.TIMEOUT, 3000);
    Scorecard c = s.score();
    assertEquals(2, c.unplugs());
    assertEquals(4, c.failed());
    assertEquals(4.0 / (1 + 2), c.magnification());
    // Unplug 1: nothing assigned to connection 1 after it. Unplug 2: request 4 at 20 ms, 7 ms later.
    assertEquals(7.0, c.timeToEvictMillis());
  }

  @Test
  void timeToEvictIsTheWorstUnplugAndAReplugEndsTheDeadWindow() {
    Script s = new Script();
    s.at(0).connect(1, 5001, 1).connect(2, 5002, 2);
    s.at(100).fault(1, Fault.UNPLUG);
    s.at(105).start(1).assign(1, 1);
    s.at(150).start(2).assign(2, 1);
    s.at(160).fault(1, Fault.REPLUG);
    s.at(170).start(3).assign(3, 1); // the connection works again: not a failure to evict
    s.at(200).fault(2, Fault.UNPLUG_UPSTREAM);
    s.at(230).start(4).assign(4, 2);
    s.at(240).start(5).assign(5, 1); // another connection: irrelevant to flow 2
    Scorecard c = s.score();
    assertEquals(2, c.unplugs());
    assertEquals(50.0, c.timeToEvictMillis());
    assertEquals(0.0, c.failuresPerUnplug());
    assertEquals(0.0, c.magnification());
  }

  @Test
  void anUnplugNobodyUsedAfterwardsTakesNoTimeToEvict() {
    Script s = new Script();
    s.at(0).connect(1, 5001, 1);
    s.start(1).assign(1, 1);
    s.at(5).fault(1, Fault.UNPLUG);
    Scorecard c = s.score();
    assertEquals(0.0, c.timeToEvictMillis());
    assertEquals(0.0, c.magnification());
  }

  @Test
  void evictionsAreFalseWhenNoFaultHadReachedTheFlow() {
    Script s = new Script();
    s.at(0).connect(1, 5001, 1).connect(2, 5002, 2).connect(3, 5003, 3).connect(4, 5004, 4).connect(5, 5005, 5);
    s.add(new ConnectionDialed(0, 6, Protocol.H2)); // never ready: no flow to judge by
    s.at(1).fault(1, Fault.UNPLUG).fault(2, Fault.LATENCY).fault(4, Fault.RESET).fault(5, Fault.UNPLUG_DOWNSTREAM).fault(5, Fault.REPLUG);
    s.at(2).add(new ConnectionClosed(s.t, 1, CloseReason.EVICTED, "ping timeout")); // deserved
    s.add(new ConnectionClosed(s.t, 2, CloseReason.EVICTED, "ping timeout")); // slow, not dead: false
    s.add(new ConnectionClosed(s.t, 3, CloseReason.EVICTED, "ping timeout")); // healthy: false
    s.add(new ConnectionClosed(s.t, 4, CloseReason.IO_ERROR, "reset")); // not an eviction
    s.add(new ConnectionClosed(s.t, 5, CloseReason.EVICTED, "")); // was unplugged before: deserved
    s.add(new ConnectionClosed(s.t, 6, CloseReason.EVICTED, "")); // unknown flow: not counted false
    s.at(3).fault(3, Fault.UNPLUG); // too late to justify the eviction of connection 3
    Scorecard c = s.score();
    assertEquals(5, c.evictions());
    assertEquals(2, c.falseEvictions());
  }

  @Test
  void latencyPercentilesCoverSuccessfulRequestsOnly() {
    Script s = new Script();
    s.connect(1, 5001, 1);
    for (int i = 1; i <= 100; i++) s.start(i).assign(i, 1).finish(i, 1, Outcome.OK, i * 10L);
    s.start(101).assign(101, 1).finish(101, 1, Outcome.TIMEOUT, 50_000_000);
    Scorecard c = s.score();
    assertEquals(500, c.p50Micros());
    assertEquals(990, c.p99Micros());
    assertEquals(1000, c.maxMicros());

    Script large = new Script();
    large.start(1).finish(1, 1, Outcome.OK, 123_456_789);
    Scorecard l = large.score();
    assertEquals(123_456_789, l.maxMicros(), "max is exact, not a histogram bucket");
    assertTrue(l.p50Micros() <= l.maxMicros() && l.p50Micros() > 123_000_000);

    Script none = new Script();
    none.start(1).finish(1, 0, Outcome.ERROR, 5);
    Scorecard n = none.score();
    assertEquals(0, n.p50Micros());
    assertEquals(0, n.p99Micros());
    assertEquals(0, n.maxMicros());
  }

  @Test
  void wallTimeIsRunStartToRunFinishedElseTheSpanOfEvents() {
    Script s = new Script();
    s.at(1).add(new Event.RunStarted(s.t, "h2-naive", "seed"));
    s.at(5).start(1);
    s.at(2171).add(new Event.RunFinished(s.t, false));
    s.at(3000).add(new ConnectionClosed(s.t, 1, CloseReason.SHUTDOWN, ""));
    assertEquals(2170.0, s.score().wallMillis());

    Script t = new Script();
    t.at(3).start(1).at(10).start(2).at(7).start(3);
    assertEquals(7.0, t.score().wallMillis());
    assertEquals(0.0, new Script().score().wallMillis());
  }

  @Test
  void policyComesFromRunStartedWhenNotGiven() {
    List<Event> ev = List.of(new Event.RunStarted(0, "h1", "seed"), new RequestStarted(1, 1, 0));
    assertEquals("h1", Scorecard.of(ev).policy());
    assertEquals("", Scorecard.of(List.of(new RequestStarted(1, 1, 0))).policy());
  }

  @Test
  void scoresAMillionEventsInOnePass() {
    List<Event> ev = SyntheticRun.events(1_000_000, 10_000, 1);
    long t0 = System.nanoTime();
    Scorecard c = Scorecard.of("h2-naive", ev);
    long ms = (System.nanoTime() - t0) / 1_000_000;
    System.out.println("Scorecard.of: " + ev.size() + " events in " + ms + " ms");
    assertEquals(ev.stream().filter(e -> e instanceof RequestStarted).count(), c.requests());
    assertEquals(c.requests(), c.ok() + c.failed());
    assertTrue(c.unplugs() > 0);
    assertTrue(c.magnification() > 100, "the naive pool keeps the dead connection: " + c);
  }

  @Test
  void differencesNameEachFieldThatDiffers() {
    Scorecard a = Scorecard.of("p", List.of(new RequestStarted(0, 1, 0)));
    Scorecard b = Scorecard.of("p", List.of(new RequestStarted(0, 1, 0), new RequestStarted(MS, 2, 0)));
    assertEquals(List.of(), a.differences(a));
    assertEquals(List.of("requests: 1 vs 2", "wallMillis: 0.0 vs 1.0"), a.differences(b));
  }
}
