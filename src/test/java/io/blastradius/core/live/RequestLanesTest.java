package io.blastradius.core.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.blastradius.core.event.CloseReason;
import io.blastradius.core.event.Event;
import io.blastradius.core.event.Fault;
import io.blastradius.core.event.Outcome;
import io.blastradius.core.policy.Protocol;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class RequestLanesTest {
  private static final long MS = 1_000_000L;

  private static Event.RequestFinished fin(long t, long id, long conn, Outcome o) {
    return new Event.RequestFinished(t, id, conn, 1, o, o == Outcome.OK ? null : "x", 1000);
  }

  @Test
  void aSubSecondRunIsBucketedInMilliseconds() {
    RequestLanes l = new RequestLanes();
    l.accept(new Event.ConnectionDialed(0, 1, Protocol.H2));
    for (int i = 0; i < 200; i++) l.accept(fin(i * MS, i, 1, Outcome.OK));
    LanesView v = l.view();
    assertEquals(MS, v.widthNanos());
    assertEquals(200, v.span());
    assertEquals(1, v.lanes().size());
    assertEquals(200, Arrays.stream(v.lanes().get(0).ok()).sum());
  }

  @Test
  void aLongRunWidensTheBucketsAndKeepsEveryCount() {
    RequestLanes l = new RequestLanes();
    l.accept(new Event.ConnectionDialed(0, 1, Protocol.H2));
    int n = 0;
    for (long t = 0; t < 3_600_000L * MS; t += 997 * MS) {
      l.accept(fin(t, n, 1, n % 3 == 0 ? Outcome.TIMEOUT : Outcome.OK));
      n++;
    }
    LanesView v = l.view();
    assertTrue(v.span() <= RequestLanes.BUCKETS, "bounded: " + v.span());
    assertTrue(v.widthNanos() >= 3_600_000L * MS / RequestLanes.BUCKETS, "width " + v.widthNanos());
    int ok = Arrays.stream(v.ok()).sum(), failed = Arrays.stream(v.failed()).sum();
    assertEquals(n, ok + failed, "every request counted once");
    assertEquals((n + 2) / 3, failed);
    assertEquals(failed, v.failedTotal());
  }

  @Test
  void aClosedConnectionsLaneIsReusedAndItsFaultsStayOnIt() {
    RequestLanes l = new RequestLanes();
    l.accept(new Event.ConnectionDialed(0, 1, Protocol.H1));
    l.accept(fin(1 * MS, 1, 1, Outcome.OK));
    l.mark(2 * MS, 7, 1, Fault.UNPLUG);
    l.accept(fin(12 * MS, 2, 1, Outcome.TIMEOUT));
    l.accept(new Event.ConnectionClosed(12 * MS, 1, CloseReason.REQUEST_ABORTED, ""));
    l.accept(new Event.ConnectionDialed(13 * MS, 2, Protocol.H1));
    l.accept(fin(14 * MS, 3, 2, Outcome.OK));
    l.accept(fin(15 * MS, 4, 0, Outcome.ERROR)); // never placed
    LanesView v = l.view();
    assertEquals(1, v.lanes().size(), "h1 churn reuses the lane");
    LanesView.Lane lane = v.lanes().get(0);
    assertEquals(2, lane.connId());
    assertEquals(2, lane.carried());
    assertEquals(1, lane.failed()[12]);
    assertEquals(0, v.marks().get(0).lane());
    assertEquals(1, Arrays.stream(v.unplaced().failed()).sum());
    assertEquals(2, v.failedTotal());
  }

  @Test
  void lanesAreCappedWhateverTheNumberOfOpenConnections() {
    RequestLanes l = new RequestLanes();
    for (int c = 1; c <= 1000; c++) {
      l.accept(new Event.ConnectionDialed(c, c, Protocol.H2));
      l.accept(fin(c, c, c, Outcome.OK));
    }
    LanesView v = l.view();
    assertEquals(RequestLanes.MAX_LANES, v.lanes().size());
    assertEquals(1000, Arrays.stream(v.ok()).sum());
    assertNull(v.unplaced());
  }

  @Test
  void theLiveModelFoldsLanesAndMarksEveryFaultKind() {
    LiveModel m = new LiveModel();
    m.accept(new Event.ConnectionDialed(0, 1, Protocol.H2));
    m.accept(new Event.ConnectionReady(1, 1, 5000, 100));
    m.accept(new Event.FlowOpened(1, 3, 5000));
    for (Fault f : new Fault[] {Fault.UNPLUG, Fault.REPLUG, Fault.LATENCY, Fault.RESET}) {
      m.accept(new Event.FlowFaulted(2, 3, f, ""));
    }
    LanesView v = m.lanes();
    assertEquals(4, v.marks().size());
    assertTrue(v.marks().stream().allMatch(k -> k.lane() == 0 && k.connId() == 1));
    assertEquals(4, m.snapshot(3).series().markers().size(), "the charts mark every fault too");
  }
}
