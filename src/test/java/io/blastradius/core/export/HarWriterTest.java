package io.blastradius.core.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.blastradius.core.event.CloseReason;
import io.blastradius.core.event.Event;
import io.blastradius.core.event.Outcome;
import io.blastradius.core.policy.Protocol;
import io.blastradius.core.record.RecordingJson;
import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The HAR written as events stream: entries leave as soon as their order is known, bounded. */
class HarWriterTest {
  static final HarExporter.Run RUN = new HarExporter.Run(Instant.EPOCH, "h2-naive", "127.0.0.1", "test", null);

  @Test
  void entriesLeaveOnceNoOlderRequestIsInFlight() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    HarWriter w = HarWriter.open(RUN, out);
    w.accept(new Event.RequestStarted(1, 1, 0));
    w.accept(new Event.RequestStarted(2, 2, 1));
    w.accept(new Event.RequestFinished(3, 2, 0, 0, Outcome.ERROR, "x", 1));
    assertEquals(0, w.entries(), "request 1 is older and still in flight: request 2 waits");
    assertEquals(1, w.heldNow());
    w.accept(new Event.RequestFinished(4, 1, 0, 0, Outcome.ERROR, "x", 3));
    assertEquals(2, w.entries(), "both written, oldest first");
    assertEquals(0, w.heldNow());
    assertEquals(2, w.finish());
    JsonNode entries = RecordingJson.mapper().readTree(out.toByteArray()).path("log").path("entries");
    assertEquals(1, entries.get(0).path("_requestId").asInt());
    assertEquals(2, entries.get(1).path("_requestId").asInt());
  }

  @Test
  void aRequestThatNeverFinishesHoldsBackAtMostTheBound() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    HarWriter w = HarWriter.open(RUN, out, 10);
    w.accept(new Event.RequestStarted(0, 1, 0)); // never finishes
    int maxHeld = 0;
    for (long id = 2; id <= 1_000; id++) {
      w.accept(new Event.RequestStarted(id, id, 1));
      w.accept(new Event.RequestFinished(id + 1, id, 0, 0, Outcome.ERROR, "x", 1));
      maxHeld = Math.max(maxHeld, w.heldNow());
    }
    assertTrue(maxHeld <= 11, "held " + maxHeld);
    assertEquals(999, w.finish(), "every finished request has its entry; the unfinished one none");
    JsonNode entries = RecordingJson.mapper().readTree(out.toByteArray()).path("log").path("entries");
    List<Long> ids = new ArrayList<>();
    entries.forEach(e -> ids.add(e.path("_requestId").asLong()));
    assertEquals(999, ids.size());
    assertEquals(ids.stream().sorted().toList(), ids, "still oldest first");
  }

  @Test
  void requestsFinishedAfterTheirConnectionClosedStillNameItsFlow() throws Exception {
    // A reset fault closes the flow first; the pool then closes the connection and fails the
    // requests on it. Forgetting the join at the second close must not lose their flow.
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    HarWriter w = HarWriter.open(RUN, out);
    w.accept(new Event.ConnectionDialed(0, 7, Protocol.H2));
    w.accept(new Event.FlowOpened(1, 3, 40000));
    w.accept(new Event.ConnectionReady(2, 7, 40000, 250));
    w.accept(new Event.RequestStarted(3, 1, 0));
    w.accept(new Event.RequestAssigned(4, 1, 7, 1));
    w.accept(new Event.FlowClosed(5, 3, "reset"));
    w.accept(new Event.ConnectionClosed(6, 7, CloseReason.IO_ERROR, "reset"));
    w.accept(new Event.RequestFinished(6, 1, 7, 1, Outcome.ERROR, "connection io_error", 3));
    w.finish();
    JsonNode e = RecordingJson.mapper().readTree(out.toByteArray()).path("log").path("entries").get(0);
    assertEquals(3, e.path("_flowId").asInt());
    assertEquals("7", e.path("connection").asText());
  }
}
