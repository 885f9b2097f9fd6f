package io.blastradius.gui;

import io.blastradius.gui.common.RunStarter;
import io.blastradius.gui.compare.Scorer;
import io.blastradius.gui.form.Preset;
import io.blastradius.gui.form.SettingsViewModel;
import io.blastradius.gui.live.CardViewModel;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.prefs.Preferences;
import javafx.application.Platform;
import javafx.stage.Stage;

/**
 * Shows the window at 1280x800 for layout work and screenshots, with a fresh preferences node:
 * {@code xvfb-run -a -s "-screen 0 1280x800x24" java -cp ... io.blastradius.gui.ShowcaseMain OUT.png SECONDS}.
 * After SECONDS it grabs the X screen with ImageMagick's {@code import} and exits.
 *
 * <p>System properties: {@code show.real} (true: real runs; else a synthetic feed), {@code
 * show.preset}, {@code show.policy}, {@code show.tab} (live, log, compare), {@code show.compare}
 * (comma-separated policies: run a comparison instead of a live run), {@code show.requests},
 * {@code show.workers}, {@code show.timeout}, {@code show.unplug} (the fault number), {@code dark},
 * {@code show.replay} (open the sample recording; "unplug", "end" or a time in seconds), {@code show.engine}
 * ("sim": the comparison on the simulated engine), {@code
 * show.minRequests} and {@code show.after} (ms) to time the grab,
 * {@code show.presenter}, {@code show.demo} (start the guided demo and press Next N times),
 * {@code show.width} and {@code show.height} (the window's size, 1280x800 by default).
 */
public final class ShowcaseMain {
  public static void main(String[] args) throws Exception {
    String out = args.length > 0 ? args[0] : null;
    double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 6;
    String tab = System.getProperty("show.tab", "live");
    CountDownLatch started = new CountDownLatch(1);
    Platform.startup(started::countDown);
    started.await();
    Preferences node = Preferences.userRoot().node("io/blastradius/showcase");
    node.removeNode();
    WorkbenchPrefs prefs = new WorkbenchPrefs(Preferences.userRoot().node("io/blastradius/showcase"));
    Preset.all();
    AtomicReference<WorkbenchModel> model = new AtomicReference<>();
    Platform.runLater(() -> {
      RunStarter starter = Boolean.getBoolean("show.real") ? RunStarter.real()
          : SyntheticRun.starter(12, 3_000, 60_000_000_000L, 2_000_000_000L);
      WorkbenchModel m = new WorkbenchModel(starter, Scorer.standard(), WorkbenchApp.backgroundExecutor(), Platform::runLater);
      model.set(m);
      prefs.bind(m);
      m.darkProperty().set(Boolean.getBoolean("dark"));
      m.presenterProperty().set(Boolean.getBoolean("show.presenter"));
      Stage stage = new Stage();
      stage.setX(0);
      stage.setY(0);
      WorkbenchWindow w = WorkbenchWindow.show(stage, m, prefs);
      stage.setWidth(Integer.getInteger("show.width", 1280));
      stage.setHeight(Integer.getInteger("show.height", 800));
      if (tab.equals("log")) w.view().tabs().getSelectionModel().select(1);
      if (tab.equals("compare")) w.view().tabs().getSelectionModel().select(2);
      SettingsViewModel s = m.settings();
      s.presetProperty().set(Preset.byId(System.getProperty("show.preset", "concurrent")));
      s.policyProperty().set(System.getProperty("show.policy", "h2-naive"));
      if (System.getProperty("show.requests") != null) s.requestsProperty().set(Integer.getInteger("show.requests"));
      if (System.getProperty("show.workers") != null) s.workersProperty().set(Integer.getInteger("show.workers"));
      if (System.getProperty("show.timeout") != null) s.timeoutMsProperty().set(Integer.getInteger("show.timeout"));
      if (System.getProperty("show.unplug") != null) s.faultParamProperty().set(Integer.getInteger("show.unplug"));
      if (System.getProperty("show.delay") != null) s.delayMsProperty().set(Integer.getInteger("show.delay"));
      if (System.getProperty("show.select") != null) m.live().cards().cards().addListener((javafx.collections.ListChangeListener<CardViewModel>) ch -> {
        CardViewModel c = m.live().cards().card(Long.getLong("show.select"));
        if (c != null && m.live().cards().selectedProperty().get() == null) m.live().cards().select(c);
      });
      String compare = System.getProperty("show.compare");
      if (System.getProperty("show.replay") != null) {
        // The shipped sample on the replay timeline, stopped just after its unplug (or at
        // show.replay seconds when that is a number).
        m.openSample().thenRun(() -> {
          String at = System.getProperty("show.replay");
          if (at.matches("[0-9.]+")) m.live().replayPositionProperty().set(Double.parseDouble(at));
          else if (at.equals("end")) m.live().replayPositionProperty().set(m.live().replayEndProperty().get());
          else m.live().jumpTo(m.live().unplugMarks().get(0));
        });
      } else if (Integer.getInteger("show.demo") != null) {
        m.demo().start();
        for (int i = 0; i < Integer.getInteger("show.demo"); i++) m.demo().next();
      } else if (compare != null) {
        m.compare().select(Arrays.asList(compare.split(",")));
        if ("sim".equals(System.getProperty("show.engine"))) m.compare().engineProperty().set(io.blastradius.core.run.Engine.SIM);
        m.runComparison();
      } else if (Integer.getInteger("show.warmup") != null) {
        // A first, unshown run warms the JIT so the picture is the steady state, not start-up.
        int requests = s.requestsProperty().get();
        s.requestsProperty().set(Integer.getInteger("show.warmup"));
        m.live().start(s.form().toRunConfig()).whenComplete((snap, err) -> {
          s.requestsProperty().set(requests);
          m.start();
        });
      } else {
        m.start();
      }
    });
    if (out == null) return;
    Thread.sleep((long) (seconds * 1000));
    while (System.getProperty("show.compare") != null
        && (model.get().compare().runningProperty().get() || model.get().compare().results().isEmpty())) {
      Thread.sleep(200);
    }
    if (System.getProperty("show.compare") != null) Thread.sleep(1500); // let the charts settle
    // After a warm-up run, the seconds count from the start of the shown run.
    while (Integer.getInteger("show.warmup") != null
        && (model.get().live().config() == null
            || model.get().live().config().load().requests() == Integer.getInteger("show.warmup")
            || model.get().live().snapshotProperty().get().totals().requests() < Integer.getInteger("show.minRequests", 0))) {
      Thread.sleep(100);
    }
    // Live runs: wait for the run (after the session's warm-up) to have shown enough.
    while (System.getProperty("show.compare") == null && System.getProperty("show.replay") == null
        && model.get().live().snapshotProperty().get().totals().requests() < Integer.getInteger("show.minRequests", 0)) {
      Thread.sleep(100);
    }
    Thread.sleep(Long.getLong("show.after", 0));
    Process p = new ProcessBuilder("import", "-window", "root", out).inheritIO().start();
    p.waitFor();
    System.out.println("wrote " + out + " " + Files.size(Path.of(out)) + " bytes");
    CountDownLatch stopped = new CountDownLatch(1);
    Platform.runLater(() -> {
      System.out.println("status: " + model.get().live().messageProperty().get());
      System.out.println("compare: " + model.get().compare().progressTextProperty().get());
      model.get().stop();
      stopped.countDown();
    });
    stopped.await();
    Platform.exit();
    System.exit(0);
  }
}
