package io.blastradius.gui.sweep;

import io.blastradius.gui.WorkbenchModel;
import io.blastradius.gui.WorkbenchPrefs;
import io.blastradius.gui.WorkbenchWindow;
import io.blastradius.gui.common.RunStarter;
import io.blastradius.gui.compare.Scorer;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import java.util.prefs.Preferences;
import javafx.application.Platform;
import javafx.scene.control.Tab;
import javafx.stage.Stage;

/**
 * The window on its Sweep tab after a sweep of h2-read-idle-ping's idle (1s..30s, 6 values) on
 * the seed, for layout work and the README's screenshot:
 * {@code DISPLAY=:93 mvn -q -o exec:java -Dexec.classpathScope=test -Dmain.class=io.blastradius.gui.sweep.SweepShowcase -Dexec.args="OUT.png"}.
 * System properties: {@code show.width}, {@code show.height} (1024x768), {@code show.presenter},
 * {@code dark}, {@code show.policy}, {@code show.param} (NAME=FROM..TO:STEPS), {@code show.cost}
 * (pings or connections), {@code show.fold} (fold the settings away). Grabs the X screen with ImageMagick's {@code import} and exits.
 */
public final class SweepShowcase {
  public static void main(String[] args) throws Exception {
    String out = args.length > 0 ? args[0] : "sweep.png";
    CountDownLatch started = new CountDownLatch(1);
    Platform.startup(started::countDown);
    started.await();
    Preferences node = Preferences.userRoot().node("io/blastradius/sweep-showcase");
    node.removeNode();
    WorkbenchPrefs prefs = new WorkbenchPrefs(Preferences.userRoot().node("io/blastradius/sweep-showcase"));
    AtomicReference<SweepView> view = new AtomicReference<>();
    CountDownLatch shown = new CountDownLatch(1);
    Platform.runLater(() -> {
      WorkbenchModel m = new WorkbenchModel(RunStarter.real(), Scorer.standard(), Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "showcase-bg");
        t.setDaemon(true);
        return t;
      }), Platform::runLater);
      prefs.bind(m);
      m.darkProperty().set(Boolean.getBoolean("dark"));
      m.presenterProperty().set(Boolean.getBoolean("show.presenter"));
      Stage stage = new Stage();
      stage.setX(0);
      stage.setY(0);
      WorkbenchWindow w = WorkbenchWindow.show(stage, m, prefs);
      stage.setWidth(Integer.getInteger("show.width", 1024));
      stage.setHeight(Integer.getInteger("show.height", 768));
      Tab tab = w.view().tabs().getTabs().stream().filter(t -> "tab-sweep".equals(t.getId())).findFirst().orElseThrow();
      w.view().tabs().getSelectionModel().select(tab);
      SweepView v = (SweepView) tab.getContent();
      view.set(v);
      SweepViewModel vm = v.viewModel();
      vm.policyProperty().set(System.getProperty("show.policy", "h2-read-idle-ping"));
      String[] p = System.getProperty("show.param", "idle=1s..30s:6").split("[=:]|\\.\\.");
      vm.parameterProperty().set(p[0]);
      vm.fromProperty().set(p[1]);
      vm.toProperty().set(p[2]);
      vm.stepsProperty().set(Integer.parseInt(p[3]));
      if ("connections".equals(System.getProperty("show.cost"))) vm.costProperty().set(io.blastradius.core.sim.Sweep.Cost.CONNECTIONS_PER_MINUTE);
      shown.countDown();
    });
    shown.await();
    Thread.sleep(1500); // laid out at its size, as a user would see it before clicking Run sweep
    Platform.runLater(() -> view.get().viewModel().run());
    Thread.sleep(200);
    for (int i = 0; i < 600; i++) {
      Thread.sleep(100);
      AtomicReference<Boolean> done = new AtomicReference<>(false);
      CountDownLatch l = new CountDownLatch(1);
      Platform.runLater(() -> {
        done.set(!view.get().viewModel().runningProperty().get());
        l.countDown();
      });
      l.await();
      if (done.get()) break;
    }
    if (Boolean.getBoolean("show.fold")) {
      Platform.runLater(() -> ((javafx.scene.control.TitledPane) view.get().lookup("#sweep-settings")).setExpanded(false));
    }
    Thread.sleep(1500); // a few pulses to lay out and draw
    new ProcessBuilder("import", "-window", "root", out).inheritIO().start().waitFor();
    Platform.exit();
    System.exit(0);
  }
}
