package io.blastradius.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.blastradius.core.event.Event;
import io.blastradius.core.event.Outcome;
import io.blastradius.core.export.html.HeadlessChromium;
import io.blastradius.core.record.Recording;
import io.blastradius.core.record.RecordingReader;
import io.blastradius.core.score.Scorecard;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The exported report of the shipped sample recording, opened from {@code file://} in a real
 * headless Chromium: the scorecard as the page shows it, and the scrubber moved past the unplug.
 */
class ExportHtmlBrowserTest {
  static final Path SAMPLE = Path.of("assets/recordings/seed-h2-naive.blastrec");
  static final Path SAMPLE_H1 = Path.of("assets/recordings/seed-h1.blastrec");
  static final Path SHOTS = Path.of("target/screenshots");

  static ChromeDriver browser;
  static Recording sample;
  static long unplugAt;

  @TempDir Path dir;

  @BeforeAll
  static void open() throws Exception {
    assumeTrue(HeadlessChromium.available(), "chromium and chromium-driver are not installed (.ci/run installs them)");
    sample = RecordingReader.read(SAMPLE);
    unplugAt = sample.events().stream().filter(e -> e instanceof Event.FlowFaulted).findFirst().orElseThrow().t();
    browser = HeadlessChromium.start(1400, 2400);
  }

  @org.junit.jupiter.api.AfterEach
  void noErrorsInThePage() {
    if (browser != null) assertEquals(List.of(), HeadlessChromium.consoleErrors(browser), "the page's console");
  }

  @AfterAll
  static void close() {
    if (browser != null) browser.quit();
  }

  void load(Path html) {
    browser.get(html.toUri().toString());
    new WebDriverWait(browser, Duration.ofSeconds(30))
        .until(d -> "true".equals(d.findElement(By.tagName("body")).getAttribute("data-ready")));
  }

  Path export(Path... recordings) {
    Path out = dir.resolve("report.html");
    String[] args = new String[recordings.length + 2];
    for (int i = 0; i < recordings.length; i++) args[i] = recordings[i].toString();
    args[recordings.length] = "--html";
    args[recordings.length + 1] = out.toString();
    CliRun r = CliRun.of(new ExportCommand(), args);
    assertEquals(0, r.code(), r.err());
    return out;
  }

  String figure(String key) {
    return browser.findElement(By.cssSelector(".readout[data-run='0'] [data-key='" + key + "']")).getText();
  }

  static long number(String text) {
    return Long.parseLong(text.replace(",", ""));
  }

  /** Finished requests of the sample with {@code outcome} whose finish time is before {@code ns}. */
  static long finishedBefore(long ns, Outcome outcome) {
    return sample.events().stream()
        .filter(e -> e instanceof Event.RequestFinished f && f.outcome() == outcome && f.t() < ns)
        .count();
  }

  /** Checks the readouts against the recording at the time the page says they are as of. */
  void readoutsMatchTheRecording() {
    long by = Long.parseLong(browser.findElement(By.cssSelector(".readout[data-run='0'] [data-key='by']")).getAttribute("data-by-ns"));
    assertEquals(finishedBefore(by, Outcome.OK), number(figure("ok")), "ok by " + by);
    assertEquals(finishedBefore(by, Outcome.TIMEOUT) + finishedBefore(by, Outcome.ERROR), number(figure("failed")), "failed by " + by);
  }

  String connectionState() {
    List<WebElement> li = browser.findElements(By.cssSelector(".readout[data-run='0'] li[data-conn='1']"));
    return li.isEmpty() ? null : li.get(0).getAttribute("data-state");
  }

  /** x of the scrub cursor minus x of the unplug marker, in each of the run's three charts. */
  List<Double> cursorPastUnplug() {
    List<WebElement> overs = browser.findElements(By.cssSelector("section.run[data-run='0'] .u-over"));
    assertEquals(3, overs.size(), "per-second, cumulative and timeline charts");
    return overs.stream().map(o -> {
      WebElement cursor = o.findElement(By.className("scrub-cursor"));
      WebElement marker = o.findElement(By.cssSelector(".fault-marker[data-fault='UNPLUG']"));
      return (double) (cursor.getRect().getX() - marker.getRect().getX());
    }).toList();
  }

  @Test
  void theSampleReportShowsTheRecordingsScorecardAndTheScrubberWalksPastTheUnplug() throws Exception {
    load(export(SAMPLE));
    Scorecard card = sample.summary();

    // The scorecard as displayed equals the recording's.
    Map<String, Object> expected = card.asMap();
    for (String field : Scorecard.columns()) {
      if (field.equals("policy")) continue;
      String shown = browser.findElement(By.cssSelector("td[data-run='0'][data-field='" + field + "']")).getText();
      Object v = expected.get(field);
      if (v instanceof Double d) assertEquals(d, Double.parseDouble(shown.replace(",", "")), 0.005, field);
      else if (v instanceof Map<?, ?> m) assertEquals(m.isEmpty() ? "0" : m.toString(), shown, field);
      else assertEquals(v.toString(), shown.replace(",", ""), field);
    }
    assertEquals("h2-naive", browser.findElement(By.cssSelector("thead th[data-run='0']")).getText());
    assertTrue(browser.findElement(By.cssSelector("section.run .meta")).getText().contains("unplug-every every=1000"));

    // Before the unplug: keyboard steps from the start to just before it.
    WebElement scrub = browser.findElement(By.id("scrub"));
    scrub.sendKeys(Keys.HOME);
    double step = Double.parseDouble(scrub.getAttribute("step"));
    long presses = (long) Math.floor((unplugAt / 1e6 - step) / step);
    for (long i = 0; i < presses; i++) scrub.sendKeys(Keys.ARROW_RIGHT);
    double before = Double.parseDouble(scrub.getAttribute("value"));
    assertTrue(before * 1e6 < unplugAt && before * 1e6 > unplugAt - 2 * step * 1e6, "just before the unplug: " + before);
    assertEquals("0", figure("unplugs"));
    assertEquals("LIVE", connectionState());
    readoutsMatchTheRecording();
    for (double dx : cursorPastUnplug()) assertTrue(dx < 0, "the cursor is left of the unplug marker: " + dx);
    String beforeFailed = figure("failed");

    // Drag the scrubber with the mouse to about 5 s, well past the unplug.
    double max = Double.parseDouble(scrub.getAttribute("max"));
    int w = scrub.getRect().getWidth();
    int dx = (int) Math.round((5_000 / max - 0.5) * (w - 16)); // offsets are from the centre; the thumb is 16 px
    new Actions(browser).moveToElement(scrub, 0, 0).clickAndHold().moveToElement(scrub, dx, 0).release().perform();
    double after = Double.parseDouble(scrub.getAttribute("value"));
    assertTrue(after > unplugAt / 1e6 + 1_000, "well past the unplug: " + after + " ms");
    assertEquals(String.format(java.util.Locale.ROOT, "%.3f s", after / 1000), browser.findElement(By.id("scrub-t")).getText());
    assertEquals("1", figure("unplugs"));
    assertEquals("UNPLUGGED", connectionState());
    readoutsMatchTheRecording();
    assertTrue(number(figure("failed")) > number(beforeFailed) + 50, "failures piled up: " + figure("failed"));
    for (double d : cursorPastUnplug()) assertTrue(d > 0, "the cursor is right of the unplug marker: " + d);

    Files.createDirectories(SHOTS);
    Path shot = browser.getScreenshotAs(OutputType.FILE).toPath();
    Files.copy(shot, SHOTS.resolve("report-sample.png"), StandardCopyOption.REPLACE_EXISTING);
    assertTrue(Files.size(SHOTS.resolve("report-sample.png")) > 10_000);

    // At the end the readouts are the scorecard's totals.
    scrub.sendKeys(Keys.END);
    assertEquals(card.failed(), number(figure("failed")));
    assertEquals(card.ok(), number(figure("ok")));
  }

  @Test
  void aComparisonShowsBothScorecardsAndOverlaysTheirCurves() throws Exception {
    load(export(SAMPLE, SAMPLE_H1));
    Scorecard h1 = RecordingReader.read(SAMPLE_H1).summary();
    assertEquals(String.valueOf(sample.summary().failed()), browser.findElement(By.cssSelector("#compare td[data-run='0'][data-field='failed']")).getText().replace(",", ""));
    assertEquals(String.valueOf(h1.failed()), browser.findElement(By.cssSelector("#compare td[data-run='1'][data-field='failed']")).getText().replace(",", ""));
    String legend = browser.findElement(By.cssSelector("#compare .u-legend")).getText();
    assertTrue(legend.contains("A: h2-naive failed") && legend.contains("B: h1 failed"), legend);
    assertEquals(2, browser.findElements(By.cssSelector("section.run")).size());
    // 26 s against 0.3 s: compared per request finished by default, failures on a log scale.
    WebElement chart = browser.findElement(By.cssSelector("#compare [data-x]"));
    assertEquals("requests", chart.getAttribute("data-x"));
    assertEquals("log", chart.getAttribute("data-y-scale"));
    new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("compare-x"))).selectByValue("time");
    assertEquals("time", chart.getAttribute("data-x"));
    assertEquals(1, browser.findElements(By.cssSelector("#compare .u-over")).size(), "the chart was replaced, not added");
    // One chip per fault: 1 unplug in A, 3 in B; the chip moves the scrubber just after its fault.
    List<WebElement> chips = browser.findElements(By.cssSelector("#fault-chips button"));
    assertEquals(1 + h1.unplugs(), chips.size());
    WebElement last = chips.get(chips.size() - 1);
    long faultT = Long.parseLong(last.getAttribute("data-fault-t"));
    last.click();
    double v = Double.parseDouble(browser.findElement(By.id("scrub")).getAttribute("value"));
    assertTrue(v * 1e6 > faultT, v + " ms after " + faultT + " ns");
    assertEquals(String.valueOf(h1.unplugs()), browser.findElement(By.cssSelector(".readout[data-run='1'] [data-key='unplugs']")).getText());
    assertFalse(browser.findElements(By.cssSelector("#compare .scrub-cursor")).isEmpty());
  }

  @Test
  void aRecordingWithoutEventsStillOpens() throws Exception {
    Path empty = dir.resolve("empty.blastrec");
    try (var w = io.blastradius.core.record.RecordingWriter.open(empty,
        io.blastradius.core.record.RecordingHeader.forRun("empty", "h1", java.time.Instant.EPOCH))) {
      // No events: a run stopped before its first request.
    }
    load(export(empty));
    assertEquals("0", browser.findElement(By.cssSelector("td[data-run='0'][data-field='requests']")).getText());
    assertEquals("0", figure("failed"));
    assertTrue(browser.findElements(By.cssSelector(".fault-marker")).isEmpty());
  }
}
