package io.blastradius.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.blastradius.core.record.RecordingJson;
import io.blastradius.core.record.Samples;
import io.blastradius.core.score.SyntheticRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExportHtmlCommandTest {
  static final Path SAMPLE = Path.of("assets/recordings/seed-h2-naive.blastrec");
  static final Path SAMPLE_H1 = Path.of("assets/recordings/seed-h1.blastrec");
  static final String NL = System.lineSeparator();

  @TempDir Path dir;

  List<String> files() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  static JsonNode data(Path html) throws IOException {
    Matcher m = Pattern.compile("id=\"report-data\">(.*?)</script>", Pattern.DOTALL).matcher(Files.readString(html));
    assertTrue(m.find());
    return RecordingJson.mapper().readTree(m.group(1));
  }

  @Test
  void writesOneReportOfOneOrSeveralRecordings() throws IOException {
    Path out = dir.resolve("report.html");
    CliRun r = CliRun.of(new ExportCommand(), SAMPLE.toString(), "--html", out.toString());
    assertEquals(0, r.code(), r.err());
    assertEquals("", r.err());
    assertTrue(r.out().startsWith("Wrote " + out + " (HTML report of 1 recording, 11517 events, "), r.out());
    assertEquals(1, data(out).path("runs").size());
    assertEquals(List.of("report.html"), files(), "no temporary file left");

    Path both = dir.resolve("both.html");
    CliRun two = CliRun.of(new ExportCommand(), SAMPLE.toString(), SAMPLE_H1.toString(), "--html", both.toString());
    assertEquals(0, two.code(), two.err());
    JsonNode runs = data(both).path("runs");
    assertEquals(2, runs.size());
    assertEquals("h2-naive", runs.get(0).path("policy").asText());
    assertEquals("h1", runs.get(1).path("policy").asText());
  }

  @Test
  void htmlGoesAlongWithHarAndCsv() throws IOException {
    Path rec = Samples.record(dir.resolve("run.blastrec"), SyntheticRun.events(2_000, 500, 2));
    CliRun r = CliRun.of(new ExportCommand(), rec.toString(), "--html", dir.resolve("r.html").toString(),
        "--csv", dir.resolve("r.csv").toString());
    assertEquals(0, r.code(), r.err());
    assertEquals(List.of("r.csv", "r.html", "run.blastrec"), files());

    CliRun same = CliRun.of(new ExportCommand(), rec.toString(), "--html", dir.resolve("x").toString(), "--har", dir.resolve("x").toString());
    assertEquals(2, same.code());
    assertEquals("export: --html and --har name the same file, " + dir.resolve("x") + NL, same.err());

    CliRun badCsv = CliRun.of(new ExportCommand(), rec.toString(), "--html", dir.resolve("y.html").toString(), "--csv", dir.resolve("r.csv").toString());
    assertEquals(2, badCsv.code(), "the CSV exists: checked before the report is written");
    assertFalse(Files.exists(dir.resolve("y.html")));
  }

  @Test
  void aForeignOrTruncatedRecordingGetsReplaysMessage() throws IOException {
    Path notGzip = Files.writeString(dir.resolve("notes.blastrec"), "hello\n");
    Path gzJson = Samples.gzip(dir.resolve("other.blastrec"), "{\"format\":\"something-else\"}\n");
    byte[] bytes = Files.readAllBytes(Samples.record(dir.resolve("run.blastrec"), SyntheticRun.events(20_000, 3_000, 4)));
    Path cut = Files.write(dir.resolve("cut.blastrec"), Arrays.copyOf(bytes, bytes.length / 2));
    Path missing = dir.resolve("missing.blastrec");
    for (Path bad : List.of(notGzip, gzJson, cut, missing)) {
      CliRun replay = CliRun.of(new ReplayCommand(), bad.toString());
      CliRun export = CliRun.of(new ExportCommand(), bad.toString(), "--html", dir.resolve("r.html").toString());
      assertEquals(2, export.code(), bad.toString());
      assertEquals(1, export.err().lines().count(), export.err());
      assertEquals(replay.err().replaceFirst("^replay: ", "export: "), export.err(), "the same words as replay");
      assertEquals("", export.out());
      assertFalse(Files.exists(dir.resolve("r.html")));
    }
    // A good recording after a bad one: nothing is written when any input is bad.
    CliRun mixed = CliRun.of(new ExportCommand(), SAMPLE.toString(), cut.toString(), "--html", dir.resolve("r.html").toString());
    assertEquals(2, mixed.code());
    assertFalse(Files.exists(dir.resolve("r.html")));
  }

  @Test
  void anOutputInAMissingFolderExitsTwoAndCreatesNothing() {
    Path out = dir.resolve("no/such/folder/r.html");
    CliRun r = CliRun.of(new ExportCommand(), SAMPLE.toString(), "--html", out.toString());
    assertEquals(2, r.code());
    assertEquals("export: cannot write " + out + ": no such directory " + out.getParent() + NL, r.err());
    assertFalse(Files.exists(dir.resolve("no")));
  }

  @Test
  void theReportNeverReplacesItsRecordingEvenWithForce() throws IOException {
    Path rec = Files.copy(SAMPLE, dir.resolve("seed.blastrec"), StandardCopyOption.REPLACE_EXISTING);
    byte[] before = Files.readAllBytes(rec);
    for (String spelling : List.of(rec.toString(), dir.resolve(".").resolve("seed.blastrec").toString())) {
      for (List<String> extra : List.of(List.<String>of(), List.of("--force"))) {
        String[] args = Stream.concat(Stream.of(rec.toString(), "--html", spelling), extra.stream()).toArray(String[]::new);
        CliRun r = CliRun.of(new ExportCommand(), args);
        assertEquals(2, r.code(), String.join(" ", args));
        assertEquals("export: --html " + spelling + " is the recording " + rec + " itself; choose another file for the report" + NL, r.err());
      }
    }
    Path link = Files.createSymbolicLink(dir.resolve("link.html"), rec);
    CliRun viaLink = CliRun.of(new ExportCommand(), rec.toString(), "--html", link.toString(), "--force");
    assertEquals(2, viaLink.code(), viaLink.err());
    assertArrayEquals(before, Files.readAllBytes(rec), "the recording is untouched");
    assertEquals(List.of("link.html", "seed.blastrec"), files());
  }

  @Test
  void anExistingReportIsKeptUnlessForce() throws IOException {
    Path out = Files.writeString(dir.resolve("r.html"), "keep me");
    CliRun r = CliRun.of(new ExportCommand(), SAMPLE.toString(), "--html", out.toString());
    assertEquals(2, r.code());
    assertEquals("export: " + out + " already exists; use --force to replace it" + NL, r.err());
    assertEquals("keep me", Files.readString(out));
    CliRun forced = CliRun.of(new ExportCommand(), SAMPLE.toString(), "--html", out.toString(), "--force");
    assertEquals(0, forced.code(), forced.err());
    assertTrue(Files.readString(out).startsWith("<!DOCTYPE html>"));

    CliRun dirOut = CliRun.of(new ExportCommand(), SAMPLE.toString(), "--html", dir.toString());
    assertEquals(2, dirOut.code());
    assertEquals("export: " + dir + " is a directory" + NL, dirOut.err());
  }

  @Test
  void severalRecordingsNeedHtml() {
    CliRun r = CliRun.of(new ExportCommand(), SAMPLE.toString(), SAMPLE_H1.toString(), "--har", dir.resolve("x.har").toString());
    assertEquals(2, r.code());
    assertEquals("export: --har and --csv take one recording; export several with --html alone" + NL, r.err());
    CliRun none = CliRun.of(new ExportCommand(), SAMPLE.toString(), SAMPLE_H1.toString());
    assertEquals(2, none.code());
    assertTrue(none.err().startsWith("export: several recordings (" + SAMPLE_H1 + "...) make one report: give --html OUT"), none.err());
  }
}
