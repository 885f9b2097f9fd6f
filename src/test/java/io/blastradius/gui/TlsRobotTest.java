package io.blastradius.gui;

import static io.blastradius.gui.WorkbenchRobotTest.cell;
import static io.blastradius.gui.WorkbenchRobotTest.fx;
import static io.blastradius.gui.WorkbenchRobotTest.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.blastradius.core.event.Event;
import io.blastradius.core.event.EventSink;
import io.blastradius.core.run.RunConfig;
import io.blastradius.gui.common.RunStarter;
import io.blastradius.gui.compare.Scorer;
import io.blastradius.gui.live.CardViewModel;
import io.blastradius.gui.live.LiveRunViewModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReference;
import java.util.prefs.Preferences;
import javafx.application.Platform;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * The form's "TLS (h2 via ALPN)" toggle reaches a real run (loopback): the pool speaks TLS, the
 * proxy intercepts it because the wire is decoded, and the card's wire line counts streams (an
 * encrypted flow the decoder could not read would show as undecoded instead). The interception CA
 * goes to a temporary config directory. Headless under Monocle; every wait is on a condition.
 */
@ExtendWith(ApplicationExtension.class)
class TlsRobotTest {
  private Preferences node;
  private WorkbenchModel model;
  private Path tmp;
  private String configDirBefore;
  private final AtomicReference<RunConfig> started = new AtomicReference<>();
  private final Queue<Event> wire = new ConcurrentLinkedQueue<>();

  @Start
  void start(Stage stage) throws Exception {
    node = Preferences.userRoot().node("io/blastradius/robot-" + UUID.randomUUID());
    tmp = Files.createTempDirectory("blastradius-tls-robot");
    configDirBefore = System.getProperty("blastradius.configDir");
    System.setProperty("blastradius.configDir", tmp.resolve("config").toString());
    RunStarter real = RunStarter.real();
    RunStarter watched = (cfg, sink) -> {
      started.set(cfg);
      return real.start(cfg, EventSink.tee(sink, e -> {
        if (e instanceof Event.WireProtocol || e instanceof Event.WireUndecoded) wire.add(e);
      }));
    };
    model = new WorkbenchModel(watched, Scorer.standard(), WorkbenchApp.backgroundExecutor(), Platform::runLater,
        io.blastradius.gui.live.Recorder.temp(tmp));
    WorkbenchPrefs prefs = new WorkbenchPrefs(node);
    prefs.bind(model);
    WorkbenchWindow.show(stage, model, prefs);
    stage.setWidth(1280);
    stage.setHeight(800);
  }

  @AfterEach
  void tearDown() throws Exception {
    fx(() -> {
      model.stop();
      return null;
    });
    waitFor(30, () -> !model.busyBinding().get());
    node.removeNode();
    if (configDirBefore == null) System.clearProperty("blastradius.configDir");
    else System.setProperty("blastradius.configDir", configDirBefore);
    try (var files = Files.walk(tmp)) {
      for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(f);
    }
  }

  @Test
  void aRunWithTlsTickedSpeaksTlsThroughTheProxyAndItsWireIsStillDecoded(FxRobot robot) throws Exception {
    robot.clickOn("#preset");
    robot.clickOn(cell(robot, "manual"));
    robot.clickOn("#policy .arrow-button");
    robot.clickOn(cell(robot, "h2-naive"));
    robot.clickOn("#timeout .text-field").push(KeyCode.SHORTCUT, KeyCode.A).write("200").push(KeyCode.TAB);
    CheckBox tls = robot.lookup("#tls").queryAs(CheckBox.class);
    assertFalse(fx(tls::isSelected), "off by default");
    assertTrue(fx(() -> model.settings().decodeProperty().get()));
    javafx.scene.control.ScrollPane form = robot.lookup(".settings-scroll").queryAs(javafx.scene.control.ScrollPane.class);
    fx(() -> {
      form.setVvalue(form.getVmax()); // the toggle is the form's last row
      return null;
    });
    robot.clickOn("#tls");
    assertTrue(fx(() -> model.settings().tlsProperty().get()), "ticking reaches the form");

    robot.clickOn("#start");
    waitFor(30, () -> model.live().stateProperty().get() == LiveRunViewModel.RunState.RUNNING);
    RunConfig cfg = started.get();
    assertTrue(cfg.wire().tls(), "the run the window started speaks TLS");
    assertTrue(cfg.wire().intercept(), "and, decoded, is intercepted by the proxy");
    waitFor(30, () -> firstCard() != null && firstCard().flowId() != 0);
    long connId = fx(() -> firstCard().connId());
    waitFor(30, () -> model.live().snapshotProperty().get().totals().ok() > 50);
    Label line = robot.lookup("#wire-" + connId).queryAs(Label.class);
    waitFor(30, () -> line.getText().matches("wire: \\d+ open.*"));
    assertTrue(fx(line::isVisible), "the wire line shows: " + fx(line::getText));
    List<Event> seen = List.copyOf(wire);
    assertTrue(seen.stream().anyMatch(e -> e instanceof Event.WireProtocol p && p.protocol().equals("h2")),
        "the decoder read HTTP/2 inside the TLS: " + seen);
    assertTrue(seen.stream().noneMatch(e -> e instanceof Event.WireUndecoded), "nothing undecoded: " + seen);
    assertTrue(Files.exists(tmp.resolve("config").resolve(io.blastradius.core.tls.CertAuthority.CERT_FILE)),
        "the interception CA was made where the config directory says");

    robot.clickOn("#stop");
    waitFor(30, () -> model.live().stateProperty().get() == LiveRunViewModel.RunState.FINISHED);
    assertEquals(LiveRunViewModel.RunState.FINISHED, fx(() -> model.live().stateProperty().get()));
  }

  private CardViewModel firstCard() {
    List<CardViewModel> cards = model.live().cards().cards();
    return cards.isEmpty() ? null : cards.get(0);
  }
}
