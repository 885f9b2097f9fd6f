package io.blastradius.gui;

import io.blastradius.gui.common.RunStarter;
import io.blastradius.gui.compare.Scorer;
import io.blastradius.gui.form.Preset;
import io.blastradius.gui.live.Recorder;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.stage.Stage;

/**
 * The workbench window's entry point. {@code io.blastradius.Launcher} calls {@link #launchGui}
 * when the jar runs without arguments.
 */
public class WorkbenchApp extends Application {
  private ExecutorService background;
  private WorkbenchPrefs prefs;

  /** Launches the window and returns when it closes. */
  public static void launchGui(String[] args) {
    Application.launch(WorkbenchApp.class, args);
  }

  public static void main(String[] args) {
    launchGui(args);
  }

  /** Daemon threads for starting, stopping and comparing runs: never the FX thread. */
  static ExecutorService backgroundExecutor() {
    AtomicInteger n = new AtomicInteger();
    return Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "workbench-bg-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
  }

  @Override
  public void init() {
    // On the launcher thread: reading the preferences store is file I/O.
    prefs = WorkbenchPrefs.user();
    prefs.get("preset");
    Preset.all(); // reads the preset scenario files here, not on the FX thread
    background = backgroundExecutor();
  }

  @Override
  public void start(Stage stage) {
    WorkbenchModel model = new WorkbenchModel(RunStarter.real(), Scorer.standard(), background, Platform::runLater,
        Recorder.temp(null));
    prefs.bind(model);
    WorkbenchWindow.show(stage, model, prefs);
    // The Launcher passes a recording when the desktop opens a .blastrec with us.
    List<String> raw = getParameters().getRaw();
    if (!raw.isEmpty() && raw.get(0).endsWith(".blastrec")) model.openRecording(Path.of(raw.get(0)));
  }

  @Override
  public void stop() throws InterruptedException {
    background.shutdown();
    background.awaitTermination(3, TimeUnit.SECONDS);
    prefs.flush();
  }
}
