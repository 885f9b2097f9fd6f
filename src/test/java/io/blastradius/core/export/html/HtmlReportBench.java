package io.blastradius.core.export.html;

import io.blastradius.core.export.AtomicFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Size and build time of the HTML report of a synthetic 1-million-event recording, and the time
 * headless Chromium takes to open it, next to the shipped sample's, in one run:
 *
 * <pre>
 * mvn -q -o exec:java -Dexec.classpathScope=test -Dmain.class=io.blastradius.core.export.html.HtmlReportBench \
 *     -Dexec.args="1000000 target/report-bench"
 * </pre>
 *
 * Open time is the page's own {@code performance.now()} when its last chart is drawn (from the
 * start of navigation), median of 5 loads in one browser after a first load, which is reported
 * apart (get() to drawn, in a freshly started browser).
 */
public final class HtmlReportBench {
  private HtmlReportBench() {}

  public static void main(String[] args) throws Exception {
    long events = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000;
    Path dir = Path.of(args.length > 1 ? args[1] : "target/report-bench");
    Files.createDirectories(dir);
    Path big = dir.resolve("synthetic-" + events + ".blastrec");
    if (!Files.exists(big)) {
      long n = SyntheticRecording.write(big, events, 8, 100, 20_000, 1);
      System.out.printf(Locale.ROOT, "generated %s: %,d events, %.1f MB%n", big, n, Files.size(big) / 1e6);
    }
    Path sample = Path.of("assets/recordings/seed-h2-naive.blastrec");
    List<String[]> rows = new ArrayList<>();
    for (Path rec : List.of(sample, big)) {
      Path out = dir.resolve(rec.getFileName().toString().replace(".blastrec", ".html"));
      double[] ms = new double[3];
      RunReport r = null;
      for (int i = 0; i < ms.length; i++) {
        long t0 = System.nanoTime();
        RunReport rr = HtmlReport.digest(rec);
        AtomicFile.write(out, true, o -> HtmlReport.write(List.of(rr), o));
        ms[i] = (System.nanoTime() - t0) / 1e6;
        r = rr;
      }
      Arrays.sort(ms);
      double[] open = HeadlessChromium.available() ? openMillis(out) : new double[] {Double.NaN, Double.NaN, Double.NaN};
      rows.add(new String[] {
        rec.getFileName().toString(), String.format(Locale.ROOT, "%,d", r.events()),
        String.format(Locale.ROOT, "%.2f MB", Files.size(rec) / 1e6),
        String.format(Locale.ROOT, "%,d", r.connections().size()),
        String.format(Locale.ROOT, "%.0f KB", Files.size(out) / 1e3),
        String.format(Locale.ROOT, "%.0f ms", ms[0]),
        String.format(Locale.ROOT, "%.0f ms", open[0]),
        String.format(Locale.ROOT, "%.0f ms", open[1]),
        String.format(Locale.ROOT, "%.0f ms", open[2])});
    }
    System.out.println("| recording | events | .blastrec | connections | report | build (best of 3) | open: drawn (median of 5) | open: get() to drawn | first open in a fresh browser |");
    System.out.println("|---|---|---|---|---|---|---|---|---|");
    for (String[] row : rows) System.out.println("| " + String.join(" | ", row) + " |");
    System.out.printf(Locale.ROOT, "max heap of this JVM: %d MB%n", Runtime.getRuntime().maxMemory() >> 20);
  }

  /** {page's own ready time, wall time from get() to ready} (medians), wall time of the first load. */
  static double[] openMillis(Path html) {
    ChromeDriver browser = HeadlessChromium.start(1400, 1000);
    try {
      double[] page = new double[5], wall = new double[5];
      double first = 0;
      for (int i = -1; i < page.length; i++) {
        browser.get("about:blank");
        long t0 = System.nanoTime();
        browser.get(html.toUri().toString());
        new WebDriverWait(browser, Duration.ofSeconds(60))
            .until(d -> "true".equals(d.findElement(By.tagName("body")).getAttribute("data-ready")));
        if (i < 0) { // the first load in a fresh browser: reported apart
          first = (System.nanoTime() - t0) / 1e6;
          continue;
        }
        wall[i] = (System.nanoTime() - t0) / 1e6;
        page[i] = Double.parseDouble(browser.findElement(By.tagName("body")).getAttribute("data-ready-ms"));
      }
      List<String> errors = HeadlessChromium.consoleErrors(browser);
      if (!errors.isEmpty()) throw new IllegalStateException(html + ": errors in the page: " + errors);
      Arrays.sort(page);
      Arrays.sort(wall);
      return new double[] {page[2], wall[2], first};
    } finally {
      browser.quit();
    }
  }
}
