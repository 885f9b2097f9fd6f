package io.blastradius.gui;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.prefs.Preferences;
import javafx.application.Platform;
import javafx.stage.Stage;

/**
 * Shows the window on a synthetic feed (no sockets), for layout work and screenshots:
 * {@code xvfb-run -a -s "-screen 0 1280x800x24" java -cp ... io.blastradius.gui.ShowcaseMain [out.png] [seconds]}.
 * With an output path it grabs the X screen with ImageMagick's {@code import} after the given
 * seconds and exits.
 */
public final class ShowcaseMain {
  public static void main(String[] args) throws Exception {
    String out = args.length > 0 ? args[0] : null;
    double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 6;
    String tab = args.length > 2 ? args[2] : "live";
    CountDownLatch started = new CountDownLatch(1);
    Platform.startup(started::countDown);
    started.await();
    WorkbenchPrefs prefs = new WorkbenchPrefs(Preferences.userRoot().node("io/blastradius/showcase"));
    prefs.removeAll();
    WorkbenchPrefs fresh = new WorkbenchPrefs(Preferences.userRoot().node("io/blastradius/showcase"));
    Platform.runLater(() -> {
      WorkbenchModel m = new WorkbenchModel(SyntheticRun.starter(12, 3_000, 60_000_000_000L, 2_000_000_000L),
          Scorer.counting(), WorkbenchApp.backgroundExecutor(), Platform::runLater);
      fresh.bind(m);
      m.darkProperty().set(Boolean.getBoolean("dark"));
      Stage stage = new Stage();
      stage.setX(0);
      stage.setY(0);
      WorkbenchWindow w = WorkbenchWindow.show(stage, m, fresh);
      stage.setWidth(1280);
      stage.setHeight(800);
      if (tab.equals("log")) w.view().tabs().getSelectionModel().select(1);
      if (tab.equals("compare")) w.view().tabs().getSelectionModel().select(2);
      m.settings().presetProperty().set(Preset.CONCURRENT);
      m.start();
    });
    if (out == null) return;
    Thread.sleep((long) (seconds * 1000));
    Process p = new ProcessBuilder("import", "-window", "root", out).inheritIO().start();
    p.waitFor();
    System.out.println("wrote " + out + " " + Files.size(Path.of(out)) + " bytes");
    Platform.exit();
    System.exit(0);
  }
}
