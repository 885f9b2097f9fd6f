package io.blastradius.gui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.blastradius.core.live.LiveSnapshot;
import io.blastradius.core.record.Recording;
import io.blastradius.core.record.RecordingReader;
import io.blastradius.gui.LiveRunViewModel.RunState;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A recording played through the live view: the same fold, the same numbers as its scorecard. */
class ReplayTest {
  static final Path SAMPLE = Path.of("assets/recordings/seed-h2-naive.blastrec");

  final LiveRunViewModel vm = new LiveRunViewModel(new ScriptedRun.Starter(), ScriptedRun.DIRECT, ScriptedRun.DIRECT);

  @Test
  void anInstantReplayShowsTheRecordingsFinalNumbers() throws Exception {
    Recording rec = RecordingReader.read(SAMPLE);
    LiveSnapshot s = vm.replay(SAMPLE, ReplayRun.INSTANT).get(30, TimeUnit.SECONDS);
    assertEquals(RunState.FINISHED, vm.stateProperty().get());
    assertTrue(vm.replayingProperty().get());
    assertNull(vm.config(), "a replay has no run configuration");
    assertEquals(rec.summary().requests(), s.totals().requests());
    assertEquals(rec.summary().failed(), s.totals().failed());
    assertEquals(rec.summary().unplugs(), s.totals().unplugs());
    assertEquals(rec.summary().connectionsOpened(), s.totals().connectionsOpened());
    assertEquals("h2-naive", s.policy());
    assertFalse(vm.cards().cards().isEmpty(), "the recording's connections are shown");
    assertTrue(vm.messageProperty().get().startsWith("Finished replay of recording seed-h2-naive.blastrec"),
        vm.messageProperty().get());
  }

  @Test
  void aRecordingsFlowsCannotBeChanged() throws Exception {
    vm.replay(SAMPLE, ReplayRun.INSTANT).get(30, TimeUnit.SECONDS);
    vm.toggleUnplug(vm.cards().cards().get(0));
    assertEquals("This is a recording: its flows cannot be unplugged, replugged or reset.", vm.messageProperty().get());
  }

  @Test
  void aMissingFileIsReportedNotThrown() {
    vm.replay(Path.of("no-such.blastrec"), ReplayRun.INSTANT);
    assertEquals(RunState.FAILED, vm.stateProperty().get());
    assertTrue(vm.messageProperty().get().startsWith("Could not open the recording:"), vm.messageProperty().get());
  }

  @Test
  void aPacedReplayKeepsTheRecordedOrderAndEnds() throws Exception {
    // The sample lasts seconds; at 1,000x it plays in milliseconds, through the paced path.
    LiveSnapshot s = vm.replay(SAMPLE, 1_000).get(30, TimeUnit.SECONDS);
    assertEquals(RecordingReader.read(SAMPLE).summary().failed(), s.totals().failed());
  }
}
