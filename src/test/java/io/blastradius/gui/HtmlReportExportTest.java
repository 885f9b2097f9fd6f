package io.blastradius.gui;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxToolkit;

/** Export → HTML report: the report is written off the FX thread and the answer comes back on it. */
class HtmlReportExportTest {
  @TempDir Path dir;

  /** Where the work ran, and whether the FX thread was the one told. */
  final List<String> threads = new CopyOnWriteArrayList<>();
  final Executor worker = r -> {
    Thread t = new Thread(() -> {
      threads.add(Thread.currentThread().getName() + (Platform.isFxApplicationThread() ? " (fx)" : ""));
      r.run();
    }, "test-worker");
    t.start();
  };

  @BeforeAll
  static void fx() throws Exception {
    FxToolkit.registerPrimaryStage();
  }

  @Test
  void writesTheReportOffTheFxThreadAndAnswersOnIt() throws Exception {
    Path rec = Files.copy(Path.of("assets/recordings/seed-h2-naive.blastrec"), dir.resolve("seed.blastrec"));
    Path out = dir.resolve("seed.html");
    String msg = HtmlReportExport.export(List.of(rec), out, worker, Platform::runLater)
        .thenApply(m -> m + (Platform.isFxApplicationThread() ? " [fx]" : " [not fx]"))
        .get(60, TimeUnit.SECONDS);
    assertEquals("Wrote " + out + " (1 recording, 11517 events). [fx]", msg);
    assertEquals(List.of("test-worker"), threads);
    assertTrue(Files.readString(out).startsWith("<!DOCTYPE html>"));
  }

  @Test
  void refusesToWriteOntoItsRecording() throws Exception {
    Path rec = Files.copy(Path.of("assets/recordings/seed-h2-naive.blastrec"), dir.resolve("seed.blastrec"), StandardCopyOption.REPLACE_EXISTING);
    byte[] before = Files.readAllBytes(rec);
    String msg = HtmlReportExport.export(List.of(rec), rec, worker, Platform::runLater).get(60, TimeUnit.SECONDS);
    assertEquals("Could not write the report: " + rec + " is the recording " + rec + " itself; choose another file for the report", msg);
    assertArrayEquals(before, Files.readAllBytes(rec));

    Path foreign = Files.writeString(dir.resolve("notes.blastrec"), "hello");
    String bad = HtmlReportExport.export(List.of(foreign), dir.resolve("r.html"), worker, Platform::runLater).get(60, TimeUnit.SECONDS);
    assertEquals("Could not write the report: " + foreign + " is not a BlastRadius recording (not gzip-compressed)", bad);
    assertFalse(Files.exists(dir.resolve("r.html")));
  }
}
