package io.blastradius.gui;

import io.blastradius.gui.common.RunStarter;
import io.blastradius.gui.compare.CompareViewModel;
import io.blastradius.gui.compare.Scorer;
import io.blastradius.gui.demo.DemoViewModel;
import io.blastradius.gui.form.RunForm;
import io.blastradius.gui.form.SettingsViewModel;
import io.blastradius.gui.live.LiveRunViewModel;
import io.blastradius.gui.live.Recorder;
import io.blastradius.gui.replay.RecentFiles;

import io.blastradius.core.run.RunConfig;
import java.util.concurrent.Executor;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;

/**
 * The window's root view model: the scenario form, the live run, the comparison, the guided demo
 * and the appearance. Holds no engine logic; all of it is reached through {@link RunStarter}.
 * FX thread only; {@link #tick} is the one per-pulse entry point.
 */
public final class WorkbenchModel {
  private final SettingsViewModel settings = new SettingsViewModel();
  private final LiveRunViewModel live;
  private final CompareViewModel compare;
  private final DemoViewModel demo;
  private final BooleanProperty dark = new SimpleBooleanProperty(false);
  private final BooleanProperty presenter = new SimpleBooleanProperty(false);
  private final RecentFiles recent = new RecentFiles();
  private final java.util.concurrent.Executor background;
  private final java.util.concurrent.Executor fx;
  private java.nio.file.Path sampleCopy;
  private final BooleanBinding busy;
  private final BooleanBinding canStart;
  private java.util.function.Consumer<io.blastradius.core.record.RecordingHeader> recordingShown = h -> {};

  /**
   * @param background runs blocking work (starting, stopping and comparing runs)
   * @param fx runs completions on the FX thread ({@code Platform::runLater} in the app)
   */
  public WorkbenchModel(RunStarter starter, Scorer scorer, Executor background, Executor fx) {
    this(starter, scorer, background, fx, Recorder.NONE);
  }

  /** {@code recorder}: records live runs for Run → Save recording… */
  public WorkbenchModel(RunStarter starter, Scorer scorer, Executor background, Executor fx, Recorder recorder) {
    this.background = background;
    this.fx = fx;
    live = new LiveRunViewModel(starter, background, fx, recorder);
    live.onMissingFile(f -> {
      if (recent.remove(f)) {
        live.report("Could not open " + f + ": it no longer exists, so it was removed from Recent files."
            + (live.replayingProperty().get() ? " Still showing what was open." : ""));
      }
    });
    live.onSaved(recent::add);
    compare = new CompareViewModel(starter, scorer, background, fx);
    demo = new DemoViewModel(live, new DemoViewModel.Host() {
      @Override
      public RunForm form() { return settings.form(); }

      @Override
      public void showScenario(RunForm f) { settings.load(f); }

      @Override
      public BooleanProperty presenter() { return presenter; }

      @Override
      public void showComparison(java.util.List<CompareViewModel.Result> results) { compare.show(results); }
    });
    // A recording's own scenario and policy in the form: what is shown is what was run.
    live.onRecordingShown(h -> {
      RunForm f = RunForm.fromRecording(h);
      if (f != null) settings.load(f);
      fx.execute(() -> recordingShown.accept(h)); // once the Live tab has taken it (its file is then exportable)
    });
    busy = live.runningBinding().or(compare.runningProperty());
    canStart = Bindings.createBooleanBinding(() -> !busy.get() && !demo.activeProperty().get(),
        busy, demo.activeProperty());
  }

  /** Starts the form's scenario in the live view. */
  public void start() {
    if (!canStart.get()) return;
    String bad = settings.formErrorProperty().get();
    if (bad != null && !bad.isEmpty()) {
      live.report("Cannot start: " + bad + " Fix the field first.");
      return;
    }
    RunConfig cfg;
    try {
      cfg = settings.form().toRunConfig();
    } catch (IllegalArgumentException e) {
      live.report("Cannot start: " + e.getMessage());
      return;
    }
    live.start(cfg);
  }

  /**
   * Opens a recording on the replay timeline (Run → Open recording…, Recent files, a dropped
   * file, the command line). A file that cannot be read leaves the current view as it was.
   */
  public java.util.concurrent.CompletableFuture<Boolean> openRecording(java.nio.file.Path file) {
    String name = file.getFileName() == null ? file.toString() : file.getFileName().toString();
    if (!canStart.get()) {
      live.report("Stop the current run before opening a recording.");
      return java.util.concurrent.CompletableFuture.completedFuture(false);
    }
    return live.openRecording(file, name).thenApply(ok -> {
      if (ok) recent.add(file);
      return ok;
    });
  }

  /** The resource path of the recording shipped with the app. */
  static final String SAMPLE = "/assets/recordings/seed-h2-naive.blastrec";

  /** Opens the shipped sample (copied once from the jar to a temporary file, off the FX thread). */
  public java.util.concurrent.CompletableFuture<Boolean> openSample() {
    if (!canStart.get()) {
      live.report("Stop the current run before opening a recording.");
      return java.util.concurrent.CompletableFuture.completedFuture(false);
    }
    java.util.concurrent.CompletableFuture<Boolean> result = new java.util.concurrent.CompletableFuture<>();
    java.nio.file.Path known = sampleCopy;
    background.execute(() -> {
      java.nio.file.Path f = known;
      try {
        if (f == null || !java.nio.file.Files.exists(f)) {
          try (java.io.InputStream in = WorkbenchModel.class.getResourceAsStream(SAMPLE)) {
            if (in == null) throw new java.io.IOException("the sample recording is missing from this build");
            f = java.nio.file.Files.createTempFile("seed-h2-naive-", ".blastrec");
            f.toFile().deleteOnExit();
            java.nio.file.Files.copy(in, f, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
          }
        }
      } catch (java.io.IOException e) {
        fx.execute(() -> {
          live.report("Could not open the sample recording: " + e.getMessage());
          result.complete(false);
        });
        return;
      }
      java.nio.file.Path copy = f;
      fx.execute(() -> {
        sampleCopy = copy;
        live.openRecording(copy, "seed-h2-naive.blastrec (sample)").thenAccept(result::complete);
      });
    });
    return result;
  }

  /** Saves the last live run's recording to {@code target}, off the FX thread. */
  public java.util.concurrent.CompletableFuture<java.nio.file.Path> saveRecording(java.nio.file.Path target) {
    return live.saveRecording(target);
  }

  /**
   * Reads a scenario file (the CLI's {@code --scenario FILE} format) off the FX thread and puts it
   * in the form as a preset of its own. A bad file is one clear line (and a dialog); the form stays.
   */
  public java.util.concurrent.CompletableFuture<Boolean> openScenario(java.nio.file.Path file) {
    java.util.concurrent.CompletableFuture<Boolean> result = new java.util.concurrent.CompletableFuture<>();
    String name = file.getFileName() == null ? file.toString() : file.getFileName().toString();
    background.execute(() -> {
      io.blastradius.core.scenario.Scenario sc;
      try {
        sc = io.blastradius.core.scenario.ScenarioFiles.read(file);
      } catch (RuntimeException e) {
        String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        fx.execute(() -> {
          live.problem("Could not open the scenario " + name, why);
          result.complete(false);
        });
        return;
      }
      fx.execute(() -> {
        String id = sc.name() == null || sc.name().isBlank() ? name.replaceFirst("\\.json$", "") : sc.name();
        settings.addScenario(io.blastradius.gui.form.Preset.of(id, sc));
        live.report("Opened the scenario " + name + " (" + id + "): Start runs it.");
        result.complete(true);
      });
    });
    return result;
  }

  /** Stops whatever runs: the live run or the comparison. */
  public void stop() {
    live.stop();
    compare.cancel();
  }

  /** Runs the form's scenario over the policies picked in the compare view. */
  public void runComparison() {
    if (busy.get() || demo.activeProperty().get()) return;
    compare.run(settings.form());
  }

  /** Once per pulse. */
  public void tick(long fxNanos) {
    live.tick(fxNanos);
    compare.tick();
  }

  public SettingsViewModel settings() { return settings; }
  public LiveRunViewModel live() { return live; }
  public CompareViewModel compare() { return compare; }
  public DemoViewModel demo() { return demo; }
  public BooleanProperty darkProperty() { return dark; }
  public BooleanProperty presenterProperty() { return presenter; }
  public RecentFiles recent() { return recent; }
  /** A live run or a comparison is going. */
  public BooleanBinding busyBinding() { return busy; }
  public BooleanBinding canStartBinding() { return canStart; }

  /**
   * Told the header of each recording the Live tab shows, just after (the window sends a proxy's to
   * the External tab; {@code live().exportableRecordingProperty()} is then its file).
   */
  public void onRecordingShown(java.util.function.Consumer<io.blastradius.core.record.RecordingHeader> c) {
    recordingShown = c;
  }
}
