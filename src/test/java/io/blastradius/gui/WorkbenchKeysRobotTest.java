package io.blastradius.gui;

import io.blastradius.gui.form.Preset;
import io.blastradius.gui.live.LiveRunViewModel;

import static io.blastradius.gui.RobotWindow.fx;
import static io.blastradius.gui.RobotWindow.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.blastradius.core.live.ConnState;
import javafx.application.Application;
import javafx.scene.Node;
import javafx.scene.control.Control;
import javafx.scene.control.Labeled;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * Keyboard shortcuts, theme, presenter mode and tooltips on the real window, fed by the synthetic
 * run (no sockets: these are about the window, not the stack).
 */
@ExtendWith(ApplicationExtension.class)
class WorkbenchKeysRobotTest {
  private RobotWindow w;
  private WorkbenchModel model;
  private WorkbenchWindow window;

  @Start
  void start(Stage stage) {
    w = RobotWindow.show(stage, SyntheticRun.starter(4, 2_000, 120_000_000_000L, 0));
    model = w.model();
    window = w.window();
  }

  @AfterEach
  void tearDown() throws Exception {
    w.close();
  }

  @Test
  void ctrlEnterStartsUUnplugsTheSelectedCardEscStops(FxRobot robot) throws Exception {
    fx(() -> {
      model.settings().presetProperty().set(Preset.byId("manual")); // 200,000 requests: runs on
      return null;
    });
    robot.clickOn("#tab-live");
    robot.push(KeyCode.SHORTCUT, KeyCode.ENTER);
    waitFor(20, () -> model.live().cards().cards().size() == 4);
    robot.clickOn("#card-3");
    assertEquals(3, fx(() -> model.live().cards().selectedProperty().get().connId()));
    robot.push(KeyCode.U);
    waitFor(20, () -> model.live().cards().card(3).stateProperty().get() == ConnState.UNPLUGGED);
    assertEquals(ConnState.LIVE, fx(() -> model.live().cards().card(2).stateProperty().get()), "only the selected one");
    robot.push(KeyCode.U);
    waitFor(20, () -> model.live().cards().card(3).stateProperty().get() == ConnState.LIVE);

    // Typing a U into a field is typing, not a shortcut.
    robot.clickOn("#tab-log");
    robot.clickOn("#log-conn-filter").write("u");
    assertEquals("u", fx(() -> model.live().log().connFilterProperty().get()));
    assertEquals(ConnState.LIVE, fx(() -> model.live().cards().card(3).stateProperty().get()));

    robot.push(KeyCode.ESCAPE);
    waitFor(20, () -> model.live().stateProperty().get() == LiveRunViewModel.RunState.FINISHED);
  }

  @Test
  void ctrlDSwitchesToDarkAndCtrlPScalesTheFonts(FxRobot robot) throws Exception {
    assertTrue(fx(Application::getUserAgentStylesheet).endsWith("primer-light.css"));
    robot.push(KeyCode.SHORTCUT, KeyCode.D);
    waitFor(5, () -> Application.getUserAgentStylesheet().endsWith("primer-dark.css"));
    assertTrue(fx(() -> model.darkProperty().get()));
    robot.push(KeyCode.SHORTCUT, KeyCode.D);
    waitFor(5, () -> Application.getUserAgentStylesheet().endsWith("primer-light.css"));

    double before = fx(() -> ((Labeled) robot.lookup("#status-state").query()).getFont().getSize());
    robot.push(KeyCode.SHORTCUT, KeyCode.P);
    waitFor(5, () -> ((Labeled) robot.lookup("#status-state").query()).getFont().getSize() > before * 1.3);
    assertTrue(fx(() -> model.presenterProperty().get()));
    robot.push(KeyCode.SHORTCUT, KeyCode.P);
    waitFor(5, () -> ((Labeled) robot.lookup("#status-state").query()).getFont().getSize() == before);
  }

  @Test
  void everyControlOfTheFormHasATooltip(FxRobot robot) throws Exception {
    for (String id : new String[] {"#preset", "#policy", "#workers", "#requests", "#timeout", "#delay",
        "#max-streams", "#fault-param", "#start", "#stop", "#demo"}) {
      Node n = robot.lookup(id).query();
      assertTrue(fx(() -> ((Control) n).getTooltip() != null), id + " has a tooltip");
    }
    assertFalse(fx(() -> window.view().tabs().getTabs().stream().anyMatch(t -> t.getTooltip() == null)));
  }
}
