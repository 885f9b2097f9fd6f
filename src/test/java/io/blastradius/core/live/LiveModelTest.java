package io.blastradius.core.live;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.blastradius.core.event.CloseReason;
import io.blastradius.core.event.Event;
import io.blastradius.core.event.Event.ConnStatus;
import io.blastradius.core.event.Fault;
import io.blastradius.core.event.Outcome;
import io.blastradius.core.policy.Protocol;
import io.blastradius.core.proxy.FlowInfo.FlowState;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** The fold, fed literal events at literal times: no clock, no threads unless stated. */
class LiveModelTest {
  static final long MS = 1_000_000L;
  static final long S = 1_000_000_000L;

  final LiveModel m = new LiveModel();

  void feed(Event... es) {
    for (Event e : es) m.accept(e);
  }

  void h2Conn(long connId, int port, int max, long t) {
    feed(
        new Event.ConnectionDialed(t, connId, Protocol.H2),
        new Event.ConnectionReady(t + 1, connId, port, max));
  }

  void assign(long req, long connId, long t) {
    feed(new Event.RequestStarted(t, req, 0), new Event.RequestAssigned(t, req, connId, (int) (2 * req + 1)));
  }

  void finish(long req, long connId, Outcome o, long t) {
    feed(new Event.RequestFinished(t, req, connId, (int) (2 * req + 1), o, o == Outcome.OK ? null : "x", 1000));
  }

  @Test
  void occupancyCountsAssignedNotFinishedStreams() {
    h2Conn(1, 40000, 250, 0);
    for (long r = 1; r <= 5; r++) assign(r, 1, 10 * MS);
    finish(1, 1, Outcome.OK, 20 * MS);
    finish(2, 1, Outcome.TIMEOUT, 20 * MS);
    ConnView c = m.snapshot(30 * MS).connection(1);
    assertEquals(3, c.active());
    assertEquals(250, c.peerMax());
    assertEquals(247, c.free());
    assertEquals(1, c.ok());
    assertEquals(1, c.failed());
    assertEquals(Protocol.H2, c.protocol());
    assertEquals(ConnState.LIVE, c.state());
  }

  @Test
  void heldSlotsFollowTheLatestSlotsHeldAndCountAgainstFree() {
    h2Conn(1, 40000, 10, 0);
    assign(1, 1, MS);
    feed(new Event.SlotsHeld(2 * MS, 1, 4), new Event.SlotsHeld(3 * MS, 1, 6));
    ConnView c = m.snapshot(4 * MS).connection(1);
    assertEquals(6, c.held());
    assertEquals(1, c.active());
    assertEquals(3, c.free());
    feed(new Event.SlotsHeld(5 * MS, 1, 0));
    assertEquals(0, m.snapshot(6 * MS).connection(1).held());
  }

  @Test
  void aRetriedRequestLeavesItsFirstConnection() {
    h2Conn(1, 40000, 10, 0);
    h2Conn(2, 40001, 10, 0);
    assign(7, 1, MS);
    feed(new Event.RequestRetried(2 * MS, 7, 1, "evicted"), new Event.RequestAssigned(3 * MS, 7, 2, 1));
    LiveSnapshot s = m.snapshot(4 * MS);
    assertEquals(0, s.connection(1).active());
    assertEquals(1, s.connection(2).active());
    assertEquals(1, s.totals().retries());
  }

  @Test
  void flowJoinsByPortWhicheverComesFirst() {
    feed(new Event.FlowOpened(0, 1, 40000)); // flow first
    h2Conn(1, 40000, 250, MS);
    h2Conn(2, 40001, 250, 2 * MS); // connection first
    feed(new Event.FlowOpened(3 * MS, 2, 40001));
    LiveSnapshot s = m.snapshot(4 * MS);
    assertEquals(1, s.connection(1).flowId());
    assertEquals(2, s.connection(2).flowId());
    assertEquals(FlowState.PLUGGED, s.connection(2).flowState());
  }

  @Test
  void outsideFlowsAreShownAsSuchAndNotHeldOnceClosed() {
    feed(new Event.FlowOpened(0, 1, 50001), new Event.FlowOutside(0, 1, 50001));
    assertEquals(0, m.flowsHeld(), "an outside flow never joins a connection, so the fold keeps no flow for it");
    io.blastradius.core.wire.FlowWire w = m.snapshot(MS).wire().get(0);
    assertEquals(1, w.flowId());
    assertTrue(w.outside());
    assertFalse(w.closed());

    feed(new Event.FlowOpened(MS, 2, 40000));
    h2Conn(1, 40000, 250, MS);
    int poolOnly = m.flowsHeld();
    for (int id = 3; id < 3 + 5_000; id++) {
      feed(new Event.FlowOpened(2 * MS, id, 30000 + id % 20000), new Event.FlowOutside(2 * MS, id, 30000 + id % 20000),
          new Event.FlowClosed(2 * MS, id, "client closed"));
    }
    LiveSnapshot s = m.snapshot(3 * MS);
    assertEquals(poolOnly, m.flowsHeld(), "closed outside flows are forgotten at once, not after the retention");
    assertEquals(2, s.connection(1).flowId(), "the pool's own flow still joins its connection");
    assertTrue(s.wire().size() <= io.blastradius.core.wire.WireFold.KEEP_CLOSED + 1, "wire views: " + s.wire().size());
    assertTrue(s.wire().stream().allMatch(io.blastradius.core.wire.FlowWire::outside));
    assertTrue(s.wire().stream().anyMatch(x -> x.flowId() == 1 && !x.closed()), "the open outside flow is still shown");
  }

  @Test
  void aReusedPortJoinsTheNewFlowNotTheOldOne() {
    feed(new Event.FlowOpened(0, 1, 40000));
    h2Conn(1, 40000, 250, MS);
    feed(
        new Event.ConnectionClosed(2 * MS, 1, CloseReason.IO_ERROR, "reset"),
        new Event.FlowClosed(2 * MS, 1, "reset"),
        new Event.FlowOpened(3 * MS, 2, 40000));
    h2Conn(2, 40000, 250, 4 * MS);
    feed(new Event.FlowFaulted(5 * MS, 2, Fault.UNPLUG, ""));
    LiveSnapshot s = m.snapshot(6 * MS);
    assertEquals(1, s.connection(1).flowId());
    assertEquals(ConnState.CLOSED, s.connection(1).state());
    assertEquals(2, s.connection(2).flowId());
    assertEquals(ConnState.UNPLUGGED, s.connection(2).state());
  }

  @Test
  void stateFollowsFaultsThenThePolicy() {
    feed(new Event.FlowOpened(0, 3, 40000));
    h2Conn(1, 40000, 250, 0);
    assertEquals(ConnState.LIVE, m.snapshot(MS).connection(1).state());

    feed(new Event.FlowFaulted(2 * MS, 3, Fault.UNPLUG, ""));
    ConnView c = m.snapshot(3 * MS).connection(1);
    assertEquals(ConnState.UNPLUGGED, c.state());
    assertTrue(c.unplugged());

    feed(new Event.FlowFaulted(4 * MS, 3, Fault.REPLUG, ""));
    assertEquals(ConnState.LIVE, m.snapshot(5 * MS).connection(1).state());

    feed(new Event.FlowFaulted(6 * MS, 3, Fault.UNPLUG_DOWNSTREAM, ""));
    assertEquals(FlowState.UNPLUGGED_DOWNSTREAM, m.snapshot(7 * MS).connection(1).flowState());

    // The policy's reaction outranks the bare network fact.
    feed(new Event.ConnectionStatusChanged(8 * MS, 1, ConnStatus.SUSPECT, "ping outstanding"));
    c = m.snapshot(9 * MS).connection(1);
    assertEquals(ConnState.SUSPECT, c.state());
    assertEquals("ping outstanding", c.statusWhy());

    feed(new Event.ConnectionStatusChanged(10 * MS, 1, ConnStatus.DRAINING, "unhealthy"));
    assertEquals(ConnState.DRAINING, m.snapshot(11 * MS).connection(1).state());

    feed(
        new Event.ConnectionStatusChanged(12 * MS, 1, ConnStatus.EVICTED, "no ack"),
        new Event.ConnectionClosed(12 * MS, 1, CloseReason.EVICTED, "no ack"));
    LiveSnapshot s = m.snapshot(13 * MS);
    c = s.connection(1);
    assertEquals(ConnState.EVICTED, c.state());
    assertEquals(12 * MS, c.closedAt());
    assertEquals(1, s.totals().evictions(), "status + close of one connection count once");
    assertEquals(0, s.totals().openConnections());
    assertEquals(2, s.totals().unplugs());
  }

  @Test
  void pingOutstandingUntilAckedAndTheAckIsEvidenceOfLife() {
    h2Conn(1, 40000, 250, 0);
    assertEquals(1, m.snapshot(MS).connection(1).lastLifeAt(), "ready is evidence of life");
    assign(1, 1, 2 * MS);
    finish(1, 1, Outcome.OK, 3 * MS);
    assertEquals(3 * MS, m.snapshot(4 * MS).connection(1).lastLifeAt());
    feed(new Event.PingSent(5 * MS, 1, 42));
    ConnView c = m.snapshot(6 * MS).connection(1);
    assertTrue(c.pingOutstanding());
    assertEquals(5 * MS, c.pingSentAt());
    assign(2, 1, 7 * MS);
    finish(2, 1, Outcome.TIMEOUT, 8 * MS);
    assertEquals(3 * MS, m.snapshot(9 * MS).connection(1).lastLifeAt(), "a failure is not life");
    feed(new Event.PingAcked(10 * MS, 1, 42, 5 * MS));
    c = m.snapshot(11 * MS).connection(1);
    assertFalse(c.pingOutstanding());
    assertEquals(10 * MS, c.lastLifeAt());
  }

  @Test
  void closedConnectionsLeaveSnapshotsAfterTheRetentionButShutdownOnesStay() {
    LiveModel model = new LiveModel(100, 5 * S);
    model.accept(new Event.ConnectionDialed(0, 1, Protocol.H1));
    model.accept(new Event.ConnectionReady(0, 1, 40000, 1));
    model.accept(new Event.ConnectionClosed(S, 1, CloseReason.REQUEST_ABORTED, "timeout"));
    model.accept(new Event.ConnectionDialed(S, 2, Protocol.H1));
    model.accept(new Event.ConnectionClosed(2 * S, 2, CloseReason.SHUTDOWN, ""));
    assertNotNull(model.snapshot(5 * S).connection(1));
    assertNull(model.snapshot(6 * S + 1).connection(1));
    assertNotNull(model.snapshot(60 * S).connection(2));
    assertEquals(2, model.snapshot(60 * S).totals().connectionsOpened());
  }

  @Test
  void perSecondSeriesCountsOutcomesAndCumulatesFailures() {
    h2Conn(1, 40000, 250, 0);
    long r = 0;
    // second 0: 3 ok; second 1: 1 ok 2 timeouts 1 cancelled; second 2: nothing; second 3: 1 error
    for (int i = 0; i < 3; i++) { assign(++r, 1, 0); finish(r, 1, Outcome.OK, 100 * MS); }
    assign(++r, 1, S); finish(r, 1, Outcome.OK, S + 1);
    assign(++r, 1, S); finish(r, 1, Outcome.TIMEOUT, S + 10 * MS);
    assign(++r, 1, S); finish(r, 1, Outcome.TIMEOUT, S + 20 * MS);
    assign(++r, 1, S); finish(r, 1, Outcome.CANCELLED, S + 30 * MS);
    assign(++r, 1, 3 * S); finish(r, 0, Outcome.ERROR, 3 * S + 5);
    feed(new Event.FlowOpened(0, 9, 40000), new Event.FlowFaulted(S + 5, 9, Fault.UNPLUG, ""));

    SeriesView s = m.snapshot(4 * S).series();
    assertEquals(0, s.firstSecond());
    assertArrayEquals(new long[] {3, 1, 0, 0}, s.ok());
    assertArrayEquals(new long[] {0, 2, 0, 1}, s.failed());
    assertArrayEquals(new long[] {0, 2, 2, 3}, s.cumulativeFailed());
    assertEquals(List.of(new SeriesView.Marker(S + 5, 9, 1, Fault.UNPLUG)), s.markers());
    Totals t = m.snapshot(4 * S).totals();
    assertEquals(8, t.requests());
    assertEquals(4, t.ok());
    assertEquals(3, t.failed());
    assertEquals(1, t.cancelled());
  }

  @Test
  void seriesIsReusedWhileNothingChanges() {
    h2Conn(1, 40000, 250, 0);
    assign(1, 1, 0);
    finish(1, 1, Outcome.OK, MS);
    SeriesView a = m.snapshot(2 * MS).series();
    assertSame(a, m.snapshot(3 * MS).series());
  }

  @Test
  void requestsPerSecondCountsTheLastCompleteSecond() {
    h2Conn(1, 40000, 250, 0);
    // 10 finished per 100 ms bucket from 0 to 2 s: 100 per second.
    long r = 0;
    for (long t = 0; t < 2 * S; t += 10 * MS) {
      assign(++r, 1, t);
      finish(r, 1, r % 4 == 0 ? Outcome.TIMEOUT : Outcome.OK, t);
    }
    Totals t = m.snapshot(2 * S + 50 * MS).totals();
    assertEquals(100, t.requestsPerSecond(), 0.001);
    assertEquals(25, t.failuresPerSecond(), 0.001);
    assertEquals(0, m.snapshot(10 * S).totals().requestsPerSecond(), 0.001, "the window moves with now");
  }

  @Test
  void theRingKeepsTheLastEventsWithSequenceNumbers() {
    LiveModel model = new LiveModel(4, 5 * S);
    for (int i = 0; i < 6; i++) model.accept(new Event.RequestStarted(i, i, 0));
    EventPage p = model.eventsAfter(0);
    assertEquals(2, p.firstSeq());
    assertEquals(2, p.dropped());
    assertEquals(6, p.nextSeq());
    assertEquals(List.of(2L, 3L, 4L, 5L), p.events().stream().map(Event::t).toList());
    assertEquals(List.of(), model.eventsAfter(6).events());
    assertEquals(1, model.eventsAfter(5).events().size());
  }

  @Test
  void replayUpToATimeIsTheSameFoldAsLive() {
    List<Event> rec = new ArrayList<>();
    rec.add(new Event.FlowOpened(0, 1, 40000));
    rec.add(new Event.ConnectionDialed(0, 1, Protocol.H2));
    rec.add(new Event.ConnectionReady(1, 1, 40000, 250));
    rec.add(new Event.RequestStarted(2, 1, 0));
    rec.add(new Event.RequestAssigned(3, 1, 1, 1));
    rec.add(new Event.FlowFaulted(10, 1, Fault.UNPLUG, ""));
    rec.add(new Event.RequestFinished(20, 1, 1, 1, Outcome.TIMEOUT, "timeout", 18));
    LiveSnapshot at5 = LiveModel.replay(rec, 5).snapshot(5);
    assertEquals(ConnState.LIVE, at5.connection(1).state());
    assertEquals(1, at5.connection(1).active());
    LiveSnapshot at20 = LiveModel.replay(rec, 20).snapshot(20);
    assertEquals(ConnState.UNPLUGGED, at20.connection(1).state());
    assertEquals(1, at20.connection(1).failed());
    rec.forEach(m::accept);
    assertEquals(at20, m.snapshot(20), "replay == live for the same events and now");
  }

  @Test
  void manyProducersLoseNothing() throws Exception {
    int producers = 4, perProducer = 50_000;
    h2Conn(1, 40000, 1_000_000, 0);
    CountDownLatch go = new CountDownLatch(1);
    List<Thread> ts = new ArrayList<>();
    for (int p = 0; p < producers; p++) {
      int base = p * perProducer;
      Thread th = new Thread(() -> {
        try {
          go.await();
        } catch (InterruptedException e) {
          return;
        }
        for (int i = 0; i < perProducer; i++) {
          long req = base + i + 1;
          m.accept(new Event.RequestStarted(i, req, 0));
          m.accept(new Event.RequestAssigned(i, req, 1, 1));
          m.accept(new Event.RequestFinished(i, req, 1, 1, Outcome.OK, null, 1));
        }
      });
      th.start();
      ts.add(th);
    }
    go.countDown();
    while (ts.stream().anyMatch(Thread::isAlive)) m.snapshot(0); // a reader racing the producers
    for (Thread th : ts) th.join();
    LiveSnapshot s = m.snapshot(0);
    assertEquals(producers * perProducer, s.totals().ok());
    assertEquals(0, s.connection(1).active());
    assertEquals(2 + 3L * producers * perProducer, s.folded());
  }

  @Test
  void aProducerFoldsTheBacklogWhenNobodyReads() {
    for (int i = 0; i < LiveModel.MAX_PENDING + 10; i++) m.accept(new Event.RequestStarted(i, i, 0));
    // Without a reader the queue stays bounded: the producer drained it once over the limit.
    assertTrue(m.eventsAfter(Long.MAX_VALUE).nextSeq() == LiveModel.MAX_PENDING + 10);
    assertEquals(LiveModel.MAX_PENDING + 10, m.snapshot(0).totals().requests());
  }
}
