package io.blastradius.gui;

import static io.blastradius.gui.RobotWindow.cell;
import static io.blastradius.gui.RobotWindow.fx;
import static io.blastradius.gui.RobotWindow.inScene;
import static io.blastradius.gui.RobotWindow.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.blastradius.core.event.CloseReason;
import io.blastradius.core.event.Event;
import io.blastradius.core.event.Fault;
import io.blastradius.core.event.Outcome;
import io.blastradius.core.live.LanesView;
import io.blastradius.core.policy.Protocol;
import io.blastradius.core.record.RecordingWriter;
import io.blastradius.core.record.Samples;
import io.blastradius.gui.charts.CanvasChart;
import io.blastradius.gui.charts.Marks;
import io.blastradius.gui.charts.TimelineFrame;
import io.blastradius.gui.common.FileDialogs;
import io.blastradius.gui.common.SimRunStarter;
import io.blastradius.gui.form.Preset;
import io.blastradius.gui.live.CardViewModel;
import io.blastradius.gui.live.LiveRunViewModel.RunState;
import io.blastradius.gui.live.Recorder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.stage.Window;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.testfx.api.FxRobot;

/**
 * A run's story in the real window, told to the end, at a projector's 1024x768 and a desktop's
 * 1920x1080, presenter mode off and on: the run's last state stays on the cards, every total on
 * screen is the same fold, the scorecard and its exports are on the Live tab, every kind of flow
 * fault is marked, axes follow a sub-second run, and replay's slow motion and fault jumps work on a
 * fifth of a second. Runs are on the simulated engine ({@link SimRunStarter}): over in a moment
 * and the same every time. One window serves every case (it is resized between them); the file
 * choosers answer with paths in a temporary directory. Headless under Monocle; no sleeps.
 */
class RunStoryRobotTest {
  private static RobotWindow w;
  private static WorkbenchModel model;
  private static Path dir;
  private static final FxRobot robot = new FxRobot();
  private static final long MS = 1_000_000L;

  @BeforeAll
  static void launch() throws Exception {
    dir = Files.createTempDirectory("blastradius-story-robot");
    w = RobotWindow.launch(new SimRunStarter(), Recorder.temp(dir));
    model = w.model();
    fx(() -> {
      model.settings().decodeProperty().set(false); // a simulated run carries no bytes to decode
      return null;
    });
    w.fileDialogs(new FileDialogs() {
      @Override
      public Path open(Window owner, String title, String what, String glob) {
        return dir.resolve(glob.equals("*.json") ? "every-fault.json" : "short.blastrec");
      }

      @Override
      public Path save(Window owner, String title, String what, String glob, String name) {
        return dir.resolve(name);
      }
    });
  }

  @AfterEach
  void stop() throws Exception {
    w.stopRun();
  }

  @AfterAll
  static void close() throws Exception {
    w.close();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.toList()) io.blastradius.core.util.TempFiles.delete(f);
    }
    Files.deleteIfExists(dir);
  }

  static Stream<Arguments> sizes() {
    return Stream.of(Arguments.of(1024, 768, false), Arguments.of(1024, 768, true),
        Arguments.of(1920, 1080, false), Arguments.of(1920, 1080, true));
  }

  private static String where(int width, int height, boolean presenter) {
    return width + "x" + height + (presenter ? " presenter" : "");
  }

  private static String text(String id) throws Exception {
    return fx(() -> ((Label) w.scene().lookup(id)).getText());
  }

  private static long number(String s) {
    return Long.parseLong(s.replace(",", ""));
  }

  /** Starts the form's scenario with the real Start button and waits for its end. */
  private static void startAndFinish() throws Exception {
    robot.clickOn("#tab-live");
    robot.clickOn("#start");
    waitFor(60, () -> model.live().stateProperty().get() == RunState.FAILED
        || model.live().stateProperty().get() == RunState.FINISHED && model.live().scorecardProperty().get() != null);
    assertEquals(RunState.FINISHED, fx(() -> model.live().stateProperty().get()), fx(() -> model.live().messageProperty().get()));
  }

  @ParameterizedTest(name = "{0}x{1} presenter {2}")
  @MethodSource("sizes")
  void aFinishedRunKeepsItsStoryItsTotalsAgreeAndItsScorecardExports(int width, int height, boolean presenter) throws Exception {
    String at = where(width, height, presenter);
    w.size(width, height, presenter, false);
    fx(() -> {
      // The seed, short: 600 sequential requests, an unplug every 200, under h2-naive.
      model.settings().presetProperty().set(Preset.byId("seed"));
      model.settings().policyProperty().set("h2-naive");
      model.settings().requestsProperty().set(600);
      model.settings().faultParamProperty().set(200);
      return null;
    });
    startAndFinish();

    // The cards keep the state they had at the end of the load; shutdown is a detail under it.
    List<CardViewModel> cards = fx(() -> List.copyOf(model.live().cards().cards()));
    assertEquals(1, cards.size(), at + ": h2-naive's one connection");
    long id = cards.get(0).connId();
    assertEquals("UNPLUGGED", text("#state-" + id), at + ": which connection was unplugged stays told");
    assertEquals("shut down when the run ended", text("#why-" + id), at);
    // The card is whole on screen: its last line (the buttons) above the bottom of the cards' view.
    assertEquals(List.of(), fx(() -> cardsCut()), at);

    // Every total is one fold: the cards (and requests no connection took) = the status bar = the scorecard.
    Matcher counts = Pattern.compile("ok ([\\d,]+) · failed ([\\d,]+)").matcher(text("#counts-" + id));
    assertTrue(counts.find(), text("#counts-" + id));
    LanesView lanes = fx(() -> w.window().view().liveView().timeline().frame().lanes());
    long unplaced = lanes.unplaced() == null ? 0 : java.util.Arrays.stream(lanes.unplaced().failed()).sum();
    long onCards = number(counts.group(2)) + unplaced;
    long statusBar = number(text("#status-failures"));
    Matcher strip = Pattern.compile("^h2-naive: ([\\d,]+) requests, ([\\d,]+) failed").matcher(text("#score-text"));
    assertTrue(strip.find(), at + ": the scorecard on the Live tab: " + text("#score-text"));
    long scorecard = fx(() -> model.live().scorecardProperty().get().failed());
    assertTrue(statusBar >= 400, at + ": every request after the first unplug fails: " + statusBar);
    assertEquals(List.of(statusBar, statusBar, statusBar, statusBar),
        List.of(onCards, number(strip.group(2)), scorecard, lanes.failedTotal()), at + ": cards, strip, scorecard, timeline");
    assertEquals(600, number(strip.group(1)));
    // And the window agrees with the CLI: the same config on the same engine, folded by the CLI's scorecard.
    List<Event> cli = new ArrayList<>();
    io.blastradius.core.sim.SimRun.run(fx(() -> model.live().config()), cli::add);
    assertEquals(statusBar, io.blastradius.core.score.Scorecard.of("h2-naive", cli).failed(), at + ": the CLI's count");
    assertTrue(fx(() -> w.scene().lookup("#score-strip").isVisible()));

    // The exports, through their buttons: PNG of the timeline and charts, the scorecard as CSV, the requests as HAR.
    for (String name : new String[] {"blastradius.png", "scorecard.csv", "run.har"}) Files.deleteIfExists(dir.resolve(name));
    waitFor(30, () -> model.live().exportableRecordingProperty().get() != null); // the run's recording is closed
    export("#export-png", "image", "blastradius.png");
    java.awt.image.BufferedImage png = javax.imageio.ImageIO.read(dir.resolve("blastradius.png").toFile());
    assertTrue(png != null && png.getWidth() > 300 && png.getHeight() > 200, at + ": a PNG of the charts");
    export("#export-csv", "scorecard", "scorecard.csv");
    List<String> csv = Files.readAllLines(dir.resolve("scorecard.csv"));
    assertEquals(2, csv.size(), "a header and h2-naive's row");
    assertTrue(csv.get(1).startsWith("h2-naive,600,"), csv.get(1));
    export("#export-har", "HAR", "run.har");
    com.fasterxml.jackson.databind.JsonNode har = new com.fasterxml.jackson.databind.ObjectMapper()
        .readTree(dir.resolve("run.har").toFile());
    assertEquals(600, har.path("log").path("entries").size(), at + ": one HAR entry per request");
  }

  /** Clicks an export button and waits until the window says it wrote {@code name}. */
  private static void export(String button, String what, String name) throws Exception {
    robot.clickOn(button);
    Path target = dir.resolve(name);
    waitFor(30, () -> model.live().messageProperty().get().equals("Wrote the " + what + " to " + target + "."));
  }

  /** Cards whose last line is below the bottom of the cards' scroll view (cut by the split pane's divider). */
  private static List<String> cardsCut() {
    List<String> cut = new ArrayList<>();
    Scene s = w.scene();
    ScrollPane scroll = (ScrollPane) s.lookup("#cards-scroll");
    double bottom = inScene(scroll).getMaxY() - scroll.snappedBottomInset();
    for (Node card : s.getRoot().lookupAll(".conn-card")) {
      if (!card.isVisible()) continue;
      Node buttons = ((javafx.scene.Parent) card).lookup(".card-buttons");
      Bounds b = inScene(buttons);
      if (b.getMaxY() > bottom + 0.5 && inScene(card).getMinY() < bottom) {
        javafx.scene.layout.Region tl = (javafx.scene.layout.Region) s.lookup("#request-timeline");
        javafx.scene.layout.Region charts = (javafx.scene.layout.Region) s.lookup(".live-charts");
        javafx.scene.layout.Region pane = (javafx.scene.layout.Region) s.lookup(".cards-pane");
        cut.add(card.getId() + "'s last line ends at " + b.getMaxY() + ", the view at " + bottom + " (cards "
            + pane.getHeight() + " of min " + pane.minHeight(-1) + ", timeline " + tl.getHeight() + " of min " + tl.minHeight(-1)
            + ", charts " + charts.getHeight() + " of min " + charts.minHeight(-1) + ")");
      }
    }
    return cut;
  }

  @ParameterizedTest(name = "{0}x{1} presenter {2}")
  @MethodSource("sizes")
  void aScenarioFileWithEveryFaultKindIsMarkedOnMillisecondAxes(int width, int height, boolean presenter) throws Exception {
    String at = where(width, height, presenter);
    w.size(width, height, presenter, false);
    Files.writeString(dir.resolve("every-fault.json"), """
        {
          "name": "every-fault",
          "description": "Sequential requests; every kind of flow fault once.",
          "requests": 700, "workers": 1, "timeout": "10ms",
          "faults": [
            {"type": "at", "request": 100, "fault": "unplug", "revertAfter": "5ms"},
            {"type": "at", "request": 200, "fault": "reset"},
            {"type": "at", "request": 300, "fault": "close"},
            {"type": "at", "request": 400, "fault": "latency", "latency": "2ms", "revertAfter": "20ms"},
            {"type": "at", "request": 500, "fault": "unplug-upstream"},
            {"type": "at", "request": 600, "fault": "unplug-downstream"}
          ]
        }
        """);
    robot.clickOn("Run").clickOn("Open scenario…");
    waitFor(30, () -> model.settings().presetProperty().get().id().equals("every-fault"));
    fx(() -> {
      model.settings().policyProperty().set("h1");
      return null;
    });
    startAndFinish();

    TimelineFrame frame = fx(() -> w.window().view().liveView().timeline().frame());
    assertTrue(frame.endSeconds() < 1, at + ": h1 finishes 700 requests in under a second: " + frame.endSeconds());
    assertEquals(MS, frame.lanes().widthNanos(), at + ": millisecond buckets for a sub-second run");
    assertTrue(text("#status-elapsed").matches("0\\.\\d{3} s"), "the run time reads in milliseconds: " + text("#status-elapsed"));
    CanvasChart rate = fx(() -> (CanvasChart) w.scene().lookup("#rate-chart"));
    CanvasChart cumulative = fx(() -> (CanvasChart) w.scene().lookup("#cumulative-chart"));
    double dx = fx(() -> rate.lines().get(0).dx());
    assertTrue(dx < 0.05, at + ": the rate chart's bins follow the run (" + dx + " s), not one empty second");

    // A mark for every kind of flow fault, on both charts and the timeline, each where it happened.
    Set<Fault> every = EnumSet.allOf(Fault.class);
    List<CanvasChart.Mark> marks = fx(rate::marks);
    assertEquals(every, marks.stream().map(CanvasChart.Mark::fault).collect(Collectors.toCollection(() -> EnumSet.noneOf(Fault.class))),
        at + ": " + marks);
    assertEquals(marks, fx(cumulative::marks));
    assertEquals(every, frame.lanes().marks().stream().map(LanesView.Mark::fault)
        .collect(Collectors.toCollection(() -> EnumSet.noneOf(Fault.class))), at + ": the timeline's marks");
    TreeSet<Double> times = marks.stream().map(CanvasChart.Mark::seconds).collect(Collectors.toCollection(TreeSet::new));
    assertTrue(times.size() >= 6 && times.first() > 0 && times.last() <= frame.endSeconds(),
        at + ": the marks spread over the run, not piled at 0: " + times);
    assertEquals(every.size(), every.stream().map(f -> Marks.label(f, 1)).distinct().count(), "each mark says which fault it is");

    // The cumulative failures are flat at zero until the first fault: they do not climb from 0 s.
    CanvasChart.Line cum = fx(() -> cumulative.lines().get(0));
    int first = 0;
    while (first < cum.values().length && cum.values()[first] == 0) first++;
    assertTrue(first < cum.values().length, "some requests failed");
    assertTrue(cum.x0() + first * cum.dx() >= times.first(), at + ": the first failure after the first fault");
  }

  /**
   * A 0.2 s recording like h1's seed: three unplugs with one failed request each, then a replug;
   * and an HTTP/2 connection SUSPECT since 50 ms with its PING outstanding.
   */
  static Path shortRecording(Path f) throws Exception {
    RecordingWriter out = RecordingWriter.open(f, Samples.header());
    out.accept(new Event.RunStarted(0, "h1", "seed"));
    long id = 0;
    for (int c = 1; c <= 3; c++) {
      long t0 = (c - 1) * 60 * MS;
      out.accept(new Event.FlowOpened(t0, c, 40000 + c));
      out.accept(new Event.ConnectionDialed(t0, c, Protocol.H1));
      out.accept(new Event.ConnectionReady(t0, c, 40000 + c, 1));
      for (int i = 0; i < 20; i++) {
        long t = t0 + i * MS;
        out.accept(new Event.RequestStarted(t, ++id, 0));
        out.accept(new Event.RequestAssigned(t, id, c, 0));
        out.accept(new Event.RequestFinished(t + 100_000, id, c, 0, Outcome.OK, null, 100_000));
      }
      out.accept(new Event.FlowFaulted(t0 + 30 * MS, c, Fault.UNPLUG, ""));
      out.accept(new Event.RequestStarted(t0 + 30 * MS, ++id, 0));
      out.accept(new Event.RequestAssigned(t0 + 30 * MS, id, c, 0));
      out.accept(new Event.RequestFinished(t0 + 40 * MS, id, c, 0, Outcome.TIMEOUT, "timeout", 10 * MS));
      out.accept(new Event.ConnectionClosed(t0 + 40 * MS, c, CloseReason.REQUEST_ABORTED, ""));
    }
    out.accept(new Event.FlowOpened(0, 4, 40004));
    out.accept(new Event.ConnectionDialed(0, 4, Protocol.H2));
    out.accept(new Event.ConnectionReady(0, 4, 40004, 250));
    out.accept(new Event.ConnectionStatusChanged(50 * MS, 4, Event.ConnStatus.SUSPECT,
        "request 9 timed out, silent 12ms; PING sent, verdict due in 3ms"));
    out.accept(new Event.PingSent(50 * MS, 4, 1));
    out.accept(new Event.FlowFaulted(190 * MS, 3, Fault.REPLUG, ""));
    out.accept(new Event.RunFinished(200 * MS, false));
    out.close();
    return f;
  }

  @ParameterizedTest(name = "{0}x{1} presenter {2}")
  @MethodSource("sizes")
  void aFifthOfASecondReplaysInSlowMotionAndItsFaultJumpsLandInMilliseconds(int width, int height, boolean presenter)
      throws Exception {
    String at = where(width, height, presenter);
    w.size(width, height, presenter, false);
    shortRecording(dir.resolve("short.blastrec"));
    robot.clickOn("#tab-live");
    // The menu's item, not the External tab's button of the same name.
    robot.clickOn("Run");
    robot.clickOn(robot.lookup("Open recording…").queryAll().stream()
        .filter(n -> n.getScene() != null && n.getScene().getWindow() instanceof javafx.stage.PopupWindow)
        .findFirst().orElseThrow(() -> new AssertionError("Run → Open recording… is not shown")));
    waitFor(30, () -> model.live().replayingProperty().get() && model.live().replayShownT() == 0 && !model.live().replayFolding());

    // Slow motion, picked in the pace list.
    robot.clickOn("#replay-speed");
    robot.clickOn(cell(robot, "×0.01"));
    assertEquals(0.01, fx(() -> model.live().replaySpeedProperty().get()), 1e-12, at);
    long clicked = System.nanoTime();
    robot.clickOn("#replay-play");
    waitFor(20, () -> model.live().replayShownT() > 0);
    long shown = fx(() -> model.live().replayShownT());
    long wall = System.nanoTime() - clicked;
    robot.clickOn("#replay-play"); // pause
    assertFalse(fx(() -> model.live().playingProperty().get()));
    assertTrue(shown <= wall / 100 + MS, at + ": at ×0.01, " + wall / MS + " ms of wall time showed " + shown / 1e6
        + " ms of the recording (at most a hundredth, and a millisecond)");

    // Fault jumps: just after each of the four faults (a twentieth of the recording), read to the millisecond.
    fx(() -> {
      model.live().replayPositionProperty().set(0);
      return null;
    });
    waitFor(10, () -> model.live().replayShownT() == 0 && !model.live().replayFolding());
    long[] landing = {40 * MS, 100 * MS, 160 * MS, 200 * MS};
    for (long t : landing) {
      robot.clickOn("#replay-next-fault");
      waitFor(10, () -> model.live().replayShownT() == t && !model.live().replayFolding());
      String want = String.format(java.util.Locale.ROOT, "%.3f s / 0.200 s", t / 1e9);
      waitFor(10, () -> ((Label) w.scene().lookup("#replay-time")).getText().equals(want));
    }
    robot.clickOn("#replay-prev-fault");
    waitFor(10, () -> model.live().replayShownT() == 160 * MS && !model.live().replayFolding());
    robot.clickOn("#replay-next-fault");
    waitFor(10, () -> model.live().replayShownT() == 200 * MS && !model.live().replayFolding());

    // At the end: h1's one red mark per unplug, the replug marked, the scorecard on the Live tab.
    LanesView lanes = fx(() -> w.window().view().liveView().timeline().frame().lanes());
    assertEquals(3, lanes.failedTotal(), at + ": one failure per unplug");
    assertTrue(lanes.marks().stream().anyMatch(m -> m.fault() == Fault.REPLUG), "the replug is marked");
    assertTrue(fx(() -> ((CanvasChart) w.scene().lookup("#rate-chart")).marks()).stream().anyMatch(m -> m.fault() == Fault.REPLUG));
    waitFor(10, () -> w.scene().lookup("#score-strip").isVisible());
    assertTrue(text("#score-text").startsWith("h1: 63 requests, 3 failed, 3 unplugs"), text("#score-text"));
    assertEquals("3", text("#status-failures"));

    // The SUSPECT card: the PING's live age, not the policy's stale "verdict due in 3ms".
    waitFor(10, () -> w.scene().lookup("#state-4") != null);
    assertEquals("SUSPECT", text("#state-4"));
    assertEquals("request 9 timed out, silent 12ms; PING sent", text("#why-4"));
    assertEquals("PING outstanding 0.1 s", text("#ping-4"));
    assertNotNull(fx(() -> w.scene().lookup("#card-4")));
  }
}
