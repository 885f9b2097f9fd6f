package io.blastradius.gui;

import io.blastradius.gui.compare.Scorer;
import io.blastradius.gui.form.Preset;
import io.blastradius.gui.form.RunForm;
import io.blastradius.gui.live.Recorder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.blastradius.core.event.Event;
import io.blastradius.core.policy.Protocol;
import io.blastradius.core.record.Recording;
import io.blastradius.core.record.RecordingReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.prefs.Preferences;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Save recording…, Recent files and the shipped sample, through the window's model: no toolkit. */
class RecordingFilesTest {
  static final long MS = 1_000_000L;

  @TempDir Path dir;
  final ScriptedRun.Starter starter = new ScriptedRun.Starter();
  final Preferences node = Preferences.userRoot().node("io/blastradius/files-" + UUID.randomUUID());

  WorkbenchModel model(Recorder recorder) {
    WorkbenchModel m = new WorkbenchModel(starter, Scorer.standard(), ScriptedRun.DIRECT, ScriptedRun.DIRECT, recorder);
    new WorkbenchPrefs(node).bind(m);
    return m;
  }

  @AfterEach
  void removeNode() throws Exception {
    node.removeNode();
  }

  @Test
  void aLiveRunIsRecordedAsItGoesAndSaveCopiesIt() throws Exception {
    WorkbenchModel m = model(Recorder.temp(dir));
    assertNull(m.live().lastRunRecordingProperty().get());
    Path target = dir.resolve("mine.blastrec");
    assertNull(m.saveRecording(target).get(), "nothing to save before a run");
    assertTrue(m.live().messageProperty().get().startsWith("Nothing to save yet"));

    m.start();
    ScriptedRun r = starter.last();
    r.emit(new Event.FlowOpened(0, 1, 40000), new Event.ConnectionDialed(0, 1, Protocol.H2),
        new Event.ConnectionReady(0, 1, 40000, 250), new Event.RequestStarted(MS, 1, 0),
        new Event.FlowFaulted(2 * MS, 1, io.blastradius.core.event.Fault.UNPLUG, "hold"));
    assertNull(m.live().lastRunRecordingProperty().get(), "not offered while the run goes");
    r.at(3 * MS).done.complete(null);

    Path temp = m.live().lastRunRecordingProperty().get();
    assertNotNull(temp, "the ended run's recording is ready");
    assertEquals(target, m.saveRecording(target).get());
    Recording saved = RecordingReader.read(target); // strict: complete, with its summary
    assertEquals(5, saved.events().size());
    assertEquals("h2-naive", saved.header().policy());
    assertEquals(List.of(target.toAbsolutePath()), m.recent().files(), "a saved file is a recent file");
    assertTrue(m.live().messageProperty().get().startsWith("Saved the last run's recording to "));

    // ... and it opens on the replay timeline with its unplug marked.
    assertTrue(m.openRecording(target).get());
    assertEquals(1, m.live().unplugMarks().size());

    // The next run's recording replaces the previous temporary one.
    m.start();
    starter.last().done.complete(null);
    assertFalse(Files.exists(temp), "the superseded temporary recording is deleted");
    assertNotNull(m.live().lastRunRecordingProperty().get());
  }

  @Test
  void recentFilesKeepTheLastEightNewestFirstAndSurviveARestart() throws Exception {
    WorkbenchModel m = model(Recorder.NONE);
    List<Path> files = IntStream.range(0, 10).mapToObj(i -> dir.resolve("r" + i + ".blastrec")).toList();
    for (Path f : files) m.recent().add(f);
    m.recent().add(files.get(5)); // opened again: moves to the top, no duplicate
    List<Path> want = List.of(files.get(5), files.get(9), files.get(8), files.get(7), files.get(6), files.get(4),
        files.get(3), files.get(2));
    assertEquals(want, m.recent().files());

    WorkbenchModel again = model(Recorder.NONE); // same preferences node: the next session
    assertEquals(want, again.recent().files());
  }

  @Test
  void aMissingRecentFileIsRemovedWithAMessage() throws Exception {
    WorkbenchModel m = model(Recorder.NONE);
    Path gone = dir.resolve("gone.blastrec");
    Files.copy(ReplayTest.SAMPLE, gone);
    assertTrue(m.openRecording(gone).get());
    assertEquals(List.of(gone.toAbsolutePath()), m.recent().files());
    Files.delete(gone);

    assertFalse(m.openRecording(gone).get());

    assertTrue(m.recent().files().isEmpty());
    assertTrue(m.live().messageProperty().get().contains("no longer exists, so it was removed from Recent files"),
        m.live().messageProperty().get());
    assertTrue(m.live().replayingProperty().get(), "what was open stays open");
    assertEquals(List.of(), new WorkbenchPrefsProbe(node).recent(), "and the preference is updated");
  }

  @Test
  void theShippedSampleOpensFromTheJarsResource() throws Exception {
    WorkbenchModel m = model(Recorder.NONE);
    assertTrue(m.openSample().get());
    assertTrue(m.live().replayingProperty().get());
    assertEquals(1, m.live().unplugMarks().size());
    assertTrue(m.live().messageProperty().get().startsWith("Replaying seed-h2-naive.blastrec (sample)"));
  }

  @Test
  void aRecordingPutsItsOwnScenarioAndPolicyInTheForm() throws Exception {
    WorkbenchModel m = model(Recorder.NONE);
    m.settings().load(RunForm.of(Preset.byId("concurrent"), "h1"));
    assertTrue(m.openSample().get());
    RunForm f = m.settings().form();
    assertEquals("seed", f.preset().id(), "the form shows what the recording ran, not what was there before");
    assertEquals("h2-naive", f.policy());
    assertEquals(1, f.workers());
    assertEquals(3000, f.requests());
    assertEquals(10, f.timeoutMs());
    assertEquals(1000, f.faultParam(), "unplug every 1000");
  }

  /** Reads what the preferences hold, as the next session would. */
  record WorkbenchPrefsProbe(Preferences node) {
    List<String> recent() {
      String s = node.get("recentFiles", "");
      return s.isEmpty() ? List.of() : List.of(s.split("\n"));
    }
  }
}
