package io.blastradius.gui;

import io.blastradius.gui.common.FileDialogs;
import io.blastradius.gui.common.RunStarter;
import io.blastradius.gui.compare.Scorer;
import io.blastradius.gui.live.Recorder;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.prefs.Preferences;
import javafx.application.Platform;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.ListCell;
import javafx.stage.Stage;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The real window for a robot test: a {@link WorkbenchModel} on a given {@link RunStarter}, a
 * fresh preferences node, {@link WorkbenchWindow#show} on a stage, and the helpers every robot
 * test uses (run on the FX thread, wait for a condition, resize, find a list cell). Either built
 * by an {@code ApplicationExtension} test's {@code @Start} method (a window per test) or, with
 * {@link #launch}, once for a whole class whose parameter cases share it.
 *
 * <p>No sleeps: every wait is {@link WaitForAsyncUtils#waitFor} on a condition read on the FX thread.
 */
final class RobotWindow {
  private final Preferences node;
  private final WorkbenchModel model;
  private final WorkbenchWindow window;
  private final Stage stage;

  private RobotWindow(Stage stage, RunStarter starter, Recorder recorder, String name) {
    this.stage = stage;
    node = Preferences.userRoot().node("io/blastradius/" + name + "-" + UUID.randomUUID());
    model = new WorkbenchModel(starter, Scorer.standard(), WorkbenchApp.backgroundExecutor(), Platform::runLater, recorder);
    WorkbenchPrefs prefs = new WorkbenchPrefs(node);
    prefs.bind(model);
    window = WorkbenchWindow.show(stage, model, prefs);
  }

  /** FX thread (an {@code @Start} method): the window on {@code stage}, at 1280x800. */
  static RobotWindow show(Stage stage, RunStarter starter) {
    return show(stage, starter, Recorder.NONE);
  }

  static RobotWindow show(Stage stage, RunStarter starter, Recorder recorder) {
    RobotWindow w = new RobotWindow(stage, starter, recorder, "robot");
    stage.setWidth(1280);
    stage.setHeight(800);
    return w;
  }

  /**
   * Any thread but the FX one (a {@code @BeforeAll}): the window on TestFX's primary stage, for
   * the whole class, resizable down to 1024x700. Close it with {@link #close}.
   */
  static RobotWindow launch(RunStarter starter, Recorder recorder) throws Exception {
    Stage primary = FxToolkit.registerPrimaryStage();
    RobotWindow w = fx(() -> {
      RobotWindow r = new RobotWindow(primary, starter, recorder, "robot-shared");
      primary.setMinWidth(0);
      primary.setMinHeight(0);
      return r;
    });
    return w;
  }

  /** Stops whatever runs and waits until nothing does (after each test). */
  void stopRun() throws Exception {
    fx(() -> {
      model.stop();
      return null;
    });
    waitFor(30, () -> !model.busyBinding().get());
  }

  /**
   * Stops whatever runs, stops the window's pulse (the next test's window is a new one on the
   * same stage) and forgets the preferences.
   */
  void close() throws Exception {
    stopRun();
    fx(() -> {
      window.dispose();
      return null;
    });
    node.removeNode();
  }

  /**
   * The stage at the screen's corner at {@code w x h}, presenter mode and theme as given, laid
   * out. At the corner: a 1920 px wide stage left where it was would reach past the headless
   * screen's right edge, where the robot cannot click.
   */
  void size(double w, double h, boolean presenter, boolean dark) throws Exception {
    fx(() -> {
      model.presenterProperty().set(presenter);
      model.darkProperty().set(dark);
      stage.setX(0);
      stage.setY(0);
      stage.setWidth(w);
      stage.setHeight(h);
      layout();
      return null;
    });
    waitFor(10, () -> Math.abs(window.scene().getWidth() - w) < 40 && Math.abs(window.scene().getHeight() - h) < 60);
    fx(() -> {
      layout();
      return null;
    });
  }

  private void layout() {
    Scene s = window.scene();
    s.getRoot().applyCss();
    s.getRoot().layout();
  }

  /** Replaces the window's file choosers (a headless screen shows none). */
  void fileDialogs(FileDialogs d) throws Exception {
    fx(() -> {
      window.view().setFileDialogs(d);
      return null;
    });
  }

  WorkbenchModel model() { return model; }
  WorkbenchWindow window() { return window; }
  Scene scene() { return window.scene(); }
  Stage stage() { return stage; }

  /** Waits for {@code condition}, evaluated on the FX thread. */
  static void waitFor(long seconds, Callable<Boolean> condition) throws Exception {
    WaitForAsyncUtils.waitFor(seconds, TimeUnit.SECONDS, () -> fx(condition));
  }

  static <T> T fx(Callable<T> c) throws Exception {
    return WaitForAsyncUtils.asyncFx(c).get(10, TimeUnit.SECONDS);
  }

  /** The visible list cell (in any window: popups too) showing exactly {@code text}. */
  static Node cell(FxRobot robot, String text) {
    return robot.lookup((Node n) -> n instanceof ListCell<?> c && text.equals(c.getText()) && c.isVisible()).query();
  }

  /** {@code n}'s bounds in its scene. */
  static Bounds inScene(Node n) {
    return n.localToScene(n.getBoundsInLocal());
  }
}
