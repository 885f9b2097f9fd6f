package io.blastradius.gui;

import static io.blastradius.gui.RobotWindow.fx;
import static io.blastradius.gui.RobotWindow.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.blastradius.gui.charts.RequestTimelineView;
import io.blastradius.gui.compare.CompareViewModel;
import io.blastradius.gui.form.Preset;
import io.blastradius.gui.live.LiveRunViewModel;
import java.util.ArrayList;
import java.util.List;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The window at projector and desktop sizes (1024x700, 1024x768, 1920x1080), presenter mode off
 * and on, light and dark, during a run and after it: every panel keeps a usable size, Start stays
 * in view, the status message stays one line, card titles are whole, the request timeline shows
 * the run's lanes. Fed by the synthetic run (no sockets: this is about the window).
 */
@ExtendWith(ApplicationExtension.class)
class LayoutRobotTest {
  private RobotWindow w;
  private WorkbenchModel model;
  private WorkbenchWindow window;
  private Stage stage;

  @Start
  void start(Stage stage) {
    this.stage = stage;
    w = RobotWindow.show(stage, SyntheticRun.starter(8, 3_000, 120_000_000_000L, 1_500_000_000L));
    model = w.model();
    window = w.window();
    stage.setMinWidth(0);
    stage.setMinHeight(0);
  }

  @AfterEach
  void tearDown() throws Exception {
    fx(() -> {
      model.presenterProperty().set(false);
      model.darkProperty().set(false);
      return null;
    });
    w.close();
  }

  private void size(double width, double height, boolean presenter, boolean dark) throws Exception {
    w.size(width, height, presenter, dark);
  }

  /** {@code n}'s bounds in the scene. */
  private static Bounds inScene(Node n) {
    return RobotWindow.inScene(n);
  }

  private List<String> problems(String where) throws Exception {
    return fx(() -> {
      List<String> p = new ArrayList<>();
      Scene s = window.scene();
      MainView v = window.view();
      Bounds start = inScene(s.lookup("#start"));
      if (start.getMaxY() > s.getHeight() + 0.5 || start.getMinY() < 0 || !s.lookup("#start").isVisible()) {
        p.add(where + ": Start is out of view at y " + start.getMinY() + ".." + start.getMaxY() + " of " + s.getHeight());
      }
      Label msg = (Label) s.lookup("#status-message");
      double line = msg.getFont().getSize() * 1.6;
      if (msg.getHeight() > line * 1.5) p.add(where + ": the status message is " + msg.getHeight() + " px tall (one line is " + line + ")");
      if (msg.getWidth() < 120) p.add(where + ": the status message is " + msg.getWidth() + " px wide");
      for (String id : new String[] {"#request-timeline", "#rate-chart", "#cumulative-chart", "#cards-scroll"}) {
        Node n = s.lookup(id);
        Bounds b = inScene(n);
        if (b.getHeight() < 70 || b.getWidth() < 180) p.add(where + ": " + id + " is " + (int) b.getWidth() + "x" + (int) b.getHeight());
        if (b.getMaxY() > s.getHeight() + 0.5) p.add(where + ": " + id + " runs below the window");
        if (b.getMaxX() > s.getWidth() + 0.5) p.add(where + ": " + id + " runs past the right edge (" + (int) b.getMaxX() + ")");
      }
      Node bar = s.lookup("#replay-bar");
      if (bar.isVisible()) {
        for (String id : new String[] {"#replay-play", "#replay-speed", "#replay-next-fault", "#replay-time", "#replay-slider"}) {
          Bounds b = inScene(s.lookup(id));
          if (b.getMaxX() > s.getWidth() + 0.5 || b.getWidth() < 20) p.add(where + ": replay " + id + " at " + b);
        }
      }
      // The first row of cards is whole: the split pane's divider does not cut their last lines.
      javafx.scene.control.ScrollPane cardsScroll = (javafx.scene.control.ScrollPane) s.lookup("#cards-scroll");
      double cardsBottom = inScene(cardsScroll).getMaxY() - cardsScroll.snappedBottomInset();
      double firstRow = Double.NaN;
      for (Node card : s.getRoot().lookupAll(".conn-card")) {
        if (!card.isVisible()) continue;
        if (Double.isNaN(firstRow)) firstRow = card.getLayoutY();
        if (card.getLayoutY() != firstRow) continue;
        Bounds last = inScene(((javafx.scene.Parent) card).lookup(".card-buttons"));
        javafx.scene.layout.Region tl = (javafx.scene.layout.Region) s.lookup("#request-timeline");
        javafx.scene.layout.Region charts = (javafx.scene.layout.Region) s.lookup(".live-charts");
        if (last.getMaxY() > cardsBottom + 0.5) p.add(where + ": " + card.getId() + " is cut: its last line ends at " + (int) last.getMaxY() + ", the cards' view at " + (int) cardsBottom
            + " (cards " + ((javafx.scene.layout.Region) s.lookup(".cards-pane")).getHeight() + " of min " + ((javafx.scene.layout.Region) s.lookup(".cards-pane")).minHeight(-1)
            + ", timeline " + tl.getHeight() + ", charts " + charts.getHeight() + ")");
      }
      for (Node card : s.getRoot().lookupAll(".card-title")) {
        Label t = (Label) card;
        if (!t.isVisible() || t.getText().isEmpty()) continue;
        if (t.getWidth() + 0.5 < t.prefWidth(-1)) p.add(where + ": card title '" + t.getText() + "' is cut (" + t.getWidth() + " < " + t.prefWidth(-1) + ")");
      }
      return p;
    });
  }

  @Test
  void everyLayoutHoldsFromProjectorToDesktopPresenterOnAndOffLightAndDark(FxRobot robot) throws Exception {
    fx(() -> {
      model.settings().presetProperty().set(Preset.byId("manual"));
      model.settings().requestsProperty().set(2_000_000);
      model.start();
      return null;
    });
    waitFor(20, () -> model.live().cards().cards().size() == 8);
    waitFor(20, () -> model.live().charts().frameProperty().get().lanes().lanes().size() == 8);
    List<String> problems = new ArrayList<>();
    double[][] sizes = {{1024, 700}, {1024, 768}, {1280, 800}, {1920, 1080}};
    for (double[] wh : sizes) {
      for (boolean presenter : new boolean[] {false, true}) {
        for (boolean dark : new boolean[] {false, true}) {
          if (dark && wh[0] == 1280) continue;
          size(wh[0], wh[1], presenter, dark);
          String where = (int) wh[0] + "x" + (int) wh[1] + (presenter ? " presenter" : "") + (dark ? " dark" : "");
          problems.addAll(problems(where));
          // The timeline draws the run's 8 lanes (or says how many do not fit).
          RequestTimelineView tl = window.view().liveView().timeline();
          int drawn = fx(tl::lanesDrawn);
          String caption = fx(tl::caption);
          if (drawn != 8 && !caption.contains("not shown")) problems.add(where + ": the timeline drew " + drawn + " lanes of 8");
        }
      }
    }
    assertEquals(List.of(), problems);
    fx(() -> {
      model.stop();
      return null;
    });
    waitFor(30, () -> model.live().stateProperty().get() == LiveRunViewModel.RunState.FINISHED);
    // After the run: the scorecard strip is on the Live tab, at the smallest size too.
    size(1024, 700, true, false);
    assertTrue(fx(() -> window.scene().lookup("#score-strip").isVisible()), "the scorecard after the run");
    assertTrue(fx(() -> ((Label) window.scene().lookup("#score-text")).getText().startsWith("synthetic: ")));
    assertEquals(List.of(), problems("1024x700 presenter, finished"));
    // A recording on the replay timeline: its bar fits too.
    fx(() -> model.openSample());
    waitFor(30, () -> model.live().replayingProperty().get() && !model.live().replayFolding());
    assertTrue(fx(() -> ((Label) window.scene().lookup(".empty-hint")).getText())
        .startsWith("No connections at this point of the recording"), "the replay's empty state does not say Start a run");
    fx(() -> {
      model.live().replayPositionProperty().set(5);
      return null;
    });
    waitFor(30, () -> model.live().replayShownT() == 5_000_000_000L);
    waitFor(10, () -> window.view().liveView().timeline().frame().endNanos() == 5_000_000_000L);
    size(1280, 800, false, false);
    // The sample is h2-naive unplugged at 0.33 s: its one lane is green before and a wall of red after.
    RequestTimelineView tl = window.view().liveView().timeline();
    int[] area = fx(tl::laneArea);
    assertTrue(fx(() -> RequestTimelineView.isOk(tl.lanePixel(area[0] * 2 / 100, 1))), "green before the unplug");
    int red = fx(() -> {
      int n = 0;
      for (int x = area[0] / 10; x < area[0]; x++) if (RequestTimelineView.isFailed(tl.lanePixel(x, area[1] / 2))) n++;
      return n;
    });
    assertTrue(red > area[0] * 0.9 * 0.6, "a wall of red after it: " + red + " of " + (int) (area[0] * 0.9) + " px columns");
    // The PNG export: the timeline above the charts, as on screen, written off the FX thread.
    java.nio.file.Path png = java.nio.file.Files.createTempFile("timeline-", ".png");
    java.awt.image.BufferedImage img = fx(() -> Exports.chartImage(window.view().liveView()));
    assertTrue(img.getHeight() > area[1] && img.getWidth() >= area[0], "the image holds the lanes");
    assertEquals(png, fx(() -> model.live().exportPng(img, png)).get(30, java.util.concurrent.TimeUnit.SECONDS));
    java.awt.image.BufferedImage back = javax.imageio.ImageIO.read(png.toFile());
    assertEquals(img.getWidth(), back.getWidth());
    java.nio.file.Files.delete(png);
    List<String> replay = new ArrayList<>();
    for (double[] wh : sizes) {
      for (boolean presenter : new boolean[] {false, true}) {
        size(wh[0], wh[1], presenter, false);
        replay.addAll(problems((int) wh[0] + "x" + (int) wh[1] + (presenter ? " presenter" : "") + " replay"));
      }
    }
    assertEquals(List.of(), replay);
  }

  @ParameterizedTest(name = "{0}x{1} presenter {2}")
  @CsvSource({"1024, 768, false", "1024, 768, true", "1920, 1080, false", "1920, 1080, true"})
  void theEventLogShownAfterTheRunHasItsEventsAndRefilters(double w, double h, boolean presenter, FxRobot robot) throws Exception {
    size(w, h, presenter, false);
    fx(() -> {
      model.settings().presetProperty().set(Preset.byId("manual"));
      model.settings().requestsProperty().set(3_000);
      model.start();
      return null;
    });
    waitFor(30, () -> model.live().stateProperty().get() == LiveRunViewModel.RunState.FINISHED);
    robot.clickOn("#tab-log"); // hidden during the whole run
    waitFor(10, () -> !model.live().log().rows().isEmpty());
    // Every filter control is inside the window (presenter mode at 1024 px wraps the bar).
    List<String> outside = fx(() -> {
      List<String> p = new ArrayList<>();
      Scene s = window.scene();
      for (Node n : ((javafx.scene.Parent) s.lookup("#log-bar")).getChildrenUnmodifiable()) {
        Bounds b = inScene(n);
        if (b.getMaxX() > s.getWidth() + 0.5 || b.getMaxY() > s.getHeight() + 0.5 || b.getWidth() < 10) p.add(n + " at " + b);
      }
      return p;
    });
    assertEquals(List.of(), outside, "the log's filter bar at " + (int) w + "x" + (int) h);
    robot.clickOn("#log-kind-filter");
    robot.clickOn(WorkbenchRobotTest.cell(robot, io.blastradius.gui.log.EventText.KindFilter.FLOWS.toString()));
    waitFor(10, () -> !model.live().log().rows().isEmpty()
        && model.live().log().rows().stream().allMatch(r -> r.kind().startsWith("flow-")));
    assertTrue(fx(() -> model.live().log().rows().stream().anyMatch(r -> r.kind().equals("flow-fault"))),
        "the synthetic run's unplugs are findable after 3,000 requests");
    robot.clickOn("Clear filters");
    waitFor(10, () -> model.live().log().rows().stream().anyMatch(r -> r.kind().startsWith("request-")));
  }

  @ParameterizedTest(name = "{0}x{1} presenter {2}")
  @CsvSource({"1024, 768, false", "1024, 768, true", "1920, 1080, false", "1920, 1080, true"})
  void badNumbersInAFieldShowAnErrorAreNotTakenAndStartWaits(double w, double h, boolean presenter, FxRobot robot) throws Exception {
    size(w, h, presenter, false);
    int before = fx(() -> model.settings().requestsProperty().get());
    // The form may scroll (presenter mode at 1024x768; Start and Stop do not): bring the field into view.
    fx(() -> {
      javafx.scene.control.ScrollPane sp = (javafx.scene.control.ScrollPane) window.scene().lookup(".settings-scroll");
      Node field = window.scene().lookup("#requests");
      double y = sp.getContent().sceneToLocal(field.localToScene(0, 0)).getY();
      double range = sp.getContent().getBoundsInLocal().getHeight() - sp.getViewportBounds().getHeight();
      sp.setVvalue(range <= 0 ? 0 : Math.min(1, Math.max(0, (y - 40) / range)));
      sp.layout();
      return null;
    });
    // Every field of the form shows its value whole (presenter mode once squeezed them to their arrows).
    assertEquals(List.of(), fx(() -> {
      List<String> cut = new ArrayList<>();
      Bounds pane = inScene(window.scene().lookup(".settings-scroll"));
      for (String id : new String[] {"#workers", "#requests", "#timeout", "#delay", "#max-streams", "#fault-param"}) {
        Spinner<?> sp = (Spinner<?>) window.scene().lookup(id);
        var editor = sp.getEditor();
        javafx.scene.text.Text value = new javafx.scene.text.Text(editor.getText());
        value.setFont(editor.getFont());
        double need = value.getLayoutBounds().getWidth() + editor.getPadding().getLeft() + editor.getPadding().getRight();
        if (editor.getWidth() + 0.5 < need) cut.add(id + " shows " + editor.getWidth() + " px of " + need);
        if (inScene(sp).getMaxX() > pane.getMaxX() + 0.5) cut.add(id + " runs past the form");
      }
      return cut;
    }), "the form's fields at " + (int) w + "x" + (int) h + (presenter ? " presenter" : ""));
    for (String bad : new String[] {"abc", "-5"}) {
      robot.clickOn("#requests .text-field").push(KeyCode.SHORTCUT, KeyCode.A).write(bad).push(KeyCode.ENTER).push(KeyCode.TAB);
      assertEquals(before, fx(() -> model.settings().requestsProperty().get()), bad + " is not taken");
      Label err = robot.lookup("#requests-error").queryAs(Label.class);
      assertTrue(fx(err::isVisible), "an error under the field for " + bad + "; the field reads '"
          + fx(() -> ((Spinner<?>) window.scene().lookup("#requests")).getEditor().getText()) + "', focus on "
          + fx(() -> String.valueOf(window.scene().getFocusOwner())));
      assertTrue(fx(err::getText).contains("not a whole number from 1"), fx(err::getText));
      assertTrue(fx(() -> ((Spinner<?>) window.scene().lookup("#requests")).getPseudoClassStates().stream()
          .anyMatch(c -> c.getPseudoClassName().equals("invalid"))));
      robot.push(KeyCode.SHORTCUT, KeyCode.ENTER);
      assertEquals(LiveRunViewModel.RunState.IDLE, fx(() -> model.live().stateProperty().get()), "no run with " + bad);
      assertTrue(fx(() -> model.live().messageProperty().get()).startsWith("Cannot start: Requests:"));
    }
    robot.clickOn("#requests .text-field").push(KeyCode.SHORTCUT, KeyCode.A).write("1200").push(KeyCode.TAB);
    assertEquals(1200, fx(() -> model.settings().requestsProperty().get()));
    assertFalse(fx(() -> robot.lookup("#requests-error").queryAs(Label.class).isVisible()));
  }

  @Test
  void helpDialogsOpenTheFirstTimeWithTheirOkInView(FxRobot robot) throws Exception {
    for (double[] wh : new double[][] {{1024, 768}, {1920, 1080}}) for (boolean presenter : new boolean[] {false, true}) {
      size(wh[0], wh[1], presenter, false);
      robot.clickOn("Help").clickOn("Keyboard shortcuts");
      waitFor(10, () -> window.scene().getWindow() != null && dialog("#dialog-shortcuts") != null);
      checkDialog(robot, "#dialog-shortcuts", "Ctrl+Enter");
      robot.clickOn("Help").clickOn("About BlastRadius");
      waitFor(10, () -> dialog("#dialog-about") != null);
      Node about = dialog("#dialog-about");
      assertTrue(fx(() -> ((javafx.scene.control.DialogPane) about).getHeaderText()).matches("BlastRadius \\S+"),
          "About names the version");
      checkDialog(robot, "#dialog-about", null);
    }
  }

  private Node dialog(String id) {
    for (Window w : Window.getWindows()) {
      if (w.getScene() != null && w.isShowing()) {
        Node n = w.getScene().lookup(id);
        if (n != null) return n;
      }
    }
    return null;
  }

  private void checkDialog(FxRobot robot, String id, String firstKey) throws Exception {
    Node pane = fx(() -> dialog(id));
    Node ok = fx(() -> ((javafx.scene.control.DialogPane) pane).lookupButton(javafx.scene.control.ButtonType.OK));
    fx(() -> {
      Bounds b = ok.localToScene(ok.getBoundsInLocal());
      Scene s = ok.getScene();
      assertTrue(b.getMaxX() <= s.getWidth() + 0.5 && b.getMaxY() <= s.getHeight() + 0.5 && b.getWidth() > 20,
          id + ": OK inside its dialog: " + b + " in " + s.getWidth() + "x" + s.getHeight());
      if (firstKey != null) {
        Label key = (Label) pane.lookupAll(".dialog-key").iterator().next();
        Label text = (Label) ((javafx.scene.layout.GridPane) key.getParent()).getChildren().get(1);
        assertEquals(firstKey, key.getText());
        assertTrue(text.localToScene(0, 0).getX() > key.localToScene(0, 0).getX() + key.getWidth(),
            "the description is a column of its own, right of the key");
      }
      return null;
    });
    robot.clickOn(ok);
    waitFor(10, () -> dialog(id) == null);
  }

  @ParameterizedTest(name = "{0}x{1} presenter {2}")
  @CsvSource({"1024, 768, false", "1024, 768, true", "1920, 1080, false", "1920, 1080, true"})
  void theDemoOpensOnTheLiveTabAndEndsOnCompareThenGivesTheFormBack(double w, double h, boolean presenter, FxRobot robot) throws Exception {
    size(w, h, presenter, false);
    fx(() -> {
      model.settings().presetProperty().set(Preset.byId("concurrent"));
      model.settings().requestsProperty().set(777);
      return null;
    });
    robot.clickOn("#tab-log");
    robot.clickOn("#demo");
    assertEquals(List.of(), cut("#demo-simulated", "#demo-real-client", "#demo-next"), "the banner's controls are whole");
    robot.clickOn("#demo-next"); // to step 2 (h1)
    robot.clickOn("#demo-next"); // run h1
    assertTrue(fx(() -> window.view().tabs().getSelectionModel().getSelectedItem().getId().equals("tab-live")),
        "a demo run is watched on the Live tab");
    for (int step = 0; step < 3; step++) {
      waitFor(60, () -> model.demo().nextEnabledProperty().get());
      robot.clickOn("#demo-next");
      if (fx(() -> model.demo().nextTextProperty().get()).startsWith("Run ")) robot.clickOn("#demo-next");
    }
    try {
      waitFor(60, () -> model.demo().titleProperty().get().equals("Summary"));
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("the demo did not reach its summary: at '" + fx(() -> model.demo().titleProperty().get())
          + "', next '" + fx(() -> model.demo().nextTextProperty().get()) + "' enabled "
          + fx(() -> model.demo().nextEnabledProperty().get()) + ", run " + fx(() -> model.live().stateProperty().get()), e);
    }
    assertEquals("tab-compare", fx(() -> window.view().tabs().getSelectionModel().getSelectedItem().getId()),
        "the closing picture");
    assertEquals(3, fx(() -> model.compare().results().size()));
    robot.clickOn("#demo-next"); // Finish
    assertEquals(777, fx(() -> model.settings().requestsProperty().get()), "the user's form is back");
    assertEquals("concurrent", fx(() -> model.settings().presetProperty().get().id()));
    assertEquals(presenter, fx(() -> model.presenterProperty().get()), "the user's presenter mode is back");
  }

  @Test
  void compareKeepsTheMetricNamesInViewAndTellsPoliciesApart(FxRobot robot) throws Exception {
    for (double[] wh : new double[][] {{1024, 768}, {1920, 1080}}) for (boolean presenter : new boolean[] {false, true}) {
      size(wh[0], wh[1], presenter, false);
      compareAtThisSize(robot);
    }
  }

  private void compareAtThisSize(FxRobot robot) throws Exception {
    fx(() -> {
      java.util.List<CompareViewModel.Result> rs = new ArrayList<>();
      for (String p : new String[] {"h1", "h2-naive", "h2-taint", "h2-go-pending-resets", "h2-okhttp-degraded", "h2-adaptive"}) {
        rs.add(new CompareViewModel.Result(io.blastradius.core.score.Scorecard.of(p, List.of()),
            io.blastradius.core.live.SeriesView.EMPTY, io.blastradius.core.live.LanesView.EMPTY));
      }
      model.compare().show(rs);
      return null;
    });
    robot.clickOn("#tab-compare");
    var cv = window.view().compareView();
    fx(() -> {
      // Scroll the values all the way right: the names table is not part of that scroll.
      for (Node n : cv.valuesTable().lookupAll(".scroll-bar")) {
        if (n instanceof javafx.scene.control.ScrollBar sb && sb.getOrientation() == javafx.geometry.Orientation.HORIZONTAL) {
          sb.setValue(sb.getMax());
        }
      }
      return null;
    });
    assertTrue(fx(() -> cv.namesTable().localToScene(cv.namesTable().getBoundsInLocal()).getMinX() >= 0
        && cv.namesTable().isVisible()), "the metric names stay in view");
    assertEquals(6, fx(() -> cv.valuesTable().getColumns().size()));
    // All rows, Wall time included, fit in the tables (no inner vertical scrolling).
    assertTrue(fx(() -> cv.namesTable().getHeight() >= cv.namesTable().getFixedCellSize() * 18));
    assertEquals(6, fx(() -> cv.curves().lines().size()));
    assertEquals(List.of(), cut("#compare-engine", "#compare-with-clients", "#compare-run"), "Compare's controls are whole");
  }

  /**
   * The controls among {@code ids} that are smaller than their text needs (narrower, or for a
   * wrapping one, shorter than its lines) or run past the window.
   */
  private List<String> cut(String... ids) throws Exception {
    return fx(() -> {
      List<String> p = new ArrayList<>();
      Scene s = window.scene();
      for (String id : ids) {
        javafx.scene.control.Control c = (javafx.scene.control.Control) s.lookup(id);
        Bounds b = inScene(c);
        boolean wraps = c instanceof javafx.scene.control.Labeled l && l.isWrapText();
        boolean narrow = wraps ? c.getHeight() + 0.5 < c.prefHeight(c.getWidth()) : c.getWidth() + 0.5 < c.prefWidth(-1);
        if (narrow || b.getMaxX() > s.getWidth() + 0.5 || b.getMaxY() > s.getHeight() + 0.5) {
          p.add(id + " at " + b + " (wants " + c.prefWidth(-1) + " wide)");
        }
      }
      return p;
    });
  }
  @ParameterizedTest(name = "{0}x{1} presenter {2}")
  @CsvSource({"1024, 768, false", "1024, 768, true", "1920, 1080, false", "1920, 1080, true"})
  void theExternalTabKeepsItsFormProxiesAndCardsWhole(double w, double h, boolean presenter, FxRobot robot) throws Exception {
    var group = new io.netty.channel.MultiThreadIoEventLoopGroup(1, io.netty.channel.nio.NioIoHandler.newFactory());
    var server = io.blastradius.core.server.EmbeddedServer.start(io.blastradius.core.server.ServerConfig.defaults(), group,
        io.blastradius.core.time.Clock.SYSTEM, io.blastradius.core.event.EventSink.NONE);
    List<java.net.Socket> clients = new ArrayList<>();
    try {
      size(w, h, presenter, false);
      robot.clickOn("#tab-external");
      fx(() -> {
        ((javafx.scene.control.TextField) window.scene().lookup("#external-listen")).setText("127.0.0.1:0");
        ((javafx.scene.control.TextField) window.scene().lookup("#external-upstream")).setText("127.0.0.1:" + server.address().getPort());
        return null;
      });
      String where = (int) w + "x" + (int) h + (presenter ? " presenter" : "");
      assertEquals(List.of(), fx(() -> outside("#external-add", "#external-api", "#external-upstream")), where + ": the form");
      robot.clickOn("#external-add");
      waitFor(10, () -> ((Label) window.scene().lookup("#external-message")).getText().contains("listening on"));
      String msg = fx(() -> ((Label) window.scene().lookup("#external-message")).getText());
      java.util.regex.Matcher port = java.util.regex.Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)").matcher(msg);
      assertTrue(port.find(), msg);
      for (int i = 0; i < 2; i++) {
        java.net.Socket c = new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), Integer.parseInt(port.group(1)));
        c.setSoTimeout(10_000);
        clients.add(c);
        io.blastradius.core.testutil.RawHttp1.get(c.getOutputStream(), "/");
        io.blastradius.core.testutil.RawHttp1.read(c.getInputStream());
      }
      waitFor(10, () -> window.scene().getRoot().lookupAll(".flow-card").size() == 2);
      List<String> p = fx(() -> {
        List<String> out = new ArrayList<>(outside("#external-add", "#external-api", "#external-remove-proxy-1"));
        Scene s = window.scene();
        Bounds list = inScene(s.lookup("#external-proxies"));
        Bounds remove = inScene(s.lookup("#external-remove-proxy-1"));
        if (remove.getMaxX() > list.getMaxX() + 0.5) out.add("Remove runs past its list: " + remove + " in " + list);
        javafx.scene.control.ScrollPane cards = (javafx.scene.control.ScrollPane) s.lookup("#external-cards");
        double viewRight = inScene(cards).getMinX() + cards.getViewportBounds().getWidth();
        for (Node card : s.getRoot().lookupAll(".flow-card")) {
          for (Node b : ((javafx.scene.Parent) card).lookupAll(".button")) {
            Bounds bb = inScene(b);
            if (bb.getMaxX() > viewRight + 0.5) out.add(card.getId() + ": " + ((javafx.scene.control.Button) b).getText() + " cut at " + bb.getMaxX() + " > " + viewRight);
          }
          var spinner = (Spinner<?>) ((javafx.scene.Parent) card).lookup(".spinner");
          var editor = spinner.getEditor();
          javafx.scene.text.Text value = new javafx.scene.text.Text(editor.getText());
          value.setFont(editor.getFont());
          double need = value.getLayoutBounds().getWidth() + editor.getPadding().getLeft() + editor.getPadding().getRight();
          if (editor.getWidth() + 0.5 < need) out.add(card.getId() + ": the latency field is cut (" + editor.getWidth() + " < " + need + ")");
        }
        if (cards.getViewportBounds().getWidth() < 150) out.add("the cards have " + cards.getViewportBounds().getWidth() + " px");
        return out;
      });
      assertEquals(List.of(), p, where);
      robot.clickOn("#external-remove-proxy-1");
      waitFor(10, () -> ((Label) window.scene().lookup("#external-message")).getText().contains("removed"));
    } finally {
      for (java.net.Socket c : clients) c.close();
      server.close();
      group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }
  }

  @ParameterizedTest(name = "{0}x{1} presenter {2}")
  @CsvSource({"1024, 768, false", "1024, 768, true", "1920, 1080, false", "1920, 1080, true"})
  void thePolicyPickerTellsRealClientsFromModelsAndShowsTheirIdsWhole(double w, double h, boolean presenter, FxRobot robot) throws Exception {
    size(w, h, presenter, false);
    String client = io.blastradius.core.clients.RealClients.ids().get(io.blastradius.core.clients.RealClients.ids().size() - 1);
    javafx.scene.control.ListView<?> list = fx(() -> {
      javafx.scene.control.ComboBox<?> cb = (javafx.scene.control.ComboBox<?>) window.scene().lookup("#policy");
      cb.show();
      return (javafx.scene.control.ListView<?>) ((javafx.scene.control.skin.ComboBoxListViewSkin<?>) cb.getSkin()).getPopupContent();
    });
    try {
      for (String id : new String[] {"h2-naive", client}) {
        fx(() -> {
          list.scrollTo(list.getItems().indexOf(id));
          return null;
        });
        WaitForAsyncUtils.waitForFxEvents();
        javafx.scene.control.ListCell<?> cell = fx(() -> (javafx.scene.control.ListCell<?>) list.lookupAll(".list-cell").stream()
            .filter(n -> n.isVisible() && id.equals(((javafx.scene.control.ListCell<?>) n).getText())).findFirst().orElseThrow());
        boolean tagged = fx(() -> cell.lookupAll(".real-client-tag").stream().anyMatch(n -> n.isVisible()
            && n.getScene() != null && ((Label) n).getText().equals("real client")));
        assertEquals(id.contains("/"), tagged, id + " tagged as a real client");
        String shown = fx(() -> {
          Label idLabel = (Label) cell.lookup(".policy-id");
          return idLabel.getChildrenUnmodifiable().stream().filter(n -> n instanceof javafx.scene.text.Text)
              .map(n -> ((javafx.scene.text.Text) n).getText()).findFirst().orElse(""); // as drawn: ellipsized if cut
        });
        assertEquals(id, shown, "the id is whole in the list at " + (int) w + "x" + (int) h + (presenter ? " presenter" : ""));
      }
    } finally {
      fx(() -> {
        ((javafx.scene.control.ComboBox<?>) window.scene().lookup("#policy")).hide();
        return null;
      });
    }
  }

  private static final String[] EXTERNAL_CONTROLS = {"#external-listen", "#external-upstream", "#external-intercept",
      "#external-upstream-ca", "#external-upstream-ca-browse", "#external-export-ca", "#external-add",
      "#external-record", "#external-save-recording", "#external-save-capture", "#external-open-recording"};
  private static final String[] SWEEP_CONTROLS = {"#sweep-policy", "#sweep-param", "#sweep-from", "#sweep-to", "#sweep-steps",
      "#sweep-scenario", "#sweep-run", "#sweep-cancel", "#sweep-export-png", "#sweep-export-csv"};

  private void selectTab(String id) throws Exception {
    fx(() -> {
      var tabs = window.view().tabs();
      tabs.getSelectionModel().select(tabs.getTabs().stream().filter(t -> id.equals(t.getId())).findFirst().orElseThrow());
      window.scene().getRoot().applyCss();
      window.scene().getRoot().layout();
      return null;
    });
    WaitForAsyncUtils.waitForFxEvents();
  }

  /**
   * The nodes with these ids that are not whole in the window: not shown (it or a parent hidden),
   * reaching past the window's edges or past any of its parents' (which would cut it), or
   * narrower or shorter than they need for their own content (a squeezed button's text ellipsizes).
   */
  private List<String> notWhole(String... ids) {
    List<String> p = new ArrayList<>();
    Scene s = window.scene();
    for (String id : ids) {
      Node n = s.lookup(id);
      if (n == null) {
        p.add(id + " is missing");
        continue;
      }
      boolean shown = true;
      for (Node a = n; a != null; a = a.getParent()) shown &= a.isVisible();
      if (!shown) {
        p.add(id + " is hidden");
        continue;
      }
      Bounds b = inScene(n);
      if (b.getMinX() < -0.5 || b.getMinY() < -0.5 || b.getMaxX() > s.getWidth() + 0.5 || b.getMaxY() > s.getHeight() + 0.5) {
        p.add(id + " at x " + (int) b.getMinX() + ".." + (int) b.getMaxX() + ", y " + (int) b.getMinY() + ".." + (int) b.getMaxY()
            + " is outside the " + (int) s.getWidth() + "x" + (int) s.getHeight() + " window");
        continue;
      }
      for (javafx.scene.Parent a = n.getParent(); a != null; a = a.getParent()) {
        Bounds pb = inScene(a);
        if (b.getMinX() < pb.getMinX() - 0.5 || b.getMinY() < pb.getMinY() - 0.5 || b.getMaxX() > pb.getMaxX() + 0.5 || b.getMaxY() > pb.getMaxY() + 0.5) {
          p.add(id + " at y " + (int) b.getMinY() + ".." + (int) b.getMaxY() + " reaches out of its " + a.getClass().getSimpleName()
              + (a.getId() == null ? "" : " #" + a.getId()) + " (y " + (int) pb.getMinY() + ".." + (int) pb.getMaxY() + ")");
          break;
        }
      }
      if (n instanceof Label l && l.isWrapText()) {
        if (l.getHeight() + 0.5 < l.prefHeight(l.getWidth())) p.add(id + " is cut: " + (int) l.getHeight() + " px of " + (int) l.prefHeight(l.getWidth()));
      } else if (n instanceof javafx.scene.control.Control c && !(n instanceof javafx.scene.control.TextInputControl)) {
        if (c.getWidth() + 0.5 < c.prefWidth(-1) || c.getHeight() + 0.5 < c.prefHeight(c.getWidth())) {
          p.add(id + " is squeezed to " + (int) c.getWidth() + "x" + (int) c.getHeight() + " (needs " + (int) c.prefWidth(-1) + "x" + (int) c.prefHeight(c.getWidth()) + ")");
        }
      } else if (n instanceof javafx.scene.control.TextInputControl t && (t.getWidth() < 60 || t.getHeight() + 0.5 < t.prefHeight(-1))) {
        p.add(id + " is squeezed to " + (int) t.getWidth() + "x" + (int) t.getHeight());
      }
    }
    return p;
  }

  @ParameterizedTest(name = "{0}x{1} presenter {2} dark {3}")
  @CsvSource({"1024, 700, false, false", "1024, 700, true, true", "1024, 768, false, true", "1024, 768, true, false",
      "1024, 768, true, true", "1920, 1080, false, false", "1920, 1080, true, true", "1920, 1080, true, false"})
  void theExternalFormAndRecordControlsAreWholeInTheWindowWithAndWithoutInterceptTls(double w, double h, boolean presenter, boolean dark) throws Exception {
    size(w, h, presenter, dark);
    selectTab("tab-external");
    String where = (int) w + "x" + (int) h + (presenter ? " presenter" : "") + (dark ? " dark" : " light");
    assertEquals(List.of(), fx(() -> notWhole(EXTERNAL_CONTROLS)), where);
    assertEquals(List.of(), fx(() -> notWhole("#external-wire-chart", "#external-hint")), where + ": the chart, and the hint where the cards will be");
    fx(() -> {
      ((javafx.scene.control.CheckBox) window.scene().lookup("#external-intercept")).setSelected(true);
      return null;
    });
    size(w, h, presenter, dark);
    assertTrue(fx(() -> window.scene().lookup("#external-trust-note").isVisible()), "Intercept TLS shows what to trust");
    List<String> p = fx(() -> {
      List<String> out = new ArrayList<>(notWhole(EXTERNAL_CONTROLS));
      out.addAll(notWhole("#external-trust-note", "#external-wire-chart"));
      Bounds cards = inScene(window.scene().lookup("#external-cards"));
      if (cards.getHeight() < 100) out.add("the cards keep " + (int) cards.getHeight() + " px");
      return out;
    });
    fx(() -> {
      ((javafx.scene.control.CheckBox) window.scene().lookup("#external-intercept")).setSelected(false);
      return null;
    });
    assertEquals(List.of(), p, where + " with Intercept TLS");
  }

  @ParameterizedTest(name = "{0}x{1} presenter {2} dark {3}")
  @CsvSource({"1024, 700, false, false", "1024, 700, true, true", "1024, 768, false, true", "1024, 768, true, false",
      "1024, 768, true, true", "1920, 1080, false, false", "1920, 1080, true, true", "1920, 1080, true, false"})
  void theSweepFormAndItsChartAreWholeInTheWindow(double w, double h, boolean presenter, boolean dark) throws Exception {
    size(w, h, presenter, dark);
    selectTab("tab-sweep");
    String where = (int) w + "x" + (int) h + (presenter ? " presenter" : "") + (dark ? " dark" : " light");
    List<String> p = fx(() -> {
      List<String> out = new ArrayList<>(notWhole(SWEEP_CONTROLS));
      out.addAll(notWhole("#sweep-chart"));
      Bounds chart = inScene(window.scene().lookup("#sweep-chart"));
      if (chart.getHeight() < 150 || chart.getWidth() < 400) out.add("#sweep-chart is " + (int) chart.getWidth() + "x" + (int) chart.getHeight());
      return out;
    });
    assertEquals(List.of(), p, where);
  }

  /**
   * Presenter mode at projector size: once a sweep starts the chart has the room, at least 40 % of
   * the window's height (the settings fold away when the chart would be cramped under them, and
   * the chart takes most of the split); they unfold with a click, and Run,
   * Cancel and the exports stay in view.
   */
  @ParameterizedTest(name = "{0}x{1} dark {2}")
  @CsvSource({"1024, 768, false", "1024, 700, true"})
  void inPresenterModeASweepGivesItsChartTheRoom(double w, double h, boolean dark, FxRobot robot) throws Exception {
    size(w, h, true, dark);
    selectTab("tab-sweep");
    io.blastradius.gui.sweep.SweepView view = fx(() -> (io.blastradius.gui.sweep.SweepView) window.scene().lookup("#sweep"));
    fx(() -> {
      var vm = view.viewModel();
      vm.policyProperty().set("h2-read-idle-ping");
      vm.parameterProperty().set("idle");
      vm.fromProperty().set("1s");
      vm.toProperty().set("5s");
      vm.stepsProperty().set(2);
      vm.requestsProperty().set("2000");
      return null;
    });
    double before = fx(() -> inScene(window.scene().lookup("#sweep-chart")).getHeight());
    robot.clickOn("#sweep-run");
    try {
      waitFor(10, () -> !((javafx.scene.control.TitledPane) window.scene().lookup("#sweep-settings")).isExpanded());
      size(w, h, true, dark);
      try {
        waitFor(10, () -> inScene(window.scene().lookup("#sweep-chart")).getHeight() >= 0.4 * h); // the folding is animated
      } catch (java.util.concurrent.TimeoutException notYet) {
        // the assertion below says how tall it is
      }
      double chart = fx(() -> inScene(window.scene().lookup("#sweep-chart")).getHeight());
      String where = (int) w + "x" + (int) h + " presenter";
      String parts = fx(() -> {
        StringBuilder b = new StringBuilder();
        for (String id : new String[] {"#sweep", "#sweep-settings", "#sweep-actions", "#sweep-message", "#sweep-table"}) {
          b.append(id).append(' ').append((int) inScene(window.scene().lookup(id)).getHeight()).append(' ');
        }
        return b.toString();
      });
      assertTrue(chart >= 0.4 * h && chart > before + 50, where + ": the chart is " + chart + " px tall (was " + before + " under the settings; " + parts + ")");
      assertEquals(List.of(), fx(() -> notWhole("#sweep-run", "#sweep-cancel", "#sweep-export-png", "#sweep-export-csv", "#sweep-chart")), where);
    } finally {
      fx(() -> {
        view.viewModel().cancel();
        return null;
      });
      waitFor(60, () -> !view.viewModel().runningProperty().get());
    }
    robot.clickOn("#sweep-settings .title");
    waitFor(10, () -> ((javafx.scene.control.TitledPane) window.scene().lookup("#sweep-settings")).isExpanded());
    size(w, h, true, dark);
    try {
      waitFor(10, () -> notWhole(SWEEP_CONTROLS).isEmpty()); // the unfolding is animated
    } catch (java.util.concurrent.TimeoutException notYet) {
      // the assertion below says what is not whole
    }
    assertEquals(List.of(), fx(() -> notWhole(SWEEP_CONTROLS)), "unfolded again, the form is whole");
  }

  /** The nodes with these ids that are not wholly inside the window (or not shown). */
  private List<String> outside(String... ids) {
    List<String> p = new ArrayList<>();
    Scene s = window.scene();
    for (String id : ids) {
      Node n = s.lookup(id);
      if (n == null || !n.isVisible()) {
        p.add(id + " is not shown");
        continue;
      }
      Bounds b = inScene(n);
      if (b.getMinX() < -0.5 || b.getMaxX() > s.getWidth() + 0.5 || b.getMaxY() > s.getHeight() + 0.5 || b.getWidth() < 10) {
        p.add(id + " at " + b + " in " + s.getWidth() + "x" + s.getHeight());
      }
    }
    return p;
  }
}
