package io.blastradius.gui;

import io.blastradius.core.score.Scorecard;
import io.blastradius.gui.common.RunStarter;
import io.blastradius.gui.compare.Scorer;
import io.blastradius.gui.form.Preset;
import io.blastradius.gui.live.CardViewModel;
import io.blastradius.gui.live.LiveRunViewModel.RunState;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.prefs.Preferences;
import javafx.application.Platform;
import javafx.stage.Stage;

/**
 * The window's numbers against the CLI's: the real window, on the real engine (sockets on
 * loopback, real time), runs the seed under each policy given several times through
 * {@link WorkbenchModel#start()}, and prints per run the scorecard's failures, the status bar's
 * and the sum over the cards, so the figures can be set beside {@code blastradius run --scenario
 * seed --policy P} on the same machine (h1: 3 for 3 unplugs, h2-naive: 2,500).
 *
 * <p>Run under a display, e.g.:
 *
 * <pre>
 * mvn -q -o test-compile
 * xvfb-run -a -s "-screen 0 1280x800x24" mvn -q -o exec:java -Dexec.classpathScope=test \
 *     -Dmain.class=io.blastradius.gui.WindowNumbersBench -Dexec.args="3 h1,h2-naive"
 * </pre>
 *
 * Arguments: runs per policy, policies, and {@code model} to run the same model with no window
 * shown (what the drawing costs the run).
 */
public final class WindowNumbersBench {
  public static void main(String[] args) throws Exception {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 3;
    String[] policies = (args.length > 1 ? args[1] : "h1,h2-naive").split(",");
    // "model": the same model and runs with no window shown (nothing sampled or drawn), to tell
    // what the window's drawing costs the run from what the run costs by itself.
    boolean window = args.length < 3 || !args[2].equals("model");
    CountDownLatch up = new CountDownLatch(1);
    Platform.startup(up::countDown);
    up.await();
    Preferences node = Preferences.userRoot().node("io/blastradius/bench-" + UUID.randomUUID());
    WorkbenchModel model = on(() -> {
      WorkbenchModel m = new WorkbenchModel(RunStarter.real(), Scorer.standard(), WorkbenchApp.backgroundExecutor(), Platform::runLater);
      if (window) {
        Stage stage = new Stage();
        WorkbenchWindow.show(stage, m, new WorkbenchPrefs(node));
        stage.setWidth(1280);
        stage.setHeight(800);
      }
      return m;
    });
    System.out.printf("%-10s %4s %10s %10s %10s %10s %9s%n", "policy", "run", "scorecard", "status", "cards", "requests", "seconds");
    for (String p : policies) {
      for (int i = 1; i <= runs; i++) {
        on(() -> {
          model.settings().presetProperty().set(Preset.byId("seed"));
          model.settings().policyProperty().set(p);
          model.start();
          return null;
        });
        long t0 = System.nanoTime();
        while (true) {
          boolean over = on(() -> model.live().stateProperty().get() == RunState.FAILED
              || model.live().stateProperty().get() == RunState.FINISHED && model.live().scorecardProperty().get() != null);
          if (over) break;
          if (System.nanoTime() - t0 > TimeUnit.MINUTES.toNanos(5)) throw new IllegalStateException(p + " did not finish in 5 min");
          Thread.sleep(100); // polling a run on the real engine: its time is the wall clock's
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        int run = i;
        on(() -> {
          Scorecard s = model.live().scorecardProperty().get();
          long cards = model.live().cards().cards().stream()
              .mapToLong(c -> c.view() == null ? 0 : c.view().failed()).sum();
          var snap = model.live().snapshotProperty().get();
          long status = snap == null ? -1 : snap.totals().failed();
          System.out.printf("%-10s %4d %,10d %,10d %,10d %,10d %9.2f%n", p, run, s == null ? -1 : s.failed(), status, cards,
              s == null ? -1 : s.requests(), secs);
          return null;
        });
      }
    }
    node.removeNode();
    Platform.exit();
    System.exit(0);
  }

  private static <T> T on(Supplier<T> s) throws Exception {
    CompletableFuture<T> f = new CompletableFuture<>();
    Platform.runLater(() -> {
      try {
        f.complete(s.get());
      } catch (Throwable t) {
        f.completeExceptionally(t);
      }
    });
    return f.get(60, TimeUnit.SECONDS);
  }
}
