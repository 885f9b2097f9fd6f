package io.blastradius.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.blastradius.core.event.Event;
import io.blastradius.core.record.RecordingJson;
import io.blastradius.core.record.Samples;
import io.blastradius.core.score.Scorecard;
import io.blastradius.core.score.SyntheticRun;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplayCommandTest {
  @TempDir Path dir;

  static final List<Event> EVENTS = SyntheticRun.events(20_000, 3_000, 4);

  Path recording() throws IOException {
    return Samples.record(dir.resolve("run.blastrec"), EVENTS);
  }

  static String unzip(Path f) throws IOException {
    try (InputStream in = new GZIPInputStream(Files.newInputStream(f))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void aFaithfulRecordingReplaysToItsSummary() throws IOException {
    Path f = recording();
    CliRun r = CliRun.of(new ReplayCommand(), f.toString());
    assertEquals(0, r.code(), r.err());
    assertEquals("", r.err());
    Scorecard expected = Scorecard.of(Samples.header().policy(), EVENTS);
    assertTrue(r.out().startsWith(Scorecard.table(List.of(expected))), r.out());
    assertTrue(r.out().endsWith("Replayed " + EVENTS.size() + " events: the scorecard equals the recorded summary.\n"), r.out());
  }

  @Test
  void jsonCarriesTheScorecardAndTheVerdict() throws IOException {
    Path f = recording();
    CliRun r = CliRun.of(new ReplayCommand(), "--json", f.toString());
    assertEquals(0, r.code());
    JsonNode n = RecordingJson.mapper().readTree(r.out());
    assertTrue(n.path("equal").asBoolean());
    assertEquals(EVENTS.size(), n.path("events").asLong());
    Scorecard card = RecordingJson.mapper().treeToValue(n.path("scorecard"), Scorecard.class);
    assertEquals(Scorecard.of(Samples.header().policy(), EVENTS), card);
    assertEquals(n.path("scorecard"), n.path("recorded"));
    assertEquals(0, n.path("differences").size());
  }

  @Test
  void aSummaryThatDisagreesExitsOneAndNamesTheFields() throws IOException {
    Path good = recording();
    Scorecard real = Scorecard.of(Samples.header().policy(), EVENTS);
    String text = unzip(good).replace("\"failed\":" + real.failed() + ",", "\"failed\":99999,");
    Path f = Samples.gzip(dir.resolve("tampered.blastrec"), text);
    CliRun r = CliRun.of(new ReplayCommand(), f.toString());
    assertEquals(1, r.code(), r.out() + r.err());
    assertTrue(r.out().contains("the scorecard differs from the recorded summary:\n  failed: recorded 99999, replayed " + real.failed() + "\n"), r.out());

    CliRun j = CliRun.of(new ReplayCommand(), "--json", f.toString());
    assertEquals(1, j.code());
    JsonNode d = RecordingJson.mapper().readTree(j.out()).path("differences");
    assertEquals(1, d.size());
    assertEquals("failed", d.get(0).path("field").asText());
    assertEquals(99999, d.get(0).path("recorded").asLong());
    assertEquals(real.failed(), d.get(0).path("replayed").asLong());
  }

  @Test
  void badInputExitsTwoWithOneLineOnStderr() throws IOException {
    Path notGzip = Files.writeString(dir.resolve("notes.blastrec"), "hello\n");
    CliRun r = CliRun.of(new ReplayCommand(), notGzip.toString());
    assertEquals(2, r.code());
    assertEquals("", r.out());
    assertEquals("replay: " + notGzip + " is not a BlastRadius recording (not gzip-compressed)" + System.lineSeparator(), r.err());

    Path missing = dir.resolve("missing.blastrec");
    CliRun m = CliRun.of(new ReplayCommand(), missing.toString());
    assertEquals(2, m.code());
    assertEquals("replay: " + missing + ": no such file" + System.lineSeparator(), m.err());

    CliRun none = CliRun.of(new ReplayCommand());
    assertEquals(2, none.code(), "picocli's usage error");
    assertTrue(none.err().startsWith("Missing required parameter: 'FILE'"), none.err());
  }

  @Test
  void aTruncatedRecordingShowsWhatIsIntactAndExitsTwo() throws IOException {
    byte[] bytes = Files.readAllBytes(recording());
    Path f = Files.write(dir.resolve("cut.blastrec"), Arrays.copyOf(bytes, bytes.length / 2));
    CliRun r = CliRun.of(new ReplayCommand(), f.toString());
    assertEquals(2, r.code());
    assertTrue(r.out().contains("requests"), r.out());
    assertEquals(1, r.err().lines().count(), r.err());
    assertTrue(r.err().startsWith("replay: " + f + " is truncated or damaged after "), r.err());
  }

  @Test
  void aRecordingWithoutSummaryExitsTwo() throws IOException {
    String text = unzip(recording());
    String noSummary = text.substring(0, text.lastIndexOf("{\"summary\""));
    Path f = Samples.gzip(dir.resolve("nosummary.blastrec"), noSummary);
    CliRun r = CliRun.of(new ReplayCommand(), f.toString());
    assertEquals(2, r.code());
    assertEquals("replay: " + f + " has no summary line to compare with (" + EVENTS.size() + " events read)" + System.lineSeparator(), r.err());
  }
}
