package io.blastradius.core.export.html;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.blastradius.core.event.CloseReason;
import io.blastradius.core.event.Event;
import io.blastradius.core.event.Fault;
import io.blastradius.core.event.Outcome;
import io.blastradius.core.policy.Protocol;
import io.blastradius.core.record.Samples;
import io.blastradius.core.score.Scorecard;
import io.blastradius.core.score.SyntheticRun;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunDigestTest {
  static RunReport digest(List<Event> events) {
    RunDigest d = new RunDigest();
    events.forEach(d);
    return d.result("run.blastrec", Samples.header(), null);
  }

  @Test
  void keepsEveryConnectionAndFaultExactly() {
    List<Event> events = Samples.everyKind();
    RunReport r = digest(events);
    assertEquals(Scorecard.of(Samples.header().policy(), events), r.scorecard());
    assertEquals(events.size(), r.events());
    assertEquals(220, r.endNanos());

    assertEquals(1, r.connections().size());
    RunReport.Connection c = r.connections().get(0);
    assertEquals(1, c.id());
    assertEquals(Protocol.H2, c.protocol());
    assertEquals(10, c.dialedAt());
    assertEquals(30, c.readyAt());
    assertEquals(50123, c.localPort());
    assertEquals(250, c.maxConcurrentStreams());
    assertEquals(1, c.flowId());
    assertEquals(190, c.closedAt());
    assertEquals(CloseReason.EVICTED, c.closeReason());
    assertEquals(List.of(new RunReport.Status(120, Event.ConnStatus.SUSPECT, "stream timeout")), c.statuses());
    assertEquals(1, c.ok());
    assertEquals(0, c.failed(), "request 2 ended after it left the connection");
    assertEquals(1, c.retried());
    assertEquals(1, c.pings());
    assertEquals(1, c.goAways());
    // All within the first 1 ms bucket: request 1 ok, request 2's attempt retried, one PING.
    assertEquals(1, c.lane().count(0, RunDigest.OK));
    assertEquals(1, c.lane().count(0, RunDigest.RETRIED));
    assertEquals(1, c.lane().count(0, RunDigest.PING));
    assertEquals(1, r.unplaced().count(0, RunDigest.FAILED), "request 2 finished without a connection");

    assertEquals(List.of(
        new RunReport.FaultMark(90, 1, 1, Fault.UNPLUG, ""),
        new RunReport.FaultMark(91, 1, 1, Fault.LATENCY, "200ms")), r.faults());
  }

  @Test
  void aLongRunIsBucketedPerPixelAndEveryRequestLandsOnItsConnectionAtItsAssignment() {
    List<Event> events = SyntheticRun.events(300_000, 7_000, 3);
    RunReport r = digest(events);
    Scorecard card = Scorecard.of(Samples.header().policy(), events);
    assertEquals(card, r.scorecard());

    long w = r.bucketNanos();
    assertTrue(r.endNanos() / w < RunDigest.TIMELINE_BUCKETS, "the run fits the timeline");
    assertTrue(r.endNanos() / (w / 2) >= RunDigest.TIMELINE_BUCKETS, "and no coarser than needed: " + w);
    assertTrue(r.finished().length() <= RunDigest.TIMELINE_BUCKETS);

    // Expected lane counts from the events themselves, at the final width.
    Map<Long, Long> assignedAt = new HashMap<>();
    Map<String, Integer> expected = new HashMap<>();
    long dials = 0, faults = 0;
    for (Event e : events) {
      if (e instanceof Event.RequestAssigned a) assignedAt.put(a.requestId(), a.t());
      if (e instanceof Event.RequestFinished f) {
        int ch = f.outcome() == Outcome.OK ? RunDigest.OK : RunDigest.FAILED;
        expected.merge(f.connId() + "/" + (assignedAt.remove(f.requestId()) / w) + "/" + ch, 1, Integer::sum);
      }
      if (e instanceof Event.ConnectionDialed) dials++;
      if (e instanceof Event.FlowFaulted) faults++;
    }
    assertEquals(dials, r.connections().size(), "every connection");
    assertEquals(faults, r.faults().size(), "every fault");
    assertEquals(card.unplugs(), r.faults().stream().filter(f -> f.fault() == Fault.UNPLUG).count());
    Map<String, Integer> actual = new HashMap<>();
    long ok = 0, failed = 0;
    for (RunReport.Connection c : r.connections()) {
      RunReport.Counts lane = c.lane();
      for (int b = lane.first(); b < lane.first() + lane.length(); b++) {
        for (int ch : new int[] {RunDigest.OK, RunDigest.FAILED}) {
          if (lane.count(b, ch) > 0) actual.put(c.id() + "/" + b + "/" + ch, lane.count(b, ch));
        }
      }
      ok += c.ok();
      failed += c.failed();
    }
    assertEquals(expected, actual);
    assertEquals(card.ok(), ok);
    assertEquals(card.failed(), failed);
    assertEquals(card.ok(), r.finished().total(RunDigest.OK));
    assertEquals(card.failed(), r.finished().total(RunDigest.FAILED));
    assertEquals(card.failed(), r.perSecond().total(RunDigest.FAILED));
    assertEquals(1_000_000_000L, r.secondNanos());
    // Each connection's flow is the one it was joined to, and each unplug names that connection.
    for (RunReport.FaultMark f : r.faults()) {
      RunReport.Connection c = r.connections().stream().filter(k -> k.id() == f.connId()).findFirst().orElseThrow();
      assertEquals(f.flowId(), c.flowId());
      assertTrue(c.dialedAt() <= f.t() && f.t() <= c.closedAt());
    }
  }

  @Test
  void theRecordedScorecardIsCarriedAsGiven() {
    RunDigest d = new RunDigest();
    Samples.everyKind().forEach(d);
    Scorecard other = Scorecard.of("x", List.of());
    assertEquals(other, d.result("a", Samples.header(), other).recorded());
    assertNull(d.result("a", Samples.header(), null).recorded());
  }
}
