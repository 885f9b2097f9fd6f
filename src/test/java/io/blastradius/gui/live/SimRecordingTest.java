package io.blastradius.gui.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.blastradius.core.record.RecordingReader;
import io.blastradius.core.run.Engine;
import io.blastradius.gui.ScriptedRun;
import io.blastradius.gui.form.RunForm;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A recording saved from the window says which engine made it: a simulated run (the guided demo's
 * default, which starts its steps this way) is saved with {@code "engine":"sim"} in its header, and
 * the replay's status line says so; a real run stays {@code real}.
 */
class SimRecordingTest {
  @TempDir Path dir;
  @TempDir Path out;
  final ScriptedRun.Starter starter = new ScriptedRun.Starter();

  LiveRunViewModel vm() {
    return new LiveRunViewModel(starter, ScriptedRun.DIRECT, ScriptedRun.DIRECT, Recorder.temp(dir));
  }

  static String engineOf(Path f) throws Exception {
    try (RecordingReader r = RecordingReader.open(f)) {
      return r.header().engine();
    }
  }

  @Test
  void aSimulatedRunIsSavedAsSimAndItsReplaySaysSo() throws Exception {
    LiveRunViewModel vm = vm();
    vm.start(RunForm.demoSeed("h2-naive").toRunConfig(), Engine.SIM).get();
    assertEquals(LiveRunViewModel.RunState.FINISHED, vm.stateProperty().get());
    assertTrue(starter.runs.isEmpty(), "the simulation ran, not the real starter");
    Path saved = out.resolve("sim.blastrec");
    assertEquals(saved, vm.saveRecording(saved).get());
    assertEquals("sim", engineOf(saved));

    assertTrue(vm.openRecording(saved, "sim.blastrec").get());
    assertTrue(vm.messageProperty().get().contains("h2-naive · seed · simulated engine (virtual time)"),
        vm.messageProperty().get());
  }

  @Test
  void aRealRunIsSavedAsReal() throws Exception {
    LiveRunViewModel vm = vm();
    vm.start(SaveCaptureTest.config());
    starter.last().done.complete(null);
    Path saved = out.resolve("real.blastrec");
    assertNotNull(vm.saveRecording(saved).get());
    assertEquals("real", engineOf(saved));
    assertTrue(vm.openRecording(saved, "real.blastrec").get());
    assertTrue(!vm.messageProperty().get().contains("simulated"), vm.messageProperty().get());
  }

  /** The guided demo on its default (simulated) engine: its last step's recording is saved as sim. */
  @Test
  void theSimulatedDemosRunIsSavedAsSim() throws Exception {
    LiveRunViewModel vm = vm();
    io.blastradius.gui.demo.DemoViewModel demo = new io.blastradius.gui.demo.DemoViewModel(vm, f -> {});
    assertTrue(demo.simulatedProperty().get());
    demo.start();
    while (!demo.nextTextProperty().get().startsWith("Run ")) demo.next();
    demo.next(); // runs h1, simulated, to its end
    assertTrue(starter.runs.isEmpty(), "nothing went to the real engine");
    Path saved = out.resolve("demo.blastrec");
    assertEquals(saved, vm.saveRecording(saved).get());
    assertEquals("sim", engineOf(saved));
    demo.exit();
  }
}
