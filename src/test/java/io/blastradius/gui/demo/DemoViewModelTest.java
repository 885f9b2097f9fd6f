package io.blastradius.gui.demo;

import io.blastradius.gui.ScriptedRun;

import io.blastradius.gui.form.RunForm;
import io.blastradius.gui.live.LiveRunViewModel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.blastradius.core.event.Event;
import io.blastradius.core.event.Fault;
import io.blastradius.core.event.Outcome;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The guided demo: captions, the runs it starts and the numbers it quotes. */
class DemoViewModelTest {
  final ScriptedRun.Starter starter = new ScriptedRun.Starter();
  final LiveRunViewModel live = new LiveRunViewModel(starter, ScriptedRun.DIRECT, ScriptedRun.DIRECT);
  final List<RunForm> shown = new ArrayList<>();
  final DemoViewModel demo = new DemoViewModel(live, shown::add);

  {
    // The scripted tests below drive the real-engine path (runs the test finishes by hand); the
    // simulated default has tests of its own at the end.
    demo.simulatedProperty().set(false);
  }

  /** Finishes the last scripted run with {@code failed} failures over 3 unplugs. */
  void finish(int failed) {
    ScriptedRun r = starter.last();
    for (int i = 0; i < 3; i++) r.emit(new Event.FlowFaulted(i, 1, Fault.UNPLUG, ""));
    for (int i = 0; i < failed; i++) {
      r.emit(new Event.RequestStarted(i, i, 0), new Event.RequestFinished(i, i, 0, 0, Outcome.TIMEOUT, "t", 1));
    }
    r.done.complete(null);
  }

  @Test
  void picksTheBestRegisteredMitigation() {
    assertEquals("h2-adaptive", DemoViewModel.bestMitigation(List.of("h1", "h2-go-pending-resets", "h2-adaptive")));
    assertEquals("h2-go-pending-resets", DemoViewModel.bestMitigation(List.of("h1", "h2-go-pending-resets")));
    assertNull(DemoViewModel.bestMitigation(List.of("h1", "h2-naive")));
  }

  @Test
  void walksHttp1ThenNaiveHttp2ThenTheMitigationPausingAtEachCaption() {
    demo.start();
    assertTrue(demo.activeProperty().get());
    assertEquals("The seed scenario", demo.titleProperty().get());
    assertEquals("Step 1 of 5", demo.stepTextProperty().get());
    demo.next();
    assertEquals("HTTP/1.1", demo.titleProperty().get());
    assertEquals("Run h1", demo.nextTextProperty().get());
    assertTrue(starter.runs.isEmpty(), "nothing runs until Next");

    demo.next();
    assertEquals(1, starter.runs.size());
    assertEquals("h1", starter.last().config.policy().id());
    assertEquals(1_500, starter.last().config.load().requests());
    assertEquals(10, starter.last().config.load().timeout().toMillis());
    assertEquals("h1", shown.get(0).policy(), "the form shows what runs");
    assertFalse(demo.nextEnabledProperty().get(), "no Next while running");
    finish(3);
    assertTrue(demo.nextEnabledProperty().get());
    assertTrue(demo.captionProperty().get().startsWith("h1: 3 of 3 requests failed for 3 unplugs (1.0 per unplug)"),
        demo.captionProperty().get());

    demo.next();
    demo.next();
    assertEquals("h2-naive", starter.last().config.policy().id());
    finish(1_247);
    assertTrue(demo.captionProperty().get().startsWith("h2-naive: 1,247 of 1,247 requests failed"), demo.captionProperty().get());

    demo.next();
    assertEquals("A mitigation: h2-adaptive", demo.titleProperty().get());
    demo.next();
    assertEquals("h2-adaptive", starter.last().config.policy().id());
    finish(3);
    demo.next();
    assertEquals("Summary", demo.titleProperty().get());
    assertTrue(demo.captionProperty().get().contains("h2-naive: 1,247 failed for 3 unplugs"), demo.captionProperty().get());
    assertEquals("Finish", demo.nextTextProperty().get());
    demo.next();
    assertFalse(demo.activeProperty().get());
  }

  @Test
  void exitStopsADemoRun() {
    demo.start();
    demo.next();
    demo.next();
    demo.exit();
    assertTrue(starter.last().stopped);
    assertFalse(demo.activeProperty().get());
  }

  @Test
  void itSteersTheTabsEndsOnTheComparisonAndGivesTheUsersSettingsBack() {
    RunForm mine = RunForm.of(io.blastradius.gui.form.Preset.byId("concurrent"), "h2-taint");
    List<RunForm> form = new ArrayList<>(List.of(mine));
    javafx.beans.property.BooleanProperty presenter = new javafx.beans.property.SimpleBooleanProperty(false);
    List<io.blastradius.gui.compare.CompareViewModel.Result> compared = new ArrayList<>();
    DemoViewModel d = new DemoViewModel(live, new DemoViewModel.Host() {
      @Override public RunForm form() { return form.get(form.size() - 1); }
      @Override public void showScenario(RunForm f) { form.add(f); }
      @Override public javafx.beans.property.BooleanProperty presenter() { return presenter; }
      @Override public void showComparison(List<io.blastradius.gui.compare.CompareViewModel.Result> r) { compared.addAll(r); }
    });
    d.simulatedProperty().set(false);
    d.start();
    presenter.set(true); // the trainer turns presenter mode on from the banner
    d.next();
    d.next();
    assertEquals(DemoViewModel.View.LIVE, d.viewProperty().get());
    finish(3);
    assertTrue(d.captionProperty().get().length() < 200, "a caption, not a page: " + d.captionProperty().get());
    d.next();
    d.next();
    finish(1_000);
    d.next();
    d.next();
    finish(3);
    d.next();
    assertEquals("Summary", d.titleProperty().get());
    assertEquals(DemoViewModel.View.COMPARE, d.viewProperty().get(), "the closing picture is the comparison");
    assertEquals(List.of("h1", "h2-naive", "h2-adaptive"), compared.stream().map(r -> r.score().policy()).toList());
    assertEquals(1_000, compared.get(1).score().failed());
    d.next(); // Finish
    assertFalse(d.activeProperty().get());
    assertEquals(mine, form.get(form.size() - 1), "the user's own form is back");
    assertFalse(presenter.get(), "presenter mode as the user had it");
    assertEquals(DemoViewModel.View.LIVE, d.viewProperty().get());
  }

  /** Walks the demo on its default engine and returns every caption it showed after a run. */
  static List<String> walkSimulated(List<io.blastradius.gui.compare.CompareViewModel.Result> compared) {
    ScriptedRun.Starter real = new ScriptedRun.Starter();
    LiveRunViewModel l = new LiveRunViewModel(real, ScriptedRun.DIRECT, ScriptedRun.DIRECT);
    javafx.beans.property.BooleanProperty presenter = new javafx.beans.property.SimpleBooleanProperty();
    DemoViewModel d = new DemoViewModel(l, new DemoViewModel.Host() {
      @Override public RunForm form() { return null; }
      @Override public void showScenario(RunForm f) {}
      @Override public javafx.beans.property.BooleanProperty presenter() { return presenter; }
      @Override public void showComparison(List<io.blastradius.gui.compare.CompareViewModel.Result> r) { compared.addAll(r); }
    });
    assertTrue(d.simulatedProperty().get(), "simulated by default");
    d.start();
    List<String> captions = new ArrayList<>();
    assertTrue(d.captionProperty().get().contains("Simulated in virtual time: the same story"), d.captionProperty().get());
    while (d.activeProperty().get()) {
      boolean runs = d.nextTextProperty().get().startsWith("Run ");
      d.next();
      if (runs) {
        assertTrue(d.nextEnabledProperty().get(), "a simulated step is over by the time Next is read");
        captions.add(d.captionProperty().get());
      }
      if (d.titleProperty().get().equals("Summary")) captions.add(d.captionProperty().get());
      if (d.nextTextProperty().get().equals("Finish")) d.next();
    }
    assertTrue(real.runs.isEmpty(), "no run went to the real engine");
    return captions;
  }

  @Test
  void onTheSimulatedEngineTheDemoTellsTheSameStoryEveryTime() {
    List<io.blastradius.gui.compare.CompareViewModel.Result> first = new ArrayList<>();
    List<String> once = walkSimulated(first);
    List<String> twice = walkSimulated(new ArrayList<>());
    assertEquals(once, twice, "the same captions, numbers included");
    assertTrue(once.get(0).startsWith("h1: 3 of 1,500 requests failed for 3 unplugs (1.0 per unplug). One red mark"),
        once.get(0));
    assertEquals(List.of("h1", "h2-naive", "h2-adaptive"), first.stream().map(r -> r.score().policy()).toList());
    assertEquals(io.blastradius.core.run.Engine.SIM, first.get(1).engine(), "the comparison says which engine made it");
    assertTrue(first.get(1).score().failed() > 100 * first.get(1).score().unplugs(), "h2-naive's wall of red");
    assertTrue(once.get(once.size() - 1).contains("(simulated engine: the same every time)"), once.get(once.size() - 1));
  }

  @Test
  void theOptionalRealClientStepsRunTheModelThenRealOkHttpOnRealSocketsAndQuoteBoth() {
    demo.start();
    assertEquals("Step 1 of 5", demo.stepTextProperty().get(), "off by default");
    demo.realClientProperty().set(true); // ticked during the demo: its two steps come before the summary
    assertEquals("Step 1 of 7", demo.stepTextProperty().get());
    demo.next(); // h1
    demo.next();
    finish(3);
    demo.next(); // naive
    demo.next();
    finish(1_247);
    demo.next(); // the mitigation
    demo.next();
    finish(3);
    demo.next();
    assertEquals("The model of OkHttp's call timeout", demo.titleProperty().get());
    assertEquals("Run h2-okhttp-call-timeout", demo.nextTextProperty().get());
    demo.next();
    assertEquals("h2-okhttp-call-timeout", starter.last().config.policy().id());
    finish(1_200);
    demo.next();
    assertEquals("The same unplug under real OkHttp", demo.titleProperty().get());
    demo.simulatedProperty().set(true); // a real library still runs on real sockets: the scripted starter gets it
    int runs = starter.runs.size();
    demo.next();
    assertEquals(runs + 1, starter.runs.size(), "the real engine's starter ran it, not the simulator");
    assertTrue(io.blastradius.core.clients.RealClients.isClient(starter.last().config.policy())
        && starter.last().config.policy().id().endsWith("/call-timeout"), "the real client library: " + starter.last().config.policy());
    assertEquals(10, starter.last().config.load().timeout().toMillis(), "the seed's 10 ms, as its call timeout");
    finish(1_190);
    assertTrue(demo.captionProperty().get().startsWith("okhttp/call-timeout (real OkHttp, real sockets): 1,190 of 1,190"
        + " requests failed for 3 unplugs; its model h2-okhttp-call-timeout: 1,200 of 1,200 for 3."),
        demo.captionProperty().get());
    demo.next();
    assertEquals("Summary", demo.titleProperty().get());
    assertTrue(demo.captionProperty().get().contains("okhttp/call-timeout: 1,190 failed for 3 unplugs"), demo.captionProperty().get());
  }

  @Test
  void untickingTheRealClientDropsItsStepsBeforeTheyRun() {
    demo.realClientProperty().set(true);
    demo.start();
    assertEquals("Step 1 of 7", demo.stepTextProperty().get());
    demo.realClientProperty().set(false);
    assertEquals("Step 1 of 5", demo.stepTextProperty().get());
    assertEquals("The seed scenario", demo.titleProperty().get(), "the current step stays");
  }
}
