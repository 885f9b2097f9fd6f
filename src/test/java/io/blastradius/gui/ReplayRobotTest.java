package io.blastradius.gui;

import io.blastradius.gui.common.Fmt;
import io.blastradius.gui.live.CardViewModel;

import static io.blastradius.gui.RobotWindow.fx;
import static io.blastradius.gui.RobotWindow.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.blastradius.core.event.Event;
import io.blastradius.core.live.ConnState;
import io.blastradius.core.live.ConnView;
import io.blastradius.core.live.LiveModel;
import io.blastradius.core.live.LiveSnapshot;
import io.blastradius.core.record.RecordingReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javafx.scene.Node;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * The replay timeline in the real window, driven by the robot: the sample opened through the Run
 * menu, the real slider moved with the keyboard to just after the unplug, and the dead
 * connection's card read off the screen. Headless under Monocle; no sleeps.
 */
@ExtendWith(ApplicationExtension.class)
class ReplayRobotTest {
  private RobotWindow w;
  private WorkbenchModel model;
  @TempDir Path dir;

  @Start
  void start(Stage stage) {
    // No live runs here: a scripted starter, so no sockets and no warm-up.
    w = RobotWindow.show(stage, new ScriptedRun.Starter());
    model = w.model();
  }

  @AfterEach
  void tearDown() throws Exception {
    w.close();
  }

  private void openSampleFromTheMenu(FxRobot robot) throws Exception {
    robot.clickOn("Run");
    robot.clickOn("Open sample recording");
    waitFor(30, () -> model.live().replayingProperty().get() && !model.live().unplugMarks().isEmpty());
    waitFor(10, () -> robot.lookup("#replay-slider").tryQuery().map(Node::isVisible).orElse(false));
  }

  @Test
  void scrubbingJustPastTheUnplugShowsTheDeadConnectionUnplugged(FxRobot robot) throws Exception {
    openSampleFromTheMenu(robot);
    Slider slider = robot.lookup("#replay-slider").queryAs(Slider.class);
    assertEquals(0.0, fx(slider::getValue));
    // The tick is laid out on a later pulse than the slider shows: wait for it, then count.
    waitFor(10, () -> !robot.lookup(".replay-unplug").queryAll().isEmpty());
    assertEquals(1, robot.lookup(".replay-unplug").queryAll().size(), "the unplug is marked on the timeline");

    // The real slider: focus it by its thumb, then two arrow steps of 0.25 s: 0.5 s, just past
    // the unplug at 0.329 s.
    robot.clickOn((Node) robot.lookup("#replay-slider .thumb").query());
    robot.type(KeyCode.RIGHT, 2);
    waitFor(10, () -> slider.getValue() == 0.5);
    long t = 500_000_000L;
    waitFor(30, () -> model.live().replayShownT() == t && !model.live().replayFolding());

    List<Event> events = RecordingReader.read(ReplayTest.SAMPLE).events();
    LiveSnapshot want = LiveModel.replay(events, t).snapshot(t);
    ConnView dead = want.connections().stream().filter(c -> c.state() == ConnState.UNPLUGGED).findFirst().orElseThrow();
    assertTrue(dead.failed() > 0, "by 0.5 s the dead connection has timed requests out");
    CardViewModel ref = new CardViewModel(dead.connId());
    ref.update(dead, want.now());

    Label state = robot.lookup("#state-" + dead.connId()).queryAs(Label.class);
    Label occupancy = robot.lookup("#occupancy-" + dead.connId()).queryAs(Label.class);
    Label counts = robot.lookup("#counts-" + dead.connId()).queryAs(Label.class);
    waitFor(10, () -> "UNPLUGGED".equals(state.getText()));
    assertEquals(ref.occupancyTextProperty().get(), fx(occupancy::getText));
    assertEquals(ref.countsTextProperty().get(), fx(counts::getText));
    assertTrue(fx(counts::getText).contains(Fmt.count(dead.failed())), fx(counts::getText));
    Label failures = robot.lookup("#status-failures").queryAs(Label.class);
    assertEquals(Fmt.count(want.totals().failed()), fx(failures::getText));
    assertEquals("REPLAY", fx(() -> robot.lookup("#status-state").queryAs(Label.class).getText()));

    // Back to the start: the card is not there yet (folded again from the beginning).
    robot.type(KeyCode.HOME);
    waitFor(30, () -> model.live().replayShownT() == 0 && !model.live().replayFolding());
    waitFor(10, () -> robot.lookup("#state-" + dead.connId()).tryQuery().isEmpty());
  }

  @Test
  void aCorruptFileShowsTheErrorAndKeepsTheOpenRecordingsCards(FxRobot robot) throws Exception {
    openSampleFromTheMenu(robot);
    fx(() -> {
      model.live().replayPositionProperty().set(5);
      return null;
    });
    waitFor(30, () -> model.live().replayShownT() == 5_000_000_000L && !model.live().cards().cards().isEmpty());
    List<Long> cards = fx(() -> model.live().cards().cards().stream().map(CardViewModel::connId).toList());
    String failed = fx(() -> robot.lookup("#status-failures").queryAs(Label.class).getText());
    Path bad = dir.resolve("corrupt.blastrec");
    Files.write(bad, new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 1, 2, 3}); // gzip magic, then junk

    fx(() -> model.openRecording(bad)); // the path Open recording…, Recent files and a drop all take

    waitFor(30, () -> robot.lookup("#alert-error").tryQuery().isPresent());
    DialogPane alert = robot.lookup("#alert-error").queryAs(DialogPane.class);
    String text = fx(alert::getContentText);
    assertTrue(text.startsWith("Could not open corrupt.blastrec:"), text);
    assertTrue(text.contains(bad.toString()), "names the file: " + text);
    String msg = fx(() -> model.live().messageProperty().get());
    assertTrue(msg.endsWith("(still showing what was open)"), msg);
    robot.clickOn("OK");
    // The recording that was open is still on screen, at the same time, with the same cards.
    for (long id : cards) assertTrue(robot.lookup("#card-" + id).tryQuery().isPresent(), "card #" + id);
    assertEquals(failed, fx(() -> robot.lookup("#status-failures").queryAs(Label.class).getText()));
    assertEquals(5.0, fx(() -> robot.lookup("#replay-slider").queryAs(Slider.class).getValue()));
    assertTrue(fx(() -> model.live().replayingProperty().get()));
  }
}
