package io.blastradius.gui;

import static io.blastradius.gui.WorkbenchRobotTest.fx;
import static io.blastradius.gui.WorkbenchRobotTest.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.blastradius.core.event.Event;
import io.blastradius.core.event.Fault;
import io.blastradius.core.record.RecordingHeader;
import io.blastradius.core.record.RecordingWriter;
import io.blastradius.gui.compare.Scorer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.UUID;
import java.util.prefs.Preferences;
import javafx.application.Platform;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.control.TabPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * A proxy's recording (the External tab's Record, {@code blastradius proxy --record}) opened the way
 * a run's is (here {@code openRecording}, what Run → Open recording…, Recent files and a dropped
 * file call) goes to the External tab, whose replay shows its flow's card: the flow's state and
 * decoded streams at the scrubber's time.
 */
@ExtendWith(ApplicationExtension.class)
class ProxyRecordingRobotTest {
  private static final long MS = 1_000_000L;
  private Preferences node;
  private WorkbenchModel model;
  @TempDir Path dir;

  private Stage stage;

  @Start
  void start(Stage stage) {
    this.stage = stage;
    node = Preferences.userRoot().node("io/blastradius/proxy-recording-robot-" + UUID.randomUUID());
    model = new WorkbenchModel(new ScriptedRun.Starter(), Scorer.standard(), WorkbenchApp.backgroundExecutor(), Platform::runLater);
    WorkbenchPrefs prefs = new WorkbenchPrefs(node);
    prefs.bind(model);
    WorkbenchWindow.show(stage, model, prefs);
    stage.setWidth(1280);
    stage.setHeight(800);
  }

  @AfterEach
  void tearDown() throws Exception {
    node.removeNode();
  }

  @Test
  void aProxysRecordingOpensInTheExternalTabWithItsFlowsCards(FxRobot robot) throws Exception {
    Path file = dir.resolve("proxy.blastrec");
    RecordingWriter w = RecordingWriter.open(file,
        RecordingHeader.forRun("external", "proxy 127.0.0.1:9000 -> 127.0.0.1:8080", Instant.now()));
    w.put(new Event.FlowOpened(1 * MS, 1, 50001));
    w.put(new Event.WireProtocol(2 * MS, 1, "h2"));
    w.put(new Event.WireHeaders(3 * MS, 1, 1, true, true));
    w.put(new Event.WireHeaders(4 * MS, 1, 1, false, true));
    w.put(new Event.FlowFaulted(50 * MS, 1, Fault.UNPLUG, "hold"));
    w.close();

    assertTrue(fx(() -> model.openRecording(file)).get(30, java.util.concurrent.TimeUnit.SECONDS));
    TabPane tabs = robot.lookup("#tabs").queryAs(TabPane.class);
    waitFor(10, () -> "tab-external".equals(tabs.getSelectionModel().getSelectedItem().getId()));
    waitFor(10, () -> robot.lookup("#flow-replay-1").tryQuery().isPresent());
    Label state = robot.lookup("#flow-replay-1 .card-state").queryAs(Label.class);
    assertEquals("PLUGGED", fx(state::getText), "at the first event: the flow just opened");

    Slider slider = robot.lookup("#external-replay-slider").queryAs(Slider.class);
    fx(() -> {
      slider.setValue(slider.getMax());
      return null;
    });
    waitFor(10, () -> "UNPLUGGED".equals(state.getText()));
    assertTrue(robot.lookup("#flow-replay-1").lookup((Label l) -> l.getText() != null
        && l.getText().equals("wire h2 · streams open 0 · opened 1 · reset 0")).tryQuery().isPresent(),
        "the flow's decoded streams");
  }

  /**
   * In the window at 1024x768, plain and presenter: the form's new controls whole and in view,
   * and room left for the cards and the wire chart under it.
   */
  @org.junit.jupiter.params.ParameterizedTest(name = "presenter {0}")
  @org.junit.jupiter.params.provider.ValueSource(booleans = {false, true})
  void at1024x768TheFormTheCardsAndTheChartAllFit(boolean presenter, FxRobot robot) throws Exception {
    fx(() -> {
      model.presenterProperty().set(presenter);
      stage.setX(0);
      stage.setY(0);
      stage.setWidth(1024);
      stage.setHeight(768);
      return null;
    });
    robot.clickOn("#tab-external");
    waitFor(10, () -> Math.abs(stage.getScene().getWidth() - 1024) < 40 && robot.lookup("#external-record").query().isVisible());
    java.util.List<String> problems = fx(() -> {
      javafx.scene.Scene s = stage.getScene();
      s.getRoot().applyCss();
      s.getRoot().layout();
      java.util.List<String> out = new java.util.ArrayList<>();
      for (String id : new String[] {"#external-intercept", "#external-upstream-ca-browse", "#external-export-ca", "#external-add",
          "#external-record", "#external-save-recording", "#external-save-capture", "#external-open-recording"}) {
        javafx.scene.control.Control c = (javafx.scene.control.Control) s.lookup(id);
        javafx.geometry.Bounds b = c.localToScene(c.getLayoutBounds());
        if (c.getWidth() + 0.5 < c.prefWidth(-1) || b.getMaxX() > s.getWidth() + 0.5 || b.getMaxY() > s.getHeight() + 0.5) {
          out.add(id + " cut or out of view at " + b);
        }
      }
      javafx.scene.control.ScrollPane cards = (javafx.scene.control.ScrollPane) s.lookup("#external-cards");
      if (cards.getViewportBounds().getHeight() < 120) out.add("the cards have " + cards.getViewportBounds().getHeight() + " px of height");
      javafx.scene.Node chart = s.lookup("#external-wire-chart");
      javafx.geometry.Bounds cb = chart.localToScene(chart.getLayoutBounds());
      if (chart.getLayoutBounds().getHeight() < 100 || cb.getMaxY() > s.getHeight() + 0.5) out.add("the chart at " + cb);
      return out;
    });
    assertEquals(java.util.List.of(), problems, presenter ? "presenter" : "plain");
  }
}
