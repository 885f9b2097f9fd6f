package io.blastradius.gui;

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
  /** Replay pace: a multiple of the recorded pace, or {@link ReplayRun#INSTANT}. */
  private final javafx.beans.property.DoubleProperty replaySpeed = new javafx.beans.property.SimpleDoubleProperty(10);
  private final BooleanBinding busy;
  private final BooleanBinding canStart;

  /**
   * @param background runs blocking work (starting, stopping and comparing runs)
   * @param fx runs completions on the FX thread ({@code Platform::runLater} in the app)
   */
  public WorkbenchModel(RunStarter starter, Scorer scorer, Executor background, Executor fx) {
    live = new LiveRunViewModel(starter, background, fx);
    compare = new CompareViewModel(starter, scorer, background, fx);
    demo = new DemoViewModel(live, settings::load);
    busy = live.runningBinding().or(compare.runningProperty());
    canStart = Bindings.createBooleanBinding(() -> !busy.get() && !demo.activeProperty().get(),
        busy, demo.activeProperty());
  }

  /** Starts the form's scenario in the live view. */
  public void start() {
    if (!canStart.get()) return;
    RunConfig cfg;
    try {
      cfg = settings.form().toRunConfig();
    } catch (IllegalArgumentException e) {
      live.report("Cannot start: " + e.getMessage());
      return;
    }
    live.start(cfg);
  }

  /** Plays a recording in the live view (from Run > Open recording, or the command line). */
  public void openRecording(java.nio.file.Path file) {
    if (!canStart.get()) {
      live.report("Stop the current run before opening a recording.");
      return;
    }
    live.replay(file, replaySpeed.get());
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
  public javafx.beans.property.DoubleProperty replaySpeedProperty() { return replaySpeed; }
  /** A live run or a comparison is going. */
  public BooleanBinding busyBinding() { return busy; }
  public BooleanBinding canStartBinding() { return canStart; }
}
