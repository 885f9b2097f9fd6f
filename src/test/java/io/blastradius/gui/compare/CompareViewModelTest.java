package io.blastradius.gui.compare;

import io.blastradius.gui.ScriptedRun;

import io.blastradius.gui.common.RunHandle;
import io.blastradius.gui.common.RunStarter;
import io.blastradius.gui.form.Preset;
import io.blastradius.gui.form.RunForm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.blastradius.core.event.Event;
import io.blastradius.core.event.EventSink;
import io.blastradius.core.event.Fault;
import io.blastradius.core.event.Outcome;
import io.blastradius.core.policy.Protocol;
import io.blastradius.core.run.RunConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The comparison loop with runs that end at once: one scorecard and one curve per policy. */
class CompareViewModelTest {
  /** Each run fails as many requests as its policy id is long, after one unplug, then ends. */
  static final class InstantRuns implements RunStarter {
    final List<RunConfig> started = new ArrayList<>();

    @Override
    public RunHandle start(RunConfig cfg, EventSink sink) {
      started.add(cfg);
      int fail = cfg.policy().id().length();
      sink.accept(new Event.RunStarted(0, cfg.policy().toString(), cfg.scenario()));
      sink.accept(new Event.FlowOpened(0, 1, 40000));
      sink.accept(new Event.ConnectionDialed(0, 1, Protocol.H2));
      sink.accept(new Event.ConnectionReady(0, 1, 40000, 250));
      sink.accept(new Event.FlowFaulted(1, 1, Fault.UNPLUG, ""));
      for (int i = 0; i < 10; i++) {
        sink.accept(new Event.RequestStarted(2, i, 0));
        sink.accept(new Event.RequestAssigned(2, i, 1, 2 * i + 1));
        sink.accept(new Event.RequestFinished(1_500_000_000L, i, 1, 2 * i + 1, i < fail ? Outcome.TIMEOUT : Outcome.OK, null, 10));
      }
      sink.accept(new Event.RunFinished(2_000_000_000L, false));
      ScriptedRun r = new ScriptedRun(cfg, sink);
      r.done.complete(null);
      return r;
    }
  }

  @Test
  void runsEachSelectedPolicyInTurnAndScoresIt() {
    InstantRuns runs = new InstantRuns();
    CompareViewModel vm = new CompareViewModel(runs, Scorer.standard(), ScriptedRun.DIRECT, ScriptedRun.DIRECT);
    vm.select(List.of("h1", "h2-naive"));
    vm.run(RunForm.of(Preset.byId("seed"), "h2-naive"));
    assertEquals(List.of("h1", "h2-naive"), runs.started.stream().map(c -> c.policy().id()).toList());
    assertEquals(2, vm.results().size());
    assertEquals("h1", vm.results().get(0).score().policy());
    assertEquals(2, vm.results().get(0).score().failed());
    assertEquals(8, vm.results().get(1).score().failed());
    assertEquals(8.0, vm.results().get(1).score().failuresPerUnplug());
    assertEquals(8, vm.results().get(1).series().cumulativeFailed()[1], "the curve for the overlay");
    assertFalse(vm.runningProperty().get());
    assertEquals("Done: 2 policies on the same scenario, real engine.", vm.progressTextProperty().get());
    assertEquals(io.blastradius.core.run.Engine.REAL, vm.results().get(0).engine());
  }

  @Test
  void nothingSelectedOrABadFormIsExplained() {
    CompareViewModel vm = new CompareViewModel(new InstantRuns(), Scorer.standard(), ScriptedRun.DIRECT, ScriptedRun.DIRECT);
    vm.select(List.of());
    vm.run(RunForm.of(Preset.byId("seed"), "h1"));
    assertEquals("Select at least one policy.", vm.progressTextProperty().get());
    vm.select(List.of("h1"));
    RunForm bad = new RunForm(Preset.byId("seed"), "h1", 1, 10, 0, 0, 250, 5);
    vm.run(bad);
    assertTrue(vm.progressTextProperty().get().startsWith("Cannot compare: timeout"), vm.progressTextProperty().get());
  }

  @Test
  void cancelStopsTheRunningPolicyAndSkipsTheRest() {
    List<ScriptedRun> started = new ArrayList<>();
    RunStarter hanging = (cfg, sink) -> {
      ScriptedRun r = new ScriptedRun(cfg, sink) {
        @Override
        public void stop() {
          super.stop();
          done.complete(null);
        }
      };
      started.add(r);
      return r;
    };
    List<Runnable> queued = new ArrayList<>();
    CompareViewModel vm = new CompareViewModel(hanging, Scorer.standard(), queued::add, ScriptedRun.DIRECT);
    vm.select(List.of("h1", "h2-naive"));
    vm.run(RunForm.of(Preset.byId("seed"), "h1"));
    assertTrue(vm.runningProperty().get());
    Thread loop = new Thread(queued.remove(0)); // the comparison loop, on its own thread
    loop.start();
    org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(10), () -> {
      while (started.isEmpty()) Thread.onSpinWait();
      vm.tick();
      assertTrue(vm.progressTextProperty().get().startsWith("Running h1 (1 of 2)"), vm.progressTextProperty().get());
      vm.cancel();
      queued.remove(0).run(); // the stop, on "the background"
      loop.join();
    });
    assertEquals(1, started.size(), "h2-naive never started");
    assertFalse(vm.runningProperty().get());
    assertTrue(vm.progressTextProperty().get().startsWith("Comparison cancelled"), vm.progressTextProperty().get());
  }

  @Test
  void theSimulatedEngineComparesTheSeedInVirtualTimeAndSaysSo() {
    InstantRuns real = new InstantRuns();
    CompareViewModel vm = new CompareViewModel(real, Scorer.standard(), ScriptedRun.DIRECT, ScriptedRun.DIRECT);
    vm.select(List.of("h1", "h2-naive"));
    vm.engineProperty().set(io.blastradius.core.run.Engine.SIM);
    vm.run(RunForm.of(Preset.byId("seed"), "h1"));
    assertTrue(real.started.isEmpty(), "nothing went to the real engine");
    assertEquals(2, vm.results().size(), vm.progressTextProperty().get());
    // The seed (3,000 sequential requests, 10 ms timeout, 3 unplugs): golang/go#63422's numbers.
    assertEquals(3, vm.results().get(0).score().failed());
    assertEquals(3, vm.results().get(0).score().unplugs());
    assertEquals(2_500, vm.results().get(1).score().failed());
    for (CompareViewModel.Result r : vm.results()) assertEquals(io.blastradius.core.run.Engine.SIM, r.engine());
    assertTrue(vm.progressTextProperty().get().contains("simulated engine"), vm.progressTextProperty().get());
    List<io.blastradius.core.score.Scorecard> first = vm.results().stream().map(CompareViewModel.Result::score).toList();
    vm.run(RunForm.of(Preset.byId("seed"), "h1"));
    assertEquals(first.stream().map(c -> c.failed() + "/" + c.connectionsOpened() + "/" + c.p50Micros()).toList(),
        vm.results().stream().map(r -> r.score().failed() + "/" + r.score().connectionsOpened() + "/" + r.score().p50Micros()).toList(),
        "the same seed, the same scorecards");
  }

  @Test
  void withItsRealClientRunsTheClientTheModelNamesRightAfterIt() {
    InstantRuns runs = new InstantRuns();
    CompareViewModel vm = new CompareViewModel(runs, Scorer.standard(), ScriptedRun.DIRECT, ScriptedRun.DIRECT);
    vm.select(List.of("h1", "h2-okhttp-degraded", "h2-jetty"));
    vm.run(RunForm.of(Preset.byId("seed"), "h1"));
    assertEquals(List.of("h1", "h2-okhttp-degraded", "h2-jetty"), runs.started.stream().map(c -> c.policy().id()).toList(),
        "off: models only");

    runs.started.clear();
    vm.withRealClientsProperty().set(true);
    vm.run(RunForm.of(Preset.byId("seed"), "h1"));
    List<String> ran = runs.started.stream().map(c -> c.policy().id()).toList();
    assertEquals(5, ran.size(), ran.toString());
    assertEquals("h1", ran.get(0), "h1 names no client library");
    assertEquals("h2-okhttp-degraded", ran.get(1));
    assertTrue(ran.get(2).matches("okhttp-[0-9.]+/read-timeout"), ran.get(2));
    assertEquals("h2-jetty", ran.get(3));
    assertTrue(ran.get(4).matches("jetty-[0-9.]+/http2"), ran.get(4));
    assertEquals(5, vm.results().size());
    assertEquals(ran.get(2), vm.results().get(2).score().policy(), "the client's own scorecard, next to its model's");
  }

  @Test
  void realClientsOnTheSimulatedEngineAreRefusedBeforeAnythingRuns() {
    InstantRuns runs = new InstantRuns();
    RunStarter sim = (cfg, sink) -> { throw new AssertionError("nothing may run"); };
    CompareViewModel vm = new CompareViewModel(runs, sim, Scorer.standard(), ScriptedRun.DIRECT, ScriptedRun.DIRECT);
    vm.select(List.of("h2-naive"));
    vm.withRealClientsProperty().set(true);
    vm.engineProperty().set(io.blastradius.core.run.Engine.SIM);
    assertFalse(vm.withRealClientsProperty().get(), "choosing the simulation unticks the real clients");
    vm.withRealClientsProperty().set(true); // set again while simulated
    vm.run(RunForm.of(Preset.byId("seed"), "h1"));
    assertTrue(vm.progressTextProperty().get().startsWith("Cannot compare: real client libraries need the Real engine"),
        vm.progressTextProperty().get());
    assertTrue(runs.started.isEmpty());
    assertFalse(vm.runningProperty().get());
  }

  @Test
  void aModelNamesTheClientItModels() {
    // h2-naive models two clients: the JDK's HttpClient and grpc-java with a call deadline.
    List<String> naive = RealClientPairs.clientsFor(io.blastradius.core.policy.PolicySpec.of("h2-naive"));
    assertEquals(2, naive.size(), naive.toString());
    assertTrue(naive.stream().anyMatch(c -> c.startsWith("jdk-")), naive.toString());
    assertTrue(naive.stream().anyMatch(c -> c.startsWith("grpc-java-") && c.endsWith("/deadline")), naive.toString());
    assertEquals(List.of(), RealClientPairs.clientsFor(io.blastradius.core.policy.PolicySpec.of("h1")));
    List<String> rn = RealClientPairs.clientsFor(io.blastradius.core.policy.PolicySpec.of("h2-reactor-netty"));
    assertEquals(1, rn.size(), rn.toString());
    assertTrue(rn.get(0).endsWith("/h2c"), "the plain model is the client without its liveness check: " + rn);
    assertTrue(RealClientPairs.clientsFor(io.blastradius.core.policy.PolicySpec.parse(
        "h2-reactor-netty:liveness=true:idle=1s:ack=1s")).get(0).endsWith("/liveness"));
  }

  @Test
  void aModelAndItsRealClientRunSideBySideOnLoopback() {
    // Real sockets: the embedded server, the fault proxy, the model's pool, then the JDK's own
    // HttpClient, each on a fresh stack. A short seed: 200 requests, an unplug every 100.
    CompareViewModel vm = new CompareViewModel(RunStarter.real(), Scorer.standard(), ScriptedRun.DIRECT, ScriptedRun.DIRECT);
    vm.select(List.of("h2-naive"));
    vm.withRealClientsProperty().set(true);
    RunForm small = new RunForm(Preset.byId("seed"), "h2-naive", 1, 200, 100, 0, 250, 100);
    org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(180), () -> vm.run(small));
    // The model, then each client it names: the JDK's HttpClient and grpc-java's deadline client.
    assertEquals(3, vm.results().size(), vm.progressTextProperty().get());
    assertEquals("h2-naive", vm.results().get(0).score().policy());
    List<String> clients = vm.results().subList(1, 3).stream().map(r -> r.score().policy()).toList();
    assertTrue(clients.stream().anyMatch(c -> c.matches("jdk-[0-9.]+/http2")), clients.toString());
    assertTrue(clients.stream().anyMatch(c -> c.matches("grpc-java-[0-9.]+/deadline")), clients.toString());
    for (CompareViewModel.Result r : vm.results()) {
      assertEquals(200, r.score().requests(), r.score().policy());
      assertEquals(io.blastradius.core.run.Engine.REAL, r.engine());
    }
  }

  @Test
  void tlsOnTheSimulatedEngineIsRefusedBeforeAnyRunAndTheRealEngineGetsIt() {
    InstantRuns real = new InstantRuns();
    CompareViewModel vm = new CompareViewModel(real, Scorer.standard(), ScriptedRun.DIRECT, ScriptedRun.DIRECT);
    vm.select(List.of("h1", "h2-naive"));
    RunForm tls = RunForm.of(Preset.byId("seed"), "h2-naive").withTls(true);
    vm.engineProperty().set(io.blastradius.core.run.Engine.SIM);
    vm.run(tls);
    assertTrue(vm.progressTextProperty().get().startsWith("Cannot compare: TLS needs the Real engine"),
        vm.progressTextProperty().get());
    assertTrue(real.started.isEmpty());
    assertTrue(vm.results().isEmpty());
    vm.engineProperty().set(io.blastradius.core.run.Engine.REAL);
    vm.run(tls);
    assertEquals(2, real.started.size());
    assertTrue(real.started.stream().allMatch(c -> c.wire().tls()), "every compared run speaks TLS");
  }
}
