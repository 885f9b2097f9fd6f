package io.blastradius.gui.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.blastradius.cli.Cli;
import io.blastradius.core.policy.Policies;
import io.blastradius.gui.MainView;
import io.blastradius.gui.WorkbenchModel;
import io.blastradius.gui.WorkbenchPrefs;
import io.blastradius.gui.WorkbenchWindow;
import io.blastradius.gui.charts.TradeOff;
import io.blastradius.gui.common.RunStarter;
import io.blastradius.gui.compare.Scorer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.prefs.Preferences;
import javafx.application.Platform;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.SnapshotParameters;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Tab;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The window's Sweep tab, driven through its controls: a small sweep on the simulated engine
 * draws one series per policy with the swept values on one of them, and every point is the
 * figure the CLI's {@code sweep --json} prints for the same input.
 */
@ExtendWith(ApplicationExtension.class)
class SweepRobotTest {
  @TempDir Path dir;
  private Preferences node;
  private WorkbenchModel model;
  private WorkbenchWindow window;

  @Start
  void start(Stage stage) {
    node = Preferences.userRoot().node("io/blastradius/robot-" + UUID.randomUUID());
    model = new WorkbenchModel(RunStarter.real(), Scorer.standard(), Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "sweep-test-bg");
      t.setDaemon(true);
      return t;
    }), Platform::runLater);
    WorkbenchPrefs prefs = new WorkbenchPrefs(node);
    prefs.bind(model);
    window = WorkbenchWindow.show(stage, model, prefs);
    stage.setWidth(1280);
    stage.setHeight(800);
  }

  @AfterEach
  void tearDown() throws Exception {
    node.removeNode();
  }

  @Test
  @SuppressWarnings("unchecked")
  void aSmallSweepDrawsOneSeriesPerPolicyWithTheClisNumbers(FxRobot robot) throws Exception {
    MainView view = window.view();
    Tab tab = fx(() -> view.tabs().getTabs().stream().filter(t -> "tab-sweep".equals(t.getId())).findFirst().orElseThrow());
    fx(() -> {
      view.tabs().getSelectionModel().select(tab);
      return null;
    });
    SweepView sweep = (SweepView) tab.getContent();
    fx(() -> {
      ((ChoiceBox<String>) robot.lookup("#sweep-policy").query()).setValue("h2-interval-ping");
      ((ChoiceBox<String>) robot.lookup("#sweep-param").query()).setValue("period");
      return null;
    });
    type(robot, "#sweep-from", "1s");
    type(robot, "#sweep-to", "9s");
    type(robot, "#sweep-requests", "600");
    type(robot, "#sweep-steps .text-field", "3");
    robot.clickOn("#sweep-run"); // also commits the steps field (focus leaves it)
    waitFor(60, () -> !sweep.viewModel().runningProperty().get() && sweep.viewModel().resultProperty().get() != null);
    assertEquals("period=1s..9s:3", fx(() -> sweep.viewModel().paramText()));

    TradeOff.Data d = fx(() -> sweep.chart().data());
    assertEquals(Policies.ids().size(), d.series().size(), "one series per policy");
    List<TradeOff.Series> lines = d.series().stream().filter(TradeOff.Series::line).toList();
    assertEquals(1, lines.size());
    assertEquals(3, lines.get(0).points().size(), "one point per swept value");
    for (TradeOff.Series s : d.series()) if (!s.line()) assertEquals(1, s.points().size(), s.name());
    assertEquals(3 + Policies.ids().size(), fx(() -> sweep.table().getItems().size()));

    // The CLI, same input: its rows are the chart's points.
    StringWriter out = new StringWriter();
    int code = Cli.commandLine(new PrintWriter(out, true), new PrintWriter(new StringWriter(), true)).execute(
        "sweep", "--policy", "h2-interval-ping", "--param", "period=1s..9s:3", "--scenario", "seed",
        "--requests", "600", "--json", "--no-png");
    assertEquals(0, code);
    JsonNode rows = new ObjectMapper().readTree(out.toString());
    assertEquals(3 + Policies.ids().size(), rows.size());
    for (int i = 0; i < 3; i++) {
      TradeOff.Pt p = lines.get(0).points().get(i);
      assertEquals(rows.get(i).get("value").asText(), p.label());
      assertEquals(rows.get(i).get("pingsPerHour").asDouble(), round(p.x()), "pingsPerHour of " + p.label());
      assertEquals(rows.get(i).get("failuresPerUnplug").asDouble(), round(p.y()), "failuresPerUnplug of " + p.label());
    }
    for (int i = 3; i < rows.size(); i++) {
      String id = rows.get(i).get("policy").asText();
      if (id.equals("h2-interval-ping")) continue; // the swept policy is its line
      TradeOff.Series s = d.series().stream().filter(x -> x.name().equals(id)).findFirst().orElseThrow();
      assertEquals(rows.get(i).get("pingsPerHour").asDouble(), round(s.points().get(0).x()), id);
      assertEquals(rows.get(i).get("failuresPerUnplug").asDouble(), round(s.points().get(0).y()), id);
    }
    assertTrue(!d.front().isEmpty(), "the Pareto front is drawn");

    // The chart's picture, exported as a PNG.
    Path png = dir.resolve("sweep.png");
    fx(() -> sweep.viewModel().exportPng(SwingFXUtils.fromFXImage(sweep.chart().snapshot(new SnapshotParameters(), null), null), png))
        .get(10, TimeUnit.SECONDS);
    assertTrue(javax.imageio.ImageIO.read(png.toFile()).getWidth() > 200, "a PNG of the chart");
    assertTrue(Files.size(png) > 1000);
  }

  private static double round(double v) {
    return Math.round(v * 100) / 100.0;
  }

  private static void type(FxRobot robot, String query, String text) {
    robot.doubleClickOn(query);
    robot.eraseText(20);
    robot.write(text);
  }

  static void waitFor(long seconds, Callable<Boolean> condition) throws Exception {
    WaitForAsyncUtils.waitFor(seconds, TimeUnit.SECONDS, () -> fx(condition));
  }

  static <T> T fx(Callable<T> c) throws Exception {
    return WaitForAsyncUtils.asyncFx(c).get(10, TimeUnit.SECONDS);
  }
}
