package io.blastradius.gui;

import io.blastradius.gui.common.RunStarter;
import io.blastradius.gui.common.WarmUp;
import io.blastradius.gui.compare.CompareView;
import io.blastradius.gui.form.Preset;
import io.blastradius.gui.live.CardViewModel;
import io.blastradius.gui.live.LiveRunViewModel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.blastradius.core.live.ConnState;
import java.util.List;
import java.util.concurrent.Callable;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.input.KeyCode;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * The real window, driven by TestFX's robot against real runs (server, fault proxy and pool on
 * loopback): what only a robot can check, namely that the actual buttons reach the actual stack
 * and what the stack does comes back to the actual labels. Headless under Monocle. No sleeps: every
 * wait is on a condition read on the FX thread ({@link RobotWindow}).
 */
@ExtendWith(ApplicationExtension.class)
class WorkbenchRobotTest {
  private RobotWindow w;
  private WorkbenchModel model;

  @Start
  void start(Stage stage) {
    w = RobotWindow.show(stage, RunStarter.real());
    model = w.model();
  }

  @AfterEach
  void tearDown() throws Exception {
    w.close();
  }

  @Test
  void unpluggingACardsFlowTurnsItUnpluggedAndFailuresRise(FxRobot robot) throws Exception {
    // The form, through its controls: manual (no scheduled faults), h2-naive, a 100 ms timeout.
    robot.clickOn("#preset");
    robot.clickOn(cell(robot, "manual"));
    robot.clickOn("#policy .arrow-button");
    robot.clickOn(cell(robot, "h2-naive"));
    robot.clickOn("#timeout .text-field").push(KeyCode.SHORTCUT, KeyCode.A).write("100").push(KeyCode.TAB);
    assertEquals("manual", fx(() -> model.settings().presetProperty().get().id()));
    assertEquals("h2-naive", fx(() -> model.settings().policyProperty().get()));
    assertEquals(100, fx(() -> model.settings().timeoutMsProperty().get()));

    robot.clickOn("#start");
    waitFor(30, () -> model.live().stateProperty().get() == LiveRunViewModel.RunState.RUNNING);
    assertTrue(WarmUp.done(), "the session's first run came after the JVM warm-up");
    // A card appears for the pool's connection, joined to its proxy flow.
    waitFor(30, () -> firstCard(robot) != null && firstCard(robot).flowId() != 0
        && firstCard(robot).stateProperty().get() == ConnState.LIVE);
    long connId = fx(() -> firstCard(robot).connId());
    Label state = robot.lookup("#state-" + connId).queryAs(Label.class);
    assertEquals("LIVE", fx(state::getText));
    waitFor(30, () -> model.live().snapshotProperty().get().totals().ok() > 50);
    long failedBefore = fx(() -> model.live().snapshotProperty().get().totals().failed());

    robot.clickOn("#unplug-" + connId);

    waitFor(30, () -> state.getText().equals("UNPLUGGED"));
    Button toggle = robot.lookup("#unplug-" + connId).queryAs(Button.class);
    waitFor(10, () -> toggle.getText().equals("Replug"));
    // Naive HTTP/2 keeps using the dead connection: its timeouts pile up.
    waitFor(30, () -> model.live().snapshotProperty().get().totals().failed() >= failedBefore + 20);
    Label failures = robot.lookup("#status-failures").queryAs(Label.class);
    waitFor(10, () -> Long.parseLong(failures.getText().replace(",", "")) >= failedBefore + 20);
    assertTrue(fx(() -> model.live().snapshotProperty().get().connection(connId).failed()) >= 20,
        "the failures are on the unplugged connection");

    robot.clickOn("#stop");
    waitFor(30, () -> model.live().stateProperty().get() == LiveRunViewModel.RunState.FINISHED);
  }

  @Test
  void aComparisonOfTwoPoliciesFillsTheScorecardTable(FxRobot robot) throws Exception {
    fx(() -> {
      // A small seed: 300 sequential requests, an unplug every 100.
      model.settings().presetProperty().set(Preset.byId("seed"));
      model.settings().requestsProperty().set(300);
      model.settings().faultParamProperty().set(100);
      model.compare().select(List.of());
      return null;
    });
    robot.clickOn("#tab-compare");
    robot.clickOn(((ListCell<?>) cell(robot, "h1")).getGraphic()); // tick the two check boxes
    robot.clickOn(((ListCell<?>) cell(robot, "h2-naive")).getGraphic());
    assertEquals(List.of("h1", "h2-naive"), fx(() -> model.compare().selectedIds()));

    robot.clickOn("#compare-run");

    TableView<?> table = robot.lookup("#compare-table").queryAs(TableView.class);
    waitFor(120, () -> table.getColumns().size() == 2 && !model.compare().runningProperty().get());
    List<String> headers = fx(() -> table.getColumns().stream().map(TableColumn::getId).toList());
    assertEquals(List.of("compare-col-h1", "compare-col-h2-naive"), headers);
    // Every metric has a value under both policies.
    for (int col = 0; col <= 1; col++) {
      int c = col;
      for (int row = 0; row < CompareView.METRICS.size(); row++) {
        int r = row;
        Object v = fx(() -> table.getColumns().get(c).getCellData(r));
        assertTrue(v != null && !v.toString().isEmpty(), "metric " + r + " of column " + c);
      }
    }
    assertEquals("300", fx(() -> table.getColumns().get(0).getCellData(0)), "requests under h1");
    assertTrue(fx(() -> model.compare().progressTextProperty().get()).startsWith("Done: 2 policies"));
  }

  @Test
  void theSimulatedEngineComparesTheWholeSeedAndTheHeadersSaySo(FxRobot robot) throws Exception {
    fx(() -> {
      model.settings().presetProperty().set(Preset.byId("seed"));
      model.compare().select(List.of("h1", "h2-naive"));
      return null;
    });
    robot.clickOn("#tab-compare");
    robot.clickOn("#compare-engine");
    robot.clickOn("Simulated"); // the choice box's item
    assertEquals(io.blastradius.core.run.Engine.SIM, fx(() -> model.compare().engineProperty().get()));
    assertTrue(fx(() -> robot.lookup("#compare-with-clients").queryAs(javafx.scene.control.CheckBox.class).isDisabled()),
        "real client libraries need the real engine");

    robot.clickOn("#compare-run");

    TableView<?> table = robot.lookup("#compare-table").queryAs(TableView.class);
    waitFor(60, () -> table.getColumns().size() == 2 && !model.compare().runningProperty().get());
    List<String> heads = fx(() -> table.getColumns().stream().map(c -> ((Label) c.getGraphic()).getText()).toList());
    assertEquals(List.of("h1 · simulated", "h2-naive · simulated"), heads, "which engine made each scorecard");
    assertEquals("3", fx(() -> table.getColumns().get(0).getCellData(2)), "failed under h1");
    assertEquals("2,500", fx(() -> table.getColumns().get(1).getCellData(2)), "failed under h2-naive");
  }

  private CardViewModel firstCard(FxRobot robot) {
    List<CardViewModel> cards = model.live().cards().cards();
    return cards.isEmpty() ? null : cards.get(0);
  }

  /** Waits for {@code condition}, evaluated on the FX thread (see {@link RobotWindow#waitFor}). */
  static void waitFor(long seconds, Callable<Boolean> condition) throws Exception {
    RobotWindow.waitFor(seconds, condition);
  }

  static <T> T fx(Callable<T> c) throws Exception {
    return RobotWindow.fx(c);
  }

  /** The visible list cell (in any window: popups too) showing exactly {@code text}. */
  static Node cell(FxRobot robot, String text) {
    return RobotWindow.cell(robot, text);
  }
}
