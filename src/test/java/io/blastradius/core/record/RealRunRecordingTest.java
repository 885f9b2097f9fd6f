package io.blastradius.core.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.blastradius.core.event.Event;
import io.blastradius.core.event.EventLog;
import io.blastradius.core.event.EventSink;
import io.blastradius.core.load.FaultPlan;
import io.blastradius.core.load.LoadConfig;
import io.blastradius.core.policy.PolicySpec;
import io.blastradius.core.run.Run;
import io.blastradius.core.run.RunConfig;
import io.blastradius.core.score.Scorecard;
import io.blastradius.core.server.ServerConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real run (server, fault proxy, pool, h2-naive, one unplug) recorded while an {@link EventLog}
 * sees the same events: the file must hold exactly what the run emitted, in order, and its summary
 * must be the scorecard of those events.
 */
@Timeout(60)
class RealRunRecordingTest {
  @TempDir Path dir;

  @Test
  void aRecordedRunReadsBackAsExactlyTheEventsItEmitted() throws Exception {
    // 300 sequential requests, an unplug before request 150; one I/O thread, so the log and the
    // writer see the events in the same order (the tee feeds both from the emitting thread).
    RunConfig config = RunConfig.of("round-trip", PolicySpec.parse("h2-naive"),
        LoadConfig.sequential(300, Duration.ofMillis(10)), ServerConfig.defaults(), FaultPlan.unplugEvery(300));
    RecordingHeader header = RecordingHeader.forRun(config, Instant.now());
    Path file = dir.resolve("real.blastrec");
    EventLog log = new EventLog();
    RecordingWriter writer = RecordingWriter.open(file, header);
    try {
      Run run = Run.start(config, EventSink.tee(log, writer));
      run.await(50_000);
    } finally {
      writer.close();
    }
    List<Event> events = log.snapshot();

    Recording r = RecordingReader.read(file);
    assertEquals(header, r.header());
    assertFalse(r.truncated());
    assertEquals(events.size(), writer.eventsWritten());
    assertEquals(0, writer.eventsDropped());
    assertEquals(events, r.events(), "the file holds every event, equal and in order");

    Scorecard expected = Scorecard.of("h2-naive", events);
    assertEquals(expected, r.summary(), "the recorded summary is the scorecard of the run's events");
    assertEquals(expected, writer.summary().orElseThrow());
    assertEquals(expected, r.rescore());

    // It was the run we meant: every request ended, one flow unplugged, the tail event is last.
    assertEquals(300, expected.requests());
    assertEquals(300, expected.ok() + expected.failed() + expected.cancelled());
    assertEquals(1, expected.unplugs());
    assertTrue(expected.failed() >= 1, "h2-naive loses at least the request after the unplug: " + expected);
    assertTrue(events.get(0) instanceof Event.RunStarted);
    assertTrue(events.get(events.size() - 1) instanceof Event.RunFinished f && !f.stopped());
  }
}
