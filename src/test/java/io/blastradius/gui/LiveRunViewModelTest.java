package io.blastradius.gui;

import io.blastradius.gui.form.Preset;
import io.blastradius.gui.form.RunForm;
import io.blastradius.gui.live.CardViewModel;
import io.blastradius.gui.live.LiveRunViewModel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.blastradius.core.event.CloseReason;
import io.blastradius.core.event.Event;
import io.blastradius.core.event.Fault;
import io.blastradius.core.event.Outcome;
import io.blastradius.core.live.ConnState;
import io.blastradius.core.live.LiveSnapshot;
import io.blastradius.core.policy.Protocol;
import io.blastradius.gui.live.LiveRunViewModel.RunState;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The live view model driven by a scripted run: no toolkit, no robot, no sleeping. */
class LiveRunViewModelTest {
  static final long MS = 1_000_000L, S = 1_000_000_000L;

  final ScriptedRun.Starter starter = new ScriptedRun.Starter();
  final LiveRunViewModel vm = new LiveRunViewModel(starter, ScriptedRun.DIRECT, ScriptedRun.DIRECT);

  ScriptedRun started() {
    vm.start(RunForm.of(Preset.byId("seed"), "h2-naive").toRunConfig());
    return starter.last();
  }

  static void h2(ScriptedRun r, long conn, int flow, int port, long t) {
    r.emit(new Event.FlowOpened(t, flow, port), new Event.ConnectionDialed(t, conn, Protocol.H2),
        new Event.ConnectionReady(t, conn, port, 250));
  }

  @Test
  void startingRunsTheFormsConfigAndShowsRunning() {
    ScriptedRun r = started();
    assertEquals(RunState.RUNNING, vm.stateProperty().get());
    assertEquals("h2-naive", r.config.policy().id());
    assertEquals("seed", r.config.scenario());
    assertTrue(vm.runningBinding().get());
  }

  @Test
  void aCardAppearsPerConnectionWithItsOccupancyInWords() {
    ScriptedRun r = started();
    h2(r, 1, 7, 40000, 0);
    r.emit(new Event.RequestStarted(MS, 1, 0), new Event.RequestAssigned(MS, 1, 1, 1),
        new Event.RequestStarted(MS, 2, 0), new Event.RequestAssigned(MS, 2, 1, 3),
        new Event.SlotsHeld(2 * MS, 1, 5));
    vm.tick(0);
    CardViewModel c = vm.cards().card(1);
    assertNotNull(c);
    assertEquals("#1 · H2", c.titleProperty().get());
    assertEquals("flow 7 · port 40000", c.flowTextProperty().get());
    assertEquals("2 active · 5 held · 243 free / 250", c.occupancyTextProperty().get());
    assertEquals(ConnState.LIVE, c.stateProperty().get());
    assertEquals("Unplug", c.toggleTextProperty().get());
    assertTrue(c.faultableProperty().get());
  }

  @Test
  void unplugAsksTheProxyAndTheCardFollowsTheFaultEvent() {
    ScriptedRun r = started();
    h2(r, 1, 7, 40000, 0);
    vm.tick(0);
    CardViewModel c = vm.cards().card(1);
    vm.toggleUnplug(c);
    assertEquals(List.of("unplug 7"), r.calls);
    assertTrue(c.pendingProperty().get(), "disabled until the fault shows up");
    r.emit(new Event.FlowFaulted(MS, 7, Fault.UNPLUG, ""));
    vm.tick(0);
    assertEquals(ConnState.UNPLUGGED, c.stateProperty().get());
    assertEquals("Replug", c.toggleTextProperty().get());
    assertFalse(c.pendingProperty().get());
    vm.toggleUnplug(c);
    assertEquals(List.of("unplug 7", "replug 7"), r.calls);
  }

  @Test
  void uOnTheSelectedCardTogglesItsFlow() {
    ScriptedRun r = started();
    h2(r, 1, 7, 40000, 0);
    h2(r, 2, 8, 40001, 0);
    vm.tick(0);
    vm.toggleUnplugSelected(); // nothing selected: nothing happens
    assertEquals(List.of(), r.calls);
    vm.cards().select(vm.cards().card(2));
    assertTrue(vm.cards().card(2).selectedProperty().get());
    vm.toggleUnplugSelected();
    assertEquals(List.of("unplug 8"), r.calls);
  }

  @Test
  void aFailedFaultCallIsReportedAndReEnablesTheCard() {
    ScriptedRun r = started();
    h2(r, 1, 7, 40000, 0);
    vm.tick(0);
    CardViewModel c = vm.cards().card(1);
    vm.reset(c); // the scripted proxy refuses resets
    assertFalse(c.pendingProperty().get());
    assertTrue(vm.messageProperty().get().contains("Could not reset flow 7"), vm.messageProperty().get());
  }

  @Test
  void totalsReachTheStatusBar() {
    ScriptedRun r = started();
    h2(r, 1, 7, 40000, 0);
    long id = 0;
    for (long t = 0; t < 2 * S; t += 10 * MS) {
      id++;
      r.emit(new Event.RequestStarted(t, id, 0), new Event.RequestAssigned(t, id, 1, 1),
          new Event.RequestFinished(t + MS, id, 1, 1, id % 10 == 0 ? Outcome.TIMEOUT : Outcome.OK, null, MS));
    }
    r.at(2 * S + 50 * MS);
    vm.tick(0);
    assertEquals("200 (ok 180)", vm.requestsTextProperty().get());
    assertEquals("20", vm.failuresTextProperty().get());
    assertEquals("100/s", vm.rateTextProperty().get());
    assertEquals("1", vm.connectionsTextProperty().get());
    assertEquals("0:02.0", vm.elapsedTextProperty().get());
  }

  @Test
  void closedCardsFadeForFiveSecondsThenLeaveButShutdownOnesStay() {
    ScriptedRun r = started();
    h2(r, 1, 7, 40000, 0);
    h2(r, 2, 8, 40001, 0);
    r.emit(new Event.ConnectionClosed(S, 1, CloseReason.IO_ERROR, "reset"));
    r.at(S);
    vm.tick(r.now); // pulses at run time: cards refresh at most every 100 ms
    CardViewModel c1 = vm.cards().card(1);
    assertEquals(1.0, c1.opacityProperty().get());
    assertEquals("CLOSED (io error)", c1.stateTextProperty().get());
    assertFalse(c1.faultableProperty().get(), "no unplug on a closed connection");
    r.at(S + 2_500 * MS);
    vm.tick(r.now); // pulses at run time: cards refresh at most every 100 ms
    assertEquals(0.5, c1.opacityProperty().get(), 0.001);
    r.at(S + 5 * S);
    vm.tick(r.now); // pulses at run time: cards refresh at most every 100 ms
    assertNull(vm.cards().card(1));
    assertEquals(1, vm.cards().cards().size());

    r.emit(new Event.RunFinished(7 * S, false), new Event.ConnectionClosed(7 * S, 2, CloseReason.SHUTDOWN, ""));
    r.at(60 * S);
    vm.tick(r.now); // pulses at run time: cards refresh at most every 100 ms
    assertNotNull(vm.cards().card(2), "the run's last picture stays");
  }

  @Test
  void theEndIsReportedWithTheFinalNumbersAndTheFutureCompletes() {
    CompletableFuture<LiveSnapshot> f = vm.start(RunForm.of(Preset.byId("seed"), "h1").toRunConfig());
    ScriptedRun r = starter.last();
    r.emit(new Event.RequestStarted(0, 1, 0), new Event.RequestFinished(MS, 1, 0, 0, Outcome.TIMEOUT, "t", MS),
        new Event.RunFinished(2 * MS, false));
    r.at(2 * MS);
    r.done.complete(null);
    assertEquals(RunState.FINISHED, vm.stateProperty().get());
    assertTrue(f.isDone());
    assertEquals(1, f.join().totals().failed());
    assertTrue(vm.messageProperty().get().startsWith("Finished h1: 1 requests, 1 failed"), vm.messageProperty().get());
    assertFalse(vm.runningBinding().get());
  }

  @Test
  void stopGoesToTheBackgroundAndAStartThatFailsSaysWhy() {
    ScriptedRun r = started();
    vm.stop();
    assertEquals(RunState.STOPPING, vm.stateProperty().get());
    assertTrue(r.stopped);
    r.done.complete(null);
    assertEquals(RunState.FINISHED, vm.stateProperty().get());

    starter.failWith = new IllegalStateException("127.0.0.1:0: address in use");
    CompletableFuture<LiveSnapshot> f = vm.start(RunForm.of(Preset.byId("seed"), "h1").toRunConfig());
    assertEquals(RunState.FAILED, vm.stateProperty().get());
    assertEquals("Could not start the run: 127.0.0.1:0: address in use", vm.messageProperty().get());
    assertTrue(f.isCompletedExceptionally());
  }

  @Test
  void faultsNeedARunningRunAndAKnownFlow() {
    ScriptedRun r = started();
    r.emit(new Event.ConnectionDialed(0, 1, Protocol.H2));
    vm.tick(0);
    vm.toggleUnplug(vm.cards().card(1)); // no flow joined yet
    assertEquals(List.of(), r.calls);
    assertTrue(vm.messageProperty().get().startsWith("Cannot unplug connection #1"));
  }

  @Test
  void cardNumbersRefreshAtMostTenTimesASecondButStateChangesShowAtOnce() {
    ScriptedRun r = started();
    h2(r, 1, 7, 40000, 0);
    vm.tick(0);
    CardViewModel c = vm.cards().card(1);
    vm.tick(20 * MS); // card 1's first refresh (cards are staggered over the 100 ms)
    r.emit(new Event.RequestStarted(MS, 1, 0), new Event.RequestAssigned(MS, 1, 1, 1));
    vm.tick(60 * MS);
    assertEquals(0, c.activeProperty().get(), "not yet: the card refreshed less than 100 ms ago");
    vm.tick(120 * MS);
    assertEquals(1, c.activeProperty().get());
    r.emit(new Event.FlowFaulted(2 * MS, 7, Fault.UNPLUG, ""));
    vm.tick(130 * MS);
    assertEquals(ConnState.UNPLUGGED, c.stateProperty().get(), "a state change shows in the next pulse");
  }

  @Test
  void theChartsGetTheirDataAtMostTenTimesASecondAndTheLastOnceFinished() {
    ScriptedRun r = started();
    h2(r, 1, 7, 40000, 0);
    r.emit(new Event.RequestStarted(0, 1, 0), new Event.RequestFinished(10 * MS, 1, 1, 1, Outcome.OK, null, MS));
    r.at(1_500 * MS);
    vm.tick(5 * S); // any pulse time, including the very first
    assertEquals(1, vm.charts().seriesProperty().get().size());
    assertEquals(1, vm.charts().openSecondProperty().get(), "second 1 is still being counted");
    r.emit(new Event.RequestStarted(S, 2, 0), new Event.RequestFinished(1_100 * MS, 2, 1, 1, Outcome.TIMEOUT, "t", MS));
    vm.tick(5 * S + 50 * MS);
    assertEquals(1, vm.charts().seriesProperty().get().size(), "not before 100 ms");
    assertEquals(0, vm.charts().frameProperty().get().lanes().failedTotal(), "not before 100 ms");
    vm.tick(5 * S + 150 * MS);
    assertEquals(2, vm.charts().seriesProperty().get().size());
    assertEquals(1, vm.charts().frameProperty().get().lanes().failedTotal());
    assertEquals(1_500 * MS, vm.charts().frameProperty().get().endNanos(), "the axis runs to now");
    r.emit(new Event.RunFinished(2 * S, false));
    r.done.complete(null);
    assertEquals(Long.MAX_VALUE, vm.charts().openSecondProperty().get());
    assertEquals(1, vm.charts().seriesProperty().get().cumulativeFailed()[1]);
    assertTrue(vm.charts().frameProperty().get().finished());
    assertEquals(2 * S, vm.charts().frameProperty().get().endNanos(), "finished: the axis ends at the last event");
  }

  @Test
  void theLogFillsWhenShownAfterTheRunAndStillRefiltersOnceTheRunSettled() {
    ScriptedRun r = started();
    h2(r, 1, 7, 40000, 0);
    r.emit(new Event.RequestStarted(MS, 1, 0), new Event.RequestAssigned(MS, 1, 1, 1),
        new Event.FlowFaulted(2 * MS, 7, Fault.UNPLUG, ""),
        new Event.RequestFinished(12 * MS, 1, 1, 1, Outcome.TIMEOUT, "t", 11 * MS),
        new Event.RunFinished(20 * MS, false));
    r.at(20 * MS);
    vm.tick(0);
    r.done.complete(null);
    r.at(60 * S); // long settled
    vm.tick(S);
    vm.tick(2 * S);
    assertEquals(0, vm.log().rows().size(), "hidden: nothing pulled");
    vm.log().activeProperty().set(true); // the Event log tab is opened after the run
    vm.tick(3 * S);
    assertEquals(8, vm.log().rows().size());
    vm.log().kindFilterProperty().set(io.blastradius.gui.log.EventText.KindFilter.FLOWS);
    vm.tick(4 * S);
    assertEquals(List.of("flow-opened", "flow-fault"), vm.log().rows().stream().map(x -> x.kind()).toList());
    vm.log().clearFilters();
    vm.tick(5 * S);
    assertEquals(8, vm.log().rows().size(), "clearing the filters refilters after the run too");
  }

  @Test
  void everyTotalIsOneFoldCardsPlusUnplacedEqualTheStatusBarTheTimelineAndTheScorecard() {
    CompletableFuture<LiveSnapshot> f = vm.start(RunForm.of(Preset.byId("seed"), "h2-naive").toRunConfig());
    ScriptedRun r = starter.last();
    r.emit(new Event.RunStarted(0, "h2-naive", "seed"));
    h2(r, 1, 7, 40000, 0);
    h2(r, 2, 8, 40001, 0);
    long id = 0;
    for (int i = 0; i < 30; i++) {
      long conn = i % 2 + 1;
      r.emit(new Event.RequestStarted(i * MS, ++id, 0), new Event.RequestAssigned(i * MS, id, conn, 1),
          new Event.RequestFinished(i * MS + 10, id, conn, 1, i % 3 == 0 ? Outcome.TIMEOUT : Outcome.OK, null, 10));
    }
    r.emit(new Event.RequestStarted(40 * MS, ++id, 0), new Event.RequestFinished(41 * MS, id, 0, 0, Outcome.ERROR, "no conn", MS),
        new Event.RunFinished(50 * MS, false));
    r.at(50 * MS);
    r.done.complete(null);
    assertTrue(f.isDone());
    long cards = vm.cards().cards().stream().mapToLong(c -> c.view().failed()).sum();
    var lanes = vm.charts().frameProperty().get().lanes();
    long unplaced = java.util.Arrays.stream(lanes.unplaced().failed()).sum();
    assertEquals(11, cards + unplaced);
    assertEquals("11", vm.failuresTextProperty().get());
    assertEquals(11, lanes.failedTotal());
    assertEquals(11, vm.scorecardProperty().get().failed(), "the scorecard on the Live tab");
    assertEquals(31, vm.scorecardProperty().get().requests());
    assertEquals("0.050 s", vm.elapsedTextProperty().get(), "a sub-second run reads in milliseconds");
  }

  @Test
  void afterTheRunEachCardKeepsItsEndOfLoadStateAndSaysItWasShutDown() {
    ScriptedRun r = started();
    h2(r, 1, 7, 40000, 0);
    h2(r, 2, 8, 40001, 0);
    r.emit(new Event.FlowFaulted(MS, 7, Fault.UNPLUG, ""),
        new Event.ConnectionStatusChanged(2 * MS, 2, Event.ConnStatus.SUSPECT,
            "request 9 timed out, silent 12ms; PING sent, verdict due in 3ms"),
        new Event.PingSent(2 * MS, 2, 1),
        new Event.RunFinished(S, false),
        new Event.FlowClosed(S, 7, "shutdown"), new Event.FlowClosed(S, 8, "shutdown"),
        new Event.ConnectionClosed(S, 1, CloseReason.SHUTDOWN, ""),
        new Event.ConnectionClosed(S, 2, CloseReason.SHUTDOWN, ""));
    r.at(S);
    r.done.complete(null);
    CardViewModel dead = vm.cards().card(1), suspect = vm.cards().card(2);
    assertEquals("UNPLUGGED", dead.stateTextProperty().get(), "which connection was unplugged stays told");
    assertEquals("shut down when the run ended", dead.whyTextProperty().get());
    assertEquals("SUSPECT", suspect.stateTextProperty().get());
    assertFalse(suspect.whyTextProperty().get().contains("due in"), "no stale countdown: " + suspect.whyTextProperty().get());
    assertFalse(dead.faultableProperty().get());
  }

  @Test
  void aSuspectCardShowsThePingsLiveAgeNotTheVerdictCountdown() {
    ScriptedRun r = started();
    h2(r, 1, 7, 40000, 0);
    r.emit(new Event.ConnectionStatusChanged(MS, 1, Event.ConnStatus.SUSPECT,
        "request 9 timed out, silent 12ms; PING sent, verdict due in 3ms"), new Event.PingSent(MS, 1, 1));
    r.at(3 * S + MS);
    vm.tick(0);
    CardViewModel c = vm.cards().card(1);
    assertEquals("request 9 timed out, silent 12ms; PING sent", c.whyTextProperty().get());
    assertEquals("PING outstanding 3.0 s", c.pingTextProperty().get());
  }
}
