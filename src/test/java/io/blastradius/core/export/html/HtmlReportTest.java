package io.blastradius.core.export.html;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.blastradius.core.event.Event;
import io.blastradius.core.record.RecordingException;
import io.blastradius.core.record.RecordingHeader;
import io.blastradius.core.record.RecordingJson;
import io.blastradius.core.record.RecordingReader;
import io.blastradius.core.record.RecordingWriter;
import io.blastradius.core.record.Samples;
import io.blastradius.core.score.Scorecard;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HtmlReportTest {
  static final Path SAMPLE = Path.of("assets/recordings/seed-h2-naive.blastrec");
  static final Path SAMPLE_H1 = Path.of("assets/recordings/seed-h1.blastrec");

  @TempDir Path dir;

  static String html(List<RunReport> runs) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    HtmlReport.write(runs, out);
    return out.toString(StandardCharsets.UTF_8);
  }

  /** The report's data, parsed back from its script element. */
  static JsonNode data(String html) throws Exception {
    Matcher m = Pattern.compile("<script type=\"application/json\" id=\"report-data\">(.*?)</script>", Pattern.DOTALL).matcher(html);
    assertTrue(m.find(), "a data element");
    return RecordingJson.mapper().readTree(m.group(1));
  }

  @Test
  void theSampleReportCarriesTheRecordingsScorecardFaultsAndConnections() throws Exception {
    RunReport r = HtmlReport.digest(SAMPLE);
    Scorecard summary = RecordingReader.read(SAMPLE).summary();
    assertEquals(summary, r.scorecard(), "recomputed from the events");
    assertEquals(summary, r.recorded());
    JsonNode run = data(html(List.of(r))).path("runs").get(0);
    assertEquals(summary, RecordingJson.mapper().treeToValue(run.path("scorecard"), Scorecard.class));
    assertEquals("seed", run.path("scenario").asText());
    assertEquals("h2-naive", run.path("policy").asText());
    assertEquals(3000, run.path("config").path("load").path("requests").asInt());
    assertTrue(run.path("policyInfo").path("models").asText().contains("golang/go#63422"), run.path("policyInfo").toString());
    assertEquals(1, run.path("faults").size());
    assertEquals("UNPLUG", run.path("faults").get(0).path("fault").asText());
    assertEquals(1, run.path("connections").size());
    assertEquals(summary.failed(), run.path("connections").get(0).path("failed").asLong());
    long failedInBuckets = 0;
    for (JsonNode n : run.path("finished").get(1)) failedInBuckets += n.asLong();
    assertEquals(summary.failed(), failedInBuckets);
  }

  @Test
  void tenTimesTheEventsDoNotMakeTenTimesThePage() throws Exception {
    Path small = Samples.record(dir.resolve("small.blastrec"), io.blastradius.core.score.SyntheticRun.events(30_000, 5_000, 1));
    Path large = Samples.record(dir.resolve("large.blastrec"), io.blastradius.core.score.SyntheticRun.events(300_000, 50_000, 1));
    String a = html(List.of(HtmlReport.digest(small)));
    String b = html(List.of(HtmlReport.digest(large)));
    assertEquals(HtmlReport.digest(large).events(), data(b).path("runs").get(0).path("events").asLong());
    long dataA = data(a).toString().length(), dataB = data(b).toString().length();
    assertTrue(dataB < 2 * dataA, "the data is bucketed per pixel: " + dataA + " vs " + dataB + " characters");
  }

  @Test
  void thePageIsOneFileThatNeedsNoNetwork() throws Exception {
    String page = html(List.of(HtmlReport.digest(SAMPLE), HtmlReport.digest(SAMPLE_H1)));
    assertTrue(page.startsWith("<!DOCTYPE html>"));
    for (String external : List.of("<script src", "<link", "<img", "@import", "url(", "<iframe", "fetch(", "XMLHttpRequest")) {
      assertFalse(page.contains(external), "the page must not load anything: found " + external);
    }
    assertTrue(page.contains(HtmlReport.resource("vendor/uplot/uPlot.iife.min.js")), "uPlot inlined verbatim");
    for (String part : List.of("report-base.js", "report-charts.js", "report.js")) assertTrue(page.contains(HtmlReport.resource(part)), part);
    assertEquals(2, data(page).path("runs").size());
    assertTrue(page.contains("<title>BlastRadius report: seed / h2-naive vs seed / h1</title>"), page.substring(0, 400));
  }

  @Test
  void itsContentSecurityPolicyRunsOnlyItsOwnTwoScriptsAndLoadsNothing() throws Exception {
    String page = html(List.of(HtmlReport.digest(SAMPLE)));
    Matcher csp = Pattern.compile("<meta http-equiv=\"Content-Security-Policy\" content=\"([^\"]*)\">").matcher(page);
    assertTrue(csp.find(), "a CSP");
    assertTrue(csp.group(1).startsWith("default-src 'none'; script-src 'sha256-"), csp.group(1));
    Matcher scripts = Pattern.compile("<script>(.*?)</script>", Pattern.DOTALL).matcher(page);
    int n = 0;
    while (scripts.find()) {
      n++;
      assertTrue(csp.group(1).contains(HtmlReport.sha256(scripts.group(1))), "script " + n + " is allowed by its hash");
    }
    assertEquals(2, n, "uPlot and the report's script; the data element is not run");
    assertEquals(2, csp.group(1).split("'sha256-").length - 1, "and nothing else");
  }

  @Test
  void theVendoredChartLibraryIsTheRecordedVersionWithItsLicence() {
    String version = HtmlReport.resource("vendor/uplot/VERSION");
    Matcher v = Pattern.compile("^uplot (\\S+)$", Pattern.MULTILINE).matcher(version);
    assertTrue(v.find(), version);
    assertTrue(HtmlReport.resource("vendor/uplot/uPlot.iife.min.js").startsWith("/*! https://github.com/leeoniya/uPlot (v" + v.group(1) + ") */"),
        "the file is the version VERSION names");
    String licence = HtmlReport.resource("vendor/uplot/LICENSE");
    assertTrue(licence.contains("The MIT License") && licence.contains("Leon Sorokin"), licence);
  }

  @Test
  void stringsFromARecordingCannotBreakOutOfThePage() throws Exception {
    String evil = "</script><script>alert(1)</script><!-- \u2028 é /*@SCRIPT*/ @TITLE /*@DATA*/";
    Path f = dir.resolve("evil.blastrec");
    try (RecordingWriter w = RecordingWriter.open(f, RecordingHeader.forRun(evil, "h2-naive", Instant.EPOCH))) {
      Samples.everyKind().forEach(w::accept);
      w.accept(new Event.FlowFaulted(230, 1, io.blastradius.core.event.Fault.LATENCY, evil));
    }
    String page = html(List.of(HtmlReport.digest(f)));
    JsonNode run = data(page).path("runs").get(0);
    assertEquals(evil, run.path("scenario").asText());
    assertEquals(evil, run.path("faults").get(2).path("detail").asText());
    assertEquals(3, page.split("</script>", -1).length - 1, "only the page's own three script elements close");
    assertFalse(page.contains("<script>alert"));
  }

  @Test
  void aTruncatedOrForeignFileIsRefusedWithTheReadersMessage() throws Exception {
    Path good = Samples.record(dir.resolve("good.blastrec"), Samples.everyKind());
    byte[] bytes = Files.readAllBytes(good);
    Path cut = Files.write(dir.resolve("cut.blastrec"), java.util.Arrays.copyOf(bytes, bytes.length - 12));
    RecordingException e = assertThrows(RecordingException.class, () -> HtmlReport.digest(cut));
    assertTrue(e.getMessage().startsWith(cut + " is truncated or damaged after "), e.getMessage());
    Path foreign = Files.writeString(dir.resolve("notes.txt"), "hello");
    RecordingException f = assertThrows(RecordingException.class, () -> HtmlReport.digest(foreign));
    assertEquals(foreign + " is not a BlastRadius recording (not gzip-compressed)", f.getMessage());
  }
}
