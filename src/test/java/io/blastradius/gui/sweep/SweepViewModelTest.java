package io.blastradius.gui.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.blastradius.core.policy.Policies;
import io.blastradius.core.scenario.Scenario;
import io.blastradius.core.scenario.ScenarioFiles;
import io.blastradius.core.sim.Sweep;
import io.blastradius.gui.charts.TradeOff;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Sweep tab's view model: the fields, the sweep it runs, and its fold into chart and rows. */
class SweepViewModelTest {
  static final Executor DIRECT = Runnable::run;
  @TempDir Path dir;

  static Scenario seed(long requests) {
    Scenario s = ScenarioFiles.preset("seed");
    return s.withLoad(s.load().withRequests(requests));
  }

  SweepViewModel vm(Executor background) {
    SweepViewModel vm = new SweepViewModel(background, DIRECT);
    vm.policyProperty().set("h2-interval-ping");
    vm.parameterProperty().set("period");
    vm.fromProperty().set("1s");
    vm.toProperty().set("9s");
    vm.stepsProperty().set(3);
    vm.requestsProperty().set("600");
    return vm;
  }

  @Test
  void theFoldHasOneSeriesPerPolicyWithTheCoresNumbers() {
    SweepViewModel vm = vm(DIRECT);
    assertEquals("period=1s..9s:3", vm.paramText());
    vm.run();
    assertFalse(vm.runningProperty().get());
    int others = io.blastradius.core.policy.Policies.ids().size(); // then every policy at its defaults
    assertTrue(vm.messageProperty().get().startsWith("Done: " + (3 + others) + " simulated runs of seed (3 values, then "
        + others + " policies"), vm.messageProperty().get());
    Sweep.Result core = Sweep.sweep(seed(600), "h2-interval-ping", Sweep.Param.parse("period=1s..9s:3"), Sweep.Monitor.NONE);
    assertEquals(core, vm.resultProperty().get(), "the tab runs the core's sweep: the same points");

    TradeOff.Data d = vm.chartProperty().get();
    assertEquals(Policies.ids().size(), d.series().size(), "one series per policy");
    TradeOff.Series swept = d.series().stream().filter(TradeOff.Series::line).findFirst().orElseThrow();
    assertEquals("h2-interval-ping · period", swept.name());
    assertEquals(List.of("1s", "5s", "9s"), swept.points().stream().map(TradeOff.Pt::label).toList());
    for (int i = 0; i < 3; i++) {
      assertEquals(core.swept().get(i).pingsPerHour(), swept.points().get(i).x());
      assertEquals(core.swept().get(i).failuresPerUnplug(), swept.points().get(i).y());
    }
    TradeOff.Series h1 = d.series().get(0);
    assertEquals("h1", h1.name());
    assertFalse(h1.line());
    assertEquals(1, h1.points().size());
    assertEquals(core.baselines().get(0).failuresPerUnplug(), h1.points().get(0).y());
    assertEquals(core.front(Sweep.Cost.PINGS_PER_HOUR).size(), d.front().size());

    // The rows: the CLI's rows in its order; the swept policy's own default run is not charted.
    assertEquals(core.all(), vm.rows().stream().map(SweepFold.Row::point).toList());
    SweepFold.Row ownDefault = vm.rows().stream().filter(r -> !r.swept() && r.policy().equals("h2-interval-ping")).findFirst().orElseThrow();
    assertFalse(ownDefault.charted());
    assertEquals(d.front().size(), vm.rows().stream().filter(SweepFold.Row::onFront).count());
  }

  @Test
  void theCostAxisRefoldsWithoutRunningAgain() {
    SweepViewModel vm = vm(DIRECT);
    vm.run();
    Sweep.Result r = vm.resultProperty().get();
    vm.costProperty().set(Sweep.Cost.CONNECTIONS_PER_MINUTE);
    assertEquals(r, vm.resultProperty().get());
    TradeOff.Data d = vm.chartProperty().get();
    assertTrue(d.xLabel().startsWith("connections per minute"), d.xLabel());
    assertEquals(r.baselines().get(0).connectionsPerMinute(), d.series().get(0).points().get(0).x());
  }

  @Test
  void badInputIsOneLineAndRunsNothing() {
    Queue<Runnable> background = new ArrayDeque<>();
    SweepViewModel vm = vm(background::add);
    vm.toProperty().set("9x");
    vm.run();
    assertTrue(vm.messageProperty().get().startsWith("Cannot sweep: --param 'period=1s..9x:3': '9x' is not a duration"),
        vm.messageProperty().get());
    vm.toProperty().set("9s");
    vm.requestsProperty().set("lots");
    vm.run();
    assertTrue(vm.messageProperty().get().startsWith("Cannot sweep: requests: 'lots' is not a whole number"), vm.messageProperty().get());
    vm.requestsProperty().set("600");
    vm.policyProperty().set("h1");
    assertEquals(List.of("idle"), List.copyOf(vm.parameters()), "h1 takes idle only");
    assertEquals("idle", vm.parameterProperty().get());
    assertTrue(background.isEmpty(), "nothing was started");
    assertFalse(vm.runningProperty().get());
    assertNull(vm.resultProperty().get());
  }

  @Test
  void progressIsSampledPerPulseAndCancelStopsBeforeTheNextRun() {
    Queue<Runnable> background = new ArrayDeque<>();
    SweepViewModel vm = vm(background::add);
    vm.run();
    assertTrue(vm.runningProperty().get());
    assertEquals(1, background.size());
    vm.cancel();
    background.poll().run(); // the sweep's thread: stops before its first run
    assertFalse(vm.runningProperty().get());
    int runs = 3 + io.blastradius.core.policy.Policies.ids().size();
    assertTrue(vm.messageProperty().get().startsWith("Sweep cancelled: sweep cancelled after 0 of " + runs + " runs"),
        vm.messageProperty().get());
    assertNull(vm.resultProperty().get());
  }

  @Test
  void sweepingAllDrawsALinePerPolicyThatTakesTheParameter() {
    SweepViewModel vm = vm(DIRECT);
    vm.policyProperty().set("all");
    vm.parameterProperty().set("pong-timeout");
    vm.fromProperty().set("100ms");
    vm.toProperty().set("1s");
    vm.stepsProperty().set(2);
    vm.run();
    List<TradeOff.Series> lines = vm.chartProperty().get().series().stream().filter(TradeOff.Series::line).toList();
    assertEquals(Sweep.sweptPolicies("all", "pong-timeout").size(), lines.size());
    for (TradeOff.Series s : lines) assertEquals(2, s.points().size(), s.name());
    assertEquals(Policies.ids().size(), vm.chartProperty().get().series().size());
  }

  @Test
  void csvExportIsTheClisCsv() throws Exception {
    SweepViewModel vm = vm(DIRECT);
    vm.run();
    Path f = dir.resolve("s.csv");
    assertEquals(f, vm.exportCsv(f).get());
    assertEquals(vm.resultProperty().get().csv(), Files.readString(f));
    assertTrue(Files.readString(f).startsWith(String.join(",", Sweep.Point.COLUMNS) + "\n"));
  }

  @Test
  void aNewParameterGetsATypicalRangeAndAnotherPolicyKeepsTheFields() {
    SweepViewModel vm = new SweepViewModel(DIRECT, DIRECT);
    vm.policyProperty().set("h2-okhttp-degraded");
    assertEquals("idle", vm.parameterProperty().get(), "kept: this policy takes idle too");
    vm.parameterProperty().set("pong-timeout");
    assertEquals(List.of("100ms", "2s"), List.of(vm.fromProperty().get(), vm.toProperty().get()));
    vm.fromProperty().set("50ms");
    vm.policyProperty().set("all");
    assertEquals("pong-timeout", vm.parameterProperty().get());
    assertEquals("50ms", vm.fromProperty().get(), "the same parameter keeps what was typed");
    vm.policyProperty().set("h1");
    assertEquals("idle", vm.parameterProperty().get(), "h1 has no pong-timeout: its first parameter");
    assertEquals(List.of("1s", "30s"), List.of(vm.fromProperty().get(), vm.toProperty().get()));
  }
}
