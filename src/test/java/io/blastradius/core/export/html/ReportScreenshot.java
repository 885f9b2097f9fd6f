package io.blastradius.core.export.html;

import io.blastradius.core.export.AtomicFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Takes the README's screenshot of a report: exports the recordings, opens the report in headless
 * Chromium, moves the scrubber to a time and saves the window as PNG.
 *
 * <pre>
 * mvn -q -o exec:java -Dexec.classpathScope=test -Dmain.class=io.blastradius.core.export.html.ReportScreenshot \
 *     -Dexec.args="assets/screenshots/report.png 1400x2000 5000 assets/recordings/seed-h2-naive.blastrec"
 * </pre>
 *
 * Arguments: the PNG, the window size, the scrubber's time in ms, then one or more recordings.
 */
public final class ReportScreenshot {
  private ReportScreenshot() {}

  public static void main(String[] args) throws Exception {
    Path png = Path.of(args[0]);
    String[] size = args[1].split("x");
    long atMs = Long.parseLong(args[2]);
    List<RunReport> runs = new ArrayList<>();
    for (int i = 3; i < args.length; i++) runs.add(HtmlReport.digest(Path.of(args[i])));
    Path html = Files.createTempFile("report", ".html");
    ChromeDriver browser = HeadlessChromium.start(Integer.parseInt(size[0]), Integer.parseInt(size[1]));
    try {
      AtomicFile.write(html, true, o -> HtmlReport.write(runs, o));
      browser.get(html.toUri().toString());
      new WebDriverWait(browser, Duration.ofSeconds(60))
          .until(d -> "true".equals(d.findElement(By.tagName("body")).getAttribute("data-ready")));
      WebElement scrub = browser.findElement(By.id("scrub"));
      browser.executeScript("arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('input'));", scrub, atMs);
      Path shot = browser.getScreenshotAs(OutputType.FILE).toPath();
      Files.createDirectories(png.toAbsolutePath().getParent());
      Files.copy(shot, png, StandardCopyOption.REPLACE_EXISTING);
      System.out.println("Wrote " + png + " (scrubber at " + browser.findElement(By.id("scrub-t")).getText() + ")");
    } finally {
      browser.quit();
      Files.deleteIfExists(html);
    }
  }
}
