package io.blastradius.core.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.blastradius.core.event.Event;
import io.blastradius.core.run.RunConfig;
import io.blastradius.core.score.Scorecard;
import io.blastradius.core.score.SyntheticRun;
import io.blastradius.core.time.FakeClock;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordingRoundTripTest {
  @TempDir Path dir;

  static String lines(Path file) throws IOException {
    try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void everyEventKindHeaderAndSummarySurviveARoundTrip() throws IOException {
    List<Event> events = Samples.everyKind();
    Path f = Samples.record(dir.resolve("all.blastrec"), events);

    Recording r = RecordingReader.read(f);
    assertEquals(Samples.header(), r.header());
    assertEquals(events, r.events());
    assertFalse(r.truncated());
    assertEquals(Scorecard.of(Samples.header().policy(), events), r.summary());
    assertEquals(r.summary(), r.rescore());
    // Every kind is covered, so adding one without a test here fails.
    assertEquals(RecordingReader.knownKinds().split(", ").length,
        events.stream().map(Object::getClass).distinct().count());
  }

  @Test
  void fileIsGzippedJsonLinesWithHeaderEventsAndSummary() throws IOException {
    Path f = Samples.record(dir.resolve("x.blastrec"), Samples.everyKind());
    String[] lines = lines(f).split("\n", -1);
    assertEquals(1 + Samples.everyKind().size() + 1 + 1, lines.length, "header, events, summary, then the final newline");
    assertEquals("", lines[lines.length - 1]);
    String header = lines[0];
    assertTrue(header.startsWith("{\"format\":\"blastradius-recording\",\"formatVersion\":1,\"appVersion\":\"0.1.0-test\","
        + "\"createdAt\":\"2025-03-04T05:06:07.123456Z\",\"scenario\":\"seed\","
        + "\"policy\":\"h2-read-idle-ping:idle=1s:timeout=500ms+max-streams=100+retry\",\"config\":{"), header);
    assertTrue(header.contains("\"timeout\":\"10ms\""), header);
    assertTrue(header.contains("\"thinkTime\":\"1500ns\""), header);
    assertTrue(header.contains("\"stall\":\"3s\""), header);
    assertTrue(header.contains("\"pingLimit\":{\"minInterval\":\"5m\",\"maxStrikes\":2}"), header);
    assertTrue(header.contains("{\"type\":\"unplug-every\",\"every\":10000}"), header);
    assertTrue(header.contains("\"machine\":{\"os\":\"Linux 6.1\",\"arch\":\"amd64\",\"cores\":2,\"java\":\"17.0.15\"}"), header);
    assertEquals("{\"kind\":\"run-started\",\"t\":0,\"policy\":\"h2-naive\",\"scenario\":\"seed\"}", lines[1]);
    assertEquals("{\"kind\":\"request-finished\",\"t\":60,\"requestId\":1,\"connId\":1,\"streamId\":1,\"outcome\":\"OK\",\"latencyNanos\":20}", lines[7]);
    assertTrue(lines[lines.length - 2].startsWith("{\"summary\":{\"policy\":\"h2-read-idle-ping"), lines[lines.length - 2]);
  }

  @Test
  void runConfigRoundTripsThroughJsonOnItsOwn() throws IOException {
    RunConfig c = Samples.config();
    String json = RecordingJson.mapper().writeValueAsString(c);
    assertEquals(c, RecordingJson.mapper().readValue(json, RunConfig.class));
    // Validation runs on read: a record's constructor refuses what it would refuse in code.
    String bad = json.replace("\"workers\":4", "\"workers\":0");
    var e = assertThrows(IOException.class, () -> RecordingJson.mapper().readValue(bad, RunConfig.class));
    assertTrue(e.getMessage().contains("workers must be >= 1"), e.getMessage());
    String badDuration = json.replace("\"10ms\"", "\"ten\"");
    var d = assertThrows(IOException.class, () -> RecordingJson.mapper().readValue(badDuration, RunConfig.class));
    assertTrue(d.getMessage().contains("'ten' is not a duration"), d.getMessage());
    // A malformed spec is refused; an unknown policy id is not (a newer version's recording opens).
    String badPolicy = json.replace("+retry\"", "+bogus\"");
    var p = assertThrows(IOException.class, () -> RecordingJson.mapper().readValue(badPolicy, RunConfig.class));
    assertTrue(p.getMessage().contains("unknown modifier 'bogus'"), p.getMessage());
    String newerPolicy = json.replace("\"h2-read-idle-ping:", "\"h3-future:");
    assertEquals("h3-future", RecordingJson.mapper().readValue(newerPolicy, RunConfig.class).policy().id());
  }

  @Test
  void aBadInstantIsAJsonErrorNamingTheValue() throws IOException {
    String json = RecordingJson.mapper().writeValueAsString(Samples.header());
    String bad = json.replace(Samples.CREATED.toString(), "yesterday");
    var e = assertThrows(com.fasterxml.jackson.databind.JsonMappingException.class,
        () -> RecordingJson.mapper().readValue(bad, RecordingHeader.class));
    assertTrue(e.getMessage().contains("yesterday"), e.getMessage());
    assertEquals(Samples.header(), RecordingJson.mapper().readValue(json, RecordingHeader.class));
  }

  @Test
  void headerForRunTakesScenarioPolicyAndMachine() {
    RecordingHeader h = RecordingHeader.forRun(Samples.config(), Samples.CREATED);
    assertEquals("seed", h.scenario());
    assertEquals("h2-read-idle-ping:idle=1s:timeout=500ms+max-streams=100+retry", h.policy());
    assertEquals(RecordingHeader.FORMAT_VERSION, h.formatVersion());
    assertEquals(Runtime.getRuntime().availableProcessors(), h.machine().cores());
    assertEquals("dev", h.appVersion());
  }

  @Test
  void concurrentProducersEachKeepTheirOrderAndTheSummaryMatches() throws Exception {
    Path f = dir.resolve("mt.blastrec");
    int threads = 4, perThread = 50_000;
    RecordingWriter w = RecordingWriter.open(f, Samples.header());
    List<Thread> ts = new ArrayList<>();
    for (int k = 0; k < threads; k++) {
      int worker = k;
      ts.add(new Thread(() -> {
        for (int i = 0; i < perThread; i++) w.accept(new Event.RequestStarted(i, worker * 1_000_000L + i, worker));
      }));
    }
    ts.forEach(Thread::start);
    for (Thread t : ts) t.join();
    w.close();
    assertEquals((long) threads * perThread, w.eventsWritten());
    assertEquals(0, w.eventsDropped());
    w.accept(new Event.RequestStarted(0, -1, 0));
    assertEquals(1, w.eventsDropped(), "events after close are dropped, not written");
    w.close(); // idempotent
    Recording r = RecordingReader.read(f);
    assertEquals(threads * perThread, r.events().size());
    long[] next = new long[threads];
    for (Event e : r.events()) {
      Event.RequestStarted s = (Event.RequestStarted) e;
      assertEquals(next[s.worker()]++, s.requestId() - s.worker() * 1_000_000L, "order within a producer");
    }
    assertEquals(r.rescore(), r.summary());
    assertEquals(threads * perThread, r.summary().requests());
  }

  @Test
  void replayRecomputesTheSummaryWithoutKeepingEvents() throws IOException {
    List<Event> events = SyntheticRun.events(50_000, 5_000, 7);
    Path f = Samples.record(dir.resolve("seed.blastrec"), events);
    RecordingReader.Replay replay = RecordingReader.replay(f);
    assertTrue(replay.matches());
    assertEquals(events.size(), replay.events());
    assertEquals(Scorecard.of(Samples.header().policy(), events), replay.rescored());
  }

  @Test
  void aCrashLosesAtMostTheLastFlushInterval() throws Exception {
    FakeClock clock = new FakeClock();
    Path f = dir.resolve("crash.blastrec");
    List<Event> events = SyntheticRun.events(3_000, 0, 3);
    RecordingWriter w = RecordingWriter.open(f, Samples.header(), clock, Duration.ofSeconds(1));
    try {
      // Before any flush the header alone is readable.
      Recording early = RecordingReader.readLenient(f);
      assertEquals(Samples.header(), early.header());
      assertTrue(early.truncated());

      events.forEach(w::accept);
      awaitTrue(() -> w.eventsWritten() == events.size());
      assertEquals(0, w.flushes(), "no flush before the interval has passed");
      clock.advance(Duration.ofMillis(999));
      Thread.sleep(20); // Give the writer a chance to flush too early (it must not).
      assertEquals(0, w.flushes());
      clock.advance(Duration.ofMillis(1));
      awaitTrue(() -> w.flushes() == 1);

      // The process "crashes" here: the file is read while the writer never finished it.
      Recording r = RecordingReader.readLenient(f);
      assertTrue(r.truncated());
      assertEquals(events, r.events());
      RecordingException strict = assertThrows(RecordingException.class, () -> RecordingReader.read(f));
      assertEquals(f + " is truncated: " + events.size() + " events read intact, then the file stops (did the run crash?)", strict.getMessage());
      assertEquals(events, strict.partial().orElseThrow().events());
    } finally {
      w.close();
    }
    assertEquals(events, RecordingReader.read(f).events());
  }

  static void awaitTrue(java.util.function.BooleanSupplier c) throws InterruptedException {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (!c.getAsBoolean()) {
      if (System.nanoTime() > deadline) throw new AssertionError("condition not met within 10 s");
      Thread.sleep(2);
    }
  }

  @Test
  void aWriteErrorNeverReachesProducersAndCloseReportsIt() throws Exception {
    FakeClock clock = new FakeClock();
    java.util.concurrent.atomic.AtomicLong budget = new java.util.concurrent.atomic.AtomicLong(5_000);
    java.io.OutputStream failing = new java.io.OutputStream() {
      @Override
      public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        if (budget.addAndGet(-len) < 0) throw new IOException("No space left on device");
      }
    };
    Path name = dir.resolve("full.blastrec");
    RecordingWriter w = RecordingWriter.open(name, failing, Samples.header(), clock, Duration.ofSeconds(1));
    List<Event> events = SyntheticRun.events(200_000, 0, 2);
    events.forEach(w::accept); // Never throws, whatever the disk does.
    RecordingException e = assertThrows(RecordingException.class, w::close);
    assertEquals("could not write " + name + ": No space left on device", e.getMessage());
    assertTrue(w.failure().isPresent());
    assertTrue(w.eventsWritten() < events.size());
    w.accept(events.get(0));
    assertTrue(w.eventsDropped() > 0);
  }

  @Test
  void openFailsAtOnceWhenTheFileCannotBeCreated() {
    assertThrows(IOException.class, () -> RecordingWriter.open(dir.resolve("no/such/dir/x.blastrec"), Samples.header()));
  }
}
