package io.blastradius.gui;

import io.blastradius.core.export.html.HtmlReport;
import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import javafx.application.Platform;
import javafx.scene.control.Alert;
import javafx.stage.FileChooser;
import javafx.stage.Window;

/**
 * Export → HTML report…: choose one recording (or several, for a comparison) and where to save the
 * report; the report is built and written off the FX thread, and one dialog says how it went.
 */
final class HtmlReportExport {
  private HtmlReportExport() {}

  /** Asks for the recordings and the target, then exports in the background. */
  static void choose(Window owner) {
    FileChooser in = new FileChooser();
    in.setTitle("Recordings for the HTML report (several: a comparison)");
    in.getExtensionFilters().add(new FileChooser.ExtensionFilter("Recordings (*.blastrec)", "*.blastrec"));
    List<File> files = in.showOpenMultipleDialog(owner);
    if (files == null || files.isEmpty()) return;
    FileChooser out = new FileChooser();
    out.setTitle("Save the HTML report");
    out.setInitialDirectory(files.get(0).getParentFile());
    out.setInitialFileName(files.get(0).getName().replaceFirst("\\.blastrec$", "") + ".html");
    File target = out.showSaveDialog(owner);
    if (target == null) return;
    List<Path> recordings = files.stream().map(File::toPath).toList();
    export(recordings, target.toPath(), HtmlReportExport::background, Platform::runLater).thenAccept(msg -> {
      Alert a = new Alert(msg.startsWith("Wrote") ? Alert.AlertType.INFORMATION : Alert.AlertType.ERROR, msg);
      a.setHeaderText("HTML report");
      a.initOwner(owner);
      a.show();
    });
  }

  /**
   * Writes the report on {@code background}; the future completes through {@code fx} (the FX
   * thread) with one line: "Wrote ..." or why not. The file chooser has already asked before
   * replacing a file.
   */
  static CompletableFuture<String> export(List<Path> recordings, Path target, Executor background, Executor fx) {
    CompletableFuture<String> done = new CompletableFuture<>();
    background.execute(() -> {
      String msg;
      try {
        long events = HtmlReport.export(recordings, target, true);
        msg = "Wrote " + target + " (" + recordings.size() + (recordings.size() == 1 ? " recording, " : " recordings, ") + events + " events).";
      } catch (Exception e) {
        msg = "Could not write the report: " + (e.getMessage() == null ? e.toString() : e.getMessage());
      }
      String line = msg;
      fx.execute(() -> done.complete(line));
    });
    return done;
  }

  private static void background(Runnable r) {
    Thread t = new Thread(r, "html-report");
    t.setDaemon(true);
    t.start();
  }
}
