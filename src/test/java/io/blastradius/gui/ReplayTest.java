package io.blastradius.gui;

import io.blastradius.gui.common.Fmt;
import io.blastradius.gui.form.Preset;
import io.blastradius.gui.form.RunForm;
import io.blastradius.gui.live.CardViewModel;
import io.blastradius.gui.live.LiveRunViewModel;
import io.blastradius.gui.replay.ReplayTimeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.blastradius.core.event.Event;
import io.blastradius.core.live.ConnState;
import io.blastradius.core.live.LiveModel;
import io.blastradius.core.live.LiveSnapshot;
import io.blastradius.core.record.Recording;
import io.blastradius.core.record.RecordingReader;
import io.blastradius.gui.live.LiveRunViewModel.RunState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A recording on the replay timeline: scrubbing forward (incremental fold) and back (fold again
 * from the start) shows exactly the state {@link LiveModel#replay} gives at that time; scrubbing is
 * coalesced to one fold at a time; a bad file leaves what was open alone.
 */
class ReplayTest {
  static final Path SAMPLE = Path.of("assets/recordings/seed-h2-naive.blastrec");
  static final long MS = 1_000_000L, S = 1_000_000_000L;

  final LiveRunViewModel vm = new LiveRunViewModel(new ScriptedRun.Starter(), ScriptedRun.DIRECT, ScriptedRun.DIRECT);
  @TempDir Path dir;

  /** Moves the scrubber to {@code t} and lets one pulse fold to it. */
  void scrubTo(long t, long pulse) {
    vm.replayPositionProperty().set(t / 1e9);
    vm.tick(pulse);
  }

  static void assertSameState(LiveSnapshot want, LiveSnapshot got, String at) {
    assertEquals(want.totals(), got.totals(), "totals at " + at);
    assertEquals(want.connections(), got.connections(), "connections at " + at);
    assertEquals(want.folded(), got.folded(), "events folded at " + at);
    assertEquals(want.lastEventT(), got.lastEventT(), "last event at " + at);
    assertEquals(want.series().markers(), got.series().markers(), "markers at " + at);
    assertEquals(want.finished(), got.finished(), "finished at " + at);
  }

  @Test
  void openingShowsTheTimelineAtZeroWithItsUnplugMarked() throws Exception {
    assertTrue(vm.openRecording(SAMPLE, "seed-h2-naive.blastrec").get());
    assertTrue(vm.replayingProperty().get());
    assertFalse(vm.runningBinding().get(), "a recording does not block starting a live run");
    assertNull(vm.config(), "a replay has no run configuration");
    assertEquals(0, vm.replayPositionProperty().get());
    assertEquals(0, vm.snapshotProperty().get().totals().requests());
    List<ReplayTimeline.Unplug> marks = vm.unplugMarks();
    assertEquals(List.of(new ReplayTimeline.Unplug(328_734_192L, 1)), marks);
    assertEquals(26.477399635, vm.replayEndProperty().get(), 1e-9);
    assertTrue(vm.messageProperty().get().startsWith("Replaying seed-h2-naive.blastrec: h2-naive · seed"),
        vm.messageProperty().get());
  }

  @Test
  void scrubbingForwardAndBackGivesTheStateLiveModelReplayGives() throws Exception {
    List<Event> events = RecordingReader.read(SAMPLE).events();
    vm.openRecording(SAMPLE, "sample").get();
    long[] times = {5 * S, 500 * MS, 20 * S, 20 * S + MS, 1 * S, 328 * MS, 329 * MS, 26_477_399_635L, 0, 12 * S};
    long pulse = 0;
    for (long t : times) {
      scrubTo(t, pulse += 16 * MS);
      assertEquals(t, vm.replayShownT());
      LiveSnapshot want = LiveModel.replay(events, t).snapshot(t);
      assertSameState(want, vm.snapshotProperty().get(), t + " ns");
      // The cards show the same connections, in the same states.
      for (var c : want.connections()) {
        CardViewModel card = vm.cards().card(c.connId());
        if (card != null) assertEquals(c.state(), card.stateProperty().get(), "card #" + c.connId() + " at " + t);
      }
    }
  }

  @Test
  void justAfterTheUnplugTheDeadConnectionsCardSaysUnplugged() throws Exception {
    vm.openRecording(SAMPLE, "sample").get();
    vm.jumpTo(vm.unplugMarks().get(0));
    vm.tick(0);
    long t = vm.replayShownT();
    assertEquals(328_734_192L + ReplayTimeline.AFTER_UNPLUG_NANOS, t);
    CardViewModel dead = vm.cards().cards().stream()
        .filter(c -> c.stateProperty().get() == ConnState.UNPLUGGED).findFirst().orElseThrow();
    assertEquals("UNPLUGGED", dead.stateTextProperty().get());
    assertTrue(vm.snapshotProperty().get().connection(dead.connId()).failed() > 0, "its timeouts have begun");
  }

  @Test
  void playingAdvancesAtThePaceAndStopsAtTheEnd() throws Exception {
    vm.openRecording(SAMPLE, "sample").get();
    vm.replaySpeedProperty().set(10);
    vm.togglePlay();
    vm.tick(1 * S); // the first pulse only starts the clock
    vm.tick(1 * S + 100 * MS); // 0.1 s of wall time at x10: one second of run time
    assertEquals(1.0, vm.replayPositionProperty().get(), 1e-9);
    assertEquals(S, vm.replayShownT());
    vm.tick(10 * S); // far past the end
    assertFalse(vm.playingProperty().get(), "stops at the end");
    assertEquals(vm.replayEndProperty().get(), vm.replayPositionProperty().get());
    assertEquals(RecordingReader.read(SAMPLE).summary().failed(), vm.snapshotProperty().get().totals().failed(),
        "the end shows the recording's own scorecard numbers");
  }

  @Test
  void manyScrubsBetweenPulsesFoldOnceAndOnlyOneFoldRunsAtATime() throws Exception {
    ArrayDeque<Runnable> bg = new ArrayDeque<>();
    Executor queued = bg::add;
    LiveRunViewModel q = new LiveRunViewModel(new ScriptedRun.Starter(), queued, ScriptedRun.DIRECT);
    q.openRecording(SAMPLE, "sample");
    bg.poll().run(); // the read
    for (double s = 0.1; s < 3; s += 0.1) q.replayPositionProperty().set(s); // a drag between pulses
    q.tick(0);
    assertEquals(1, bg.size(), "one fold for the pulse");
    assertTrue(q.replayFolding());
    q.replayPositionProperty().set(10);
    q.tick(16 * MS);
    assertEquals(1, bg.size(), "no second fold while one is under way");
    bg.poll().run();
    assertFalse(q.replayFolding());
    assertEquals(Math.round(2.9000000000000012 * 1e9) / MS, q.replayShownT() / MS, "shows the position of the pulse it started on");
    q.tick(32 * MS);
    bg.poll().run();
    assertEquals(10 * S, q.replayShownT(), "the next pulse catches up with the scrubber");
  }

  @Test
  void aCorruptFileIsReportedAndTheOpenRecordingStays() throws Exception {
    vm.openRecording(SAMPLE, "sample").get();
    scrubTo(5 * S, 0);
    List<Long> cards = vm.cards().cards().stream().map(CardViewModel::connId).toList();
    LiveSnapshot before = vm.snapshotProperty().get();
    Path bad = dir.resolve("bad.blastrec");
    Files.writeString(bad, "this is not a recording\n");

    assertFalse(vm.openRecording(bad, "bad.blastrec").get());

    assertTrue(vm.messageProperty().get().startsWith("Could not open bad.blastrec: "), vm.messageProperty().get());
    assertTrue(vm.messageProperty().get().contains("not a BlastRadius recording"), vm.messageProperty().get());
    assertNotNull(vm.openErrorProperty().get());
    assertTrue(vm.replayingProperty().get());
    assertSame(before, vm.snapshotProperty().get());
    assertEquals(cards, vm.cards().cards().stream().map(CardViewModel::connId).toList());
    assertEquals(5 * S, vm.replayShownT());
    scrubTo(6 * S, 16 * MS);
    assertEquals(6 * S, vm.replayShownT(), "the open recording still scrubs");
  }

  @Test
  void aTruncatedFileOpensWithWhatWasReadAndSaysSo() throws Exception {
    byte[] all = Files.readAllBytes(SAMPLE);
    Path cut = dir.resolve("cut.blastrec");
    Files.write(cut, java.util.Arrays.copyOf(all, all.length / 2));
    Recording partial = RecordingReader.readLenient(cut);
    assertTrue(partial.truncated());

    assertTrue(vm.openRecording(cut, "cut.blastrec").get());

    assertTrue(vm.messageProperty().get().startsWith("cut.blastrec is truncated (the file stops early): showing the "
        + Fmt.count(partial.events().size()) + " events read intact."), vm.messageProperty().get());
    scrubTo(vm.unplugMarks().isEmpty() ? S : 5 * S, 0);
    assertTrue(vm.snapshotProperty().get().totals().requests() > 0);
  }

  @Test
  void aMissingFileIsReportedNotThrown() throws Exception {
    assertFalse(vm.openRecording(Path.of("no-such.blastrec"), "no-such.blastrec").get());
    assertFalse(vm.replayingProperty().get());
    assertTrue(vm.messageProperty().get().startsWith("Could not open no-such.blastrec: no-such.blastrec no longer exists"),
        vm.messageProperty().get());
  }

  @Test
  void aRecordingsFlowsCannotBeChanged() throws Exception {
    vm.openRecording(SAMPLE, "sample").get();
    scrubTo(5 * S, 0);
    vm.toggleUnplug(vm.cards().cards().get(0));
    assertEquals("This is a recording: its flows cannot be unplugged, replugged or reset.", vm.messageProperty().get());
  }

  @Test
  void startingALiveRunLeavesTheReplay() throws Exception {
    vm.openRecording(SAMPLE, "sample").get();
    scrubTo(5 * S, 0);
    vm.start(RunForm.of(Preset.byId("seed"), "h2-naive").toRunConfig());
    assertFalse(vm.replayingProperty().get());
    assertEquals(RunState.RUNNING, vm.stateProperty().get());
    assertTrue(vm.cards().cards().isEmpty());
  }

  /** A 0.2 s h1-like recording: three unplugs, one failed request each, then a replug. */
  Path shortRecording() throws Exception {
    Path f = dir.resolve("short.blastrec");
    io.blastradius.core.record.RecordingWriter w = io.blastradius.core.record.RecordingWriter.open(f,
        io.blastradius.core.record.Samples.header());
    w.accept(new Event.RunStarted(0, "h1", "seed"));
    long id = 0;
    for (int c = 1; c <= 3; c++) {
      long t0 = (c - 1) * 60 * MS;
      w.accept(new Event.FlowOpened(t0, c, 40000 + c));
      w.accept(new Event.ConnectionDialed(t0, c, io.blastradius.core.policy.Protocol.H1));
      w.accept(new Event.ConnectionReady(t0, c, 40000 + c, 1));
      for (int i = 0; i < 20; i++) {
        long t = t0 + i * MS;
        w.accept(new Event.RequestStarted(t, ++id, 0));
        w.accept(new Event.RequestAssigned(t, id, c, 0));
        w.accept(new Event.RequestFinished(t + 100_000, id, c, 0, io.blastradius.core.event.Outcome.OK, null, 100_000));
      }
      w.accept(new Event.FlowFaulted(t0 + 30 * MS, c, io.blastradius.core.event.Fault.UNPLUG, ""));
      w.accept(new Event.RequestStarted(t0 + 30 * MS, ++id, 0));
      w.accept(new Event.RequestAssigned(t0 + 30 * MS, id, c, 0));
      w.accept(new Event.RequestFinished(t0 + 40 * MS, id, c, 0, io.blastradius.core.event.Outcome.TIMEOUT, "timeout", 10 * MS));
      w.accept(new Event.ConnectionClosed(t0 + 40 * MS, c, io.blastradius.core.event.CloseReason.REQUEST_ABORTED, ""));
    }
    w.accept(new Event.FlowFaulted(190 * MS, 3, io.blastradius.core.event.Fault.REPLUG, ""));
    w.accept(new Event.RunFinished(200 * MS, false));
    w.close();
    return f;
  }

  @Test
  void faultJumpsWorkOnAFifthOfASecondAndReadInMilliseconds() throws Exception {
    assertTrue(vm.openRecording(shortRecording(), "short.blastrec").get());
    assertEquals(0.2, vm.replayEndProperty().get(), 1e-9);
    List<Long> landed = new java.util.ArrayList<>();
    while (vm.jumpFault(+1)) {
      vm.tick(landed.size() * 16 * MS);
      landed.add(vm.replayShownT());
    }
    // Just after each fault (10 ms: a twentieth of the recording), never at its end.
    assertEquals(List.of(40 * MS, 100 * MS, 160 * MS, 200 * MS), landed);
    assertEquals(3, vm.snapshotProperty().get().totals().failed());
    assertTrue(vm.jumpFault(-1));
    vm.tick(S);
    assertEquals(160 * MS, vm.replayShownT());
    assertEquals("0.160 s / 0.200 s", vm.elapsedTextProperty().get(), "the readout resolves milliseconds");
    var lanes = vm.charts().frameProperty().get().lanes();
    assertEquals(MS, lanes.widthNanos(), "millisecond buckets for a sub-second recording");
    assertEquals(1, lanes.lanes().size(), "h1's churn reuses one lane");
    assertEquals(3, lanes.lanes().get(0).carried());
    assertEquals(3, lanes.failedTotal(), "one red mark per unplug");
  }

  @Test
  void slowMotionPlaysAHundredthOfTheRecordedPace() throws Exception {
    assertTrue(vm.openRecording(shortRecording(), "short.blastrec").get());
    vm.replaySpeedProperty().set(0.01);
    vm.togglePlay();
    vm.tick(S);
    vm.tick(2 * S); // a second of wall time: 10 ms of run time
    assertEquals(10 * MS, vm.replayShownT());
    vm.tick(22 * S);
    assertEquals(200 * MS, vm.replayShownT());
    assertFalse(vm.playingProperty().get());
    assertNotNull(vm.scorecardProperty().get(), "at the end: the recording's scorecard");
    assertEquals(3, vm.scorecardProperty().get().failed());
  }

  @Test
  void atItsEndARecordingExportsItsScorecardAsCsvAndItsRequestsAsHar() throws Exception {
    assertTrue(vm.openRecording(SAMPLE, "sample").get());
    assertNull(vm.scorecardProperty().get(), "no scorecard before the end");
    assertNull(vm.exportCsv(dir.resolve("early.csv")).get());
    assertTrue(vm.messageProperty().get().startsWith("No scorecard yet"));
    scrubTo(Math.round(vm.replayEndProperty().get() * 1e9), 0);
    assertEquals(RecordingReader.read(SAMPLE).summary().failed(), vm.scorecardProperty().get().failed(),
        "the Live tab's scorecard is the recording's own");
    Path csv = vm.exportCsv(dir.resolve("score.csv")).get();
    List<String> lines = Files.readAllLines(csv);
    assertEquals(2, lines.size());
    assertTrue(lines.get(1).startsWith("h2-naive,"), lines.get(1));
    Path har = vm.exportHar(dir.resolve("run.har")).get();
    String json = Files.readString(har);
    assertTrue(json.contains("\"entries\""), "a HAR log");
    assertTrue(vm.messageProperty().get().startsWith("Wrote the HAR to "), vm.messageProperty().get());
  }

  @Test
  void exportingToAnUnwritablePlaceIsOneMessageAndADialog() throws Exception {
    assertTrue(vm.openRecording(SAMPLE, "sample").get());
    Path target = dir.resolve("no-such-dir").resolve("run.har");
    assertNull(vm.exportHar(target).get());
    assertTrue(vm.messageProperty().get().startsWith("Could not write the HAR to " + target), vm.messageProperty().get());
    assertNotNull(vm.openErrorProperty().get());
  }
}
