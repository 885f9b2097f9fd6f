package io.blastradius.gui;

import static io.blastradius.gui.RobotWindow.cell;
import static io.blastradius.gui.RobotWindow.fx;
import static io.blastradius.gui.RobotWindow.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.blastradius.gui.common.RunStarter;
import io.blastradius.gui.live.CardViewModel;
import io.blastradius.gui.live.LiveRunViewModel;
import java.util.List;
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
 * The form's "Decode the wire" checkbox reaches the fault proxy of a real run (loopback) and the
 * decoder's count comes back to the card. Headless under Monocle; every wait is on a condition.
 */
@ExtendWith(ApplicationExtension.class)
class WireRobotTest {
  private RobotWindow w;
  private WorkbenchModel model;
  private java.nio.file.Path tmp;

  @Start
  void start(Stage stage) {
    try {
      tmp = java.nio.file.Files.createTempDirectory("blastradius-wire-robot");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    w = RobotWindow.show(stage, RunStarter.real(), io.blastradius.gui.live.Recorder.temp(tmp));
    model = w.model();
  }

  @AfterEach
  void tearDown() throws Exception {
    w.close();
    try (var files = java.nio.file.Files.list(tmp)) {
      for (java.nio.file.Path f : files.toList()) io.blastradius.core.util.TempFiles.delete(f);
    }
    java.nio.file.Files.deleteIfExists(tmp);
  }

  @Test
  void aLiveRunWithTheWireDecodedShowsTheWiresOpenStreamsOnItsCard(FxRobot robot) throws Exception {
    robot.clickOn("#preset");
    robot.clickOn(cell(robot, "manual"));
    robot.clickOn("#policy .arrow-button");
    robot.clickOn(cell(robot, "h2-naive"));
    robot.clickOn("#timeout .text-field").push(KeyCode.SHORTCUT, KeyCode.A).write("100").push(KeyCode.TAB);
    CheckBox decode = robot.lookup("#decode").queryAs(CheckBox.class);
    assertTrue(fx(decode::isSelected), "on by default");
    robot.clickOn("#decode");
    assertFalse(fx(() -> model.settings().decodeProperty().get()), "unticking reaches the form");
    robot.clickOn("#decode");
    assertTrue(fx(() -> model.settings().form().toRunConfig().wire().decode()));

    robot.clickOn("#start");
    waitFor(30, () -> model.live().stateProperty().get() == LiveRunViewModel.RunState.RUNNING);
    waitFor(30, () -> firstCard() != null && firstCard().flowId() != 0);
    long connId = fx(() -> firstCard().connId());
    waitFor(30, () -> model.live().snapshotProperty().get().totals().ok() > 50);
    Label wire = robot.lookup("#wire-" + connId).queryAs(Label.class);
    waitFor(30, () -> wire.getText().matches("wire: \\d+ open.*"));
    assertTrue(fx(wire::isVisible), "the wire line shows: " + fx(wire::getText));

    robot.clickOn("#stop");
    waitFor(30, () -> model.live().stateProperty().get() == LiveRunViewModel.RunState.FINISHED);
    assertEquals(LiveRunViewModel.RunState.FINISHED, fx(() -> model.live().stateProperty().get()));

    // The run captured its flows: Save capture… is offered and writes a pcap.
    waitFor(30, () -> model.live().lastRunCaptureProperty().get() != null);
    java.nio.file.Path target = tmp.resolve("saved.pcap");
    java.nio.file.Path saved = fx(() -> model.live().saveCapture(target, false)).get(30, java.util.concurrent.TimeUnit.SECONDS);
    assertEquals(target, saved, fx(() -> model.live().messageProperty().get()));
    byte[] head = java.nio.file.Files.readAllBytes(target);
    assertTrue(head.length > 24 + 40, "a pcap header and packets: " + head.length + " bytes");
    int magic = java.nio.ByteBuffer.wrap(head, 0, 4).getInt();
    assertTrue(magic == 0xa1b2c3d4 || magic == 0xd4c3b2a1, "classic pcap magic, not " + Integer.toHexString(magic));
  }

  private CardViewModel firstCard() {
    List<CardViewModel> cards = model.live().cards().cards();
    return cards.isEmpty() ? null : cards.get(0);
  }
}
