package io.blastradius.core.record;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.blastradius.core.event.Event;
import io.blastradius.core.event.Fault;
import io.blastradius.core.load.FaultPlan;
import io.blastradius.core.policy.PolicySpec;
import io.blastradius.core.score.Scorecard;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The sample recordings committed under {@code assets/recordings/}, made by the real product
 * (0.1.0, format version 1):
 *
 * <pre>
 * java -jar target/blastradius.jar compare --scenario seed --policy h2-naive,h1 \
 *     --record assets/recordings/seed.blastrec
 * </pre>
 *
 * (which writes {@code seed-h2-naive.blastrec} and {@code seed-h1.blastrec}: the seed preset, 3000
 * sequential requests with a 10 ms timeout, an unplug of a random live flow before requests 500,
 * 1500 and 2500. h2-naive's only flow is black-holed by the first and stays so, leaving none live
 * for the other two: one unplug, 2508 failures. h1 redials and is unplugged three times.)
 *
 * <p><b>Every later version must still open these files, unchanged.</b> Do not regenerate them to
 * make this test pass: a failure here means the reader, the event model or the scoring changed in
 * a way that breaks recordings users already have. If the format ever changes, bump {@link
 * RecordingHeader#FORMAT_VERSION} and keep {@link RecordingReader} reading version 1 (these files
 * are the proof); add a golden file of the new version next to them rather than replacing these.
 * If the scoring changes on purpose, the pinned numbers here and the recorded summaries will
 * disagree with the new rescoring: decide explicitly how old summaries are presented, then
 * update the pins with that decision in the commit message.
 *
 * <p>The GUI offers the h2-naive file as "Open sample recording" from the jar ({@code
 * /assets/recordings/}); the classpath copy is checked here too.
 */
class GoldenRecordingTest {
  static final Path DIR = Path.of(System.getProperty("basedir", "")).resolve("assets").resolve("recordings");
  static final Path H2 = DIR.resolve("seed-h2-naive.blastrec");
  static final Path H1 = DIR.resolve("seed-h1.blastrec");

  @Test
  void h2NaiveSeedOpensWithItsHeaderEventsAndSummary() throws IOException {
    Recording r = RecordingReader.read(H2);
    RecordingHeader h = r.header();
    assertEquals(RecordingHeader.FORMAT, h.format());
    assertEquals(1, h.formatVersion());
    assertEquals("0.1.0", h.appVersion());
    assertEquals("seed", h.scenario());
    assertEquals("h2-naive", h.policy());
    assertEquals(PolicySpec.parse("h2-naive"), h.config().policy());
    assertEquals(3000, h.config().load().requests());
    assertEquals(1, h.config().load().workers());
    assertEquals(Duration.ofMillis(10), h.config().load().timeout());
    assertEquals(List.of(new FaultPlan.UnplugEvery(1000)), h.config().faults().steps());
    assertEquals(2, h.machine().cores());

    assertFalse(r.truncated());
    assertEquals(11_517, r.events().size());
    assertTrue(r.events().get(0) instanceof Event.RunStarted s && s.policy().equals("h2-naive") && s.scenario().equals("seed"));
    assertTrue(r.events().get(r.events().size() - 1) instanceof Event.RunFinished f && !f.stopped());

    assertNotNull(r.summary());
    assertEquals(r.summary(), r.rescore(), "rescoring the events gives the recorded summary");
    Scorecard s = r.summary();
    assertEquals("h2-naive", s.policy());
    assertEquals(3000, s.requests());
    assertEquals(492, s.ok());
    assertEquals(2508, s.failed());
    assertEquals(0, s.cancelled());
    assertEquals(1, s.unplugs());
    assertEquals(2508.0, s.magnification());
    assertEquals(1, s.connectionsOpened());
    assertEquals(0, s.pingsSent());
    assertEquals(0, s.evictions());
    assertEquals(110, s.p50Micros());
    assertEquals(8391, s.p99Micros());
    // The unplug is the seed's: one flow black-holed, once.
    assertEquals(1, r.events().stream().filter(e -> e instanceof Event.FlowFaulted f && f.fault() == Fault.UNPLUG).count());
  }

  @Test
  void h1SeedOpensWithItsHeaderEventsAndSummary() throws IOException {
    Recording r = RecordingReader.read(H1);
    assertEquals(1, r.header().formatVersion());
    assertEquals("seed", r.header().scenario());
    assertEquals("h1", r.header().policy());
    assertFalse(r.truncated());
    assertEquals(9_025, r.events().size());
    assertEquals(r.summary(), r.rescore());
    Scorecard s = r.summary();
    assertEquals(3000, s.requests());
    assertEquals(2997, s.ok());
    assertEquals(3, s.failed());
    assertEquals(3, s.unplugs());
    assertEquals(4, s.connectionsOpened());
  }

  @Test
  void streamingReplayMatchesTheRecordedSummary() throws IOException {
    for (Path f : List.of(H2, H1)) {
      RecordingReader.Replay replay = RecordingReader.replay(f);
      assertTrue(replay.matches(), f + ": " + replay.rescored() + " vs " + replay.recorded());
      assertFalse(replay.truncated());
    }
  }

  @Test
  void theWritersEncoderReproducesEveryEventLineByteForByte() throws IOException {
    // The files were written by databind; the writer now encodes hot events by hand.
    for (Path f : List.of(H2, H1)) {
      String[] fileLines = RecordingRoundTripTest.lines(f).split("\n");
      List<Event> events = RecordingReader.read(f).events();
      assertEquals(fileLines.length, events.size() + 2, "header, events, summary");
      EventLines lines = new EventLines(1 << 16);
      for (Event e : events) lines.event(e);
      java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
      lines.drainTo(out);
      String expected = String.join("\n", java.util.Arrays.asList(fileLines).subList(1, fileLines.length - 1)) + "\n";
      assertEquals(expected, out.toString(java.nio.charset.StandardCharsets.UTF_8), f.toString());
    }
  }

  @Test
  void samplesStaySmallAndShipInTheJar() throws IOException {
    for (Path f : List.of(H2, H1)) {
      assertTrue(Files.size(f) < 300 * 1024, f + " is " + Files.size(f) + " bytes");
      String resource = "/assets/recordings/" + f.getFileName();
      try (InputStream in = GoldenRecordingTest.class.getResourceAsStream(resource)) {
        assertNotNull(in, resource + " is on the classpath (the pom copies assets/ into the jar)");
        assertArrayEquals(Files.readAllBytes(f), in.readAllBytes(), resource + " is the committed file, byte for byte");
      }
    }
  }
}
