package io.blastradius.gui.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.blastradius.core.load.FaultPlan;
import io.blastradius.core.load.LoadConfig;
import io.blastradius.core.policy.PolicySpec;
import io.blastradius.core.run.RunConfig;
import io.blastradius.core.server.ServerConfig;
import io.blastradius.core.util.TempFiles;
import io.blastradius.gui.ScriptedRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Run → Save capture…: every live run captures into a temporary pcap, and saving copies the last
 * ended run's capture where the user chose, never replacing a file the user did not agree to.
 */
class SaveCaptureTest {
  @TempDir Path dir;
  @TempDir Path out;
  final ScriptedRun.Starter starter = new ScriptedRun.Starter();

  static RunConfig config() {
    return RunConfig.of("t", PolicySpec.of("h2-naive"), LoadConfig.sequential(10, Duration.ofSeconds(1)),
        ServerConfig.defaults(), FaultPlan.none());
  }

  LiveRunViewModel vm() {
    return new LiveRunViewModel(starter, ScriptedRun.DIRECT, ScriptedRun.DIRECT, Recorder.temp(dir));
  }

  /** What the fault proxy would write: the run's capture file, appearing while it runs. */
  static Path wrote(ScriptedRun run, String bytes) throws Exception {
    Path pcap = run.config.wire().pcap();
    Files.writeString(pcap, bytes);
    return pcap;
  }

  @Test
  void aLiveRunCapturesToATemporaryPcapThatSaveCopiesOnceItHasEnded() throws Exception {
    LiveRunViewModel vm = vm();
    assertTrue(vm.lastRunCaptureProperty().get() == null);
    assertNull(vm.saveCapture(out.resolve("none.pcap"), false).get(), "nothing before a run");
    assertTrue(vm.messageProperty().get().startsWith("Nothing to save yet"), vm.messageProperty().get());

    vm.start(config());
    ScriptedRun run = starter.last();
    Path pcap = run.config.wire().pcap();
    assertNotNull(pcap, "the run was asked to capture");
    assertEquals(dir, pcap.getParent());
    assertTrue(pcap.getFileName().toString().startsWith(Recorder.CAPTURE_PREFIX + ProcessHandle.current().pid() + "-"));
    assertTrue(pcap.getFileName().toString().endsWith(".pcap"));
    assertFalse(Files.exists(pcap), "the capture creates its own file");
    assertTrue(TempFiles.isRegistered(pcap), "deleted at exit unless saved");
    assertNull(vm.lastRunCaptureProperty().get(), "not offered while the run goes");
    wrote(run, "first run's packets");
    run.done.complete(null);
    assertEquals(pcap, vm.lastRunCaptureProperty().get());

    Path target = out.resolve("run.pcap");
    assertEquals(target, vm.saveCapture(target, false).get());
    assertEquals("first run's packets", Files.readString(target));
    assertTrue(vm.messageProperty().get().startsWith("Saved the last run's capture"), vm.messageProperty().get());
    assertTrue(Files.exists(pcap), "the temporary capture stays offered");
  }

  @Test
  void anExistingFileIsReplacedOnlyWhenTheUserAgreed() throws Exception {
    LiveRunViewModel vm = vm();
    vm.start(config());
    wrote(starter.last(), "packets");
    starter.last().done.complete(null);
    Path target = out.resolve("mine.pcap");
    Files.writeString(target, "the user's own file");
    assertNull(vm.saveCapture(target, false).get());
    assertEquals("the user's own file", Files.readString(target), "not overwritten silently");
    assertTrue(vm.messageProperty().get().contains("already exists"), vm.messageProperty().get());
    assertTrue(vm.openErrorProperty().get().contains("already exists"), "a dialog says so");

    assertEquals(target, vm.saveCapture(target, true).get());
    assertEquals("packets", Files.readString(target));
  }

  @Test
  void theNextRunsCaptureReplacesTheLastAndTheOldTemporaryFileGoes() throws Exception {
    LiveRunViewModel vm = vm();
    vm.start(config());
    Path first = wrote(starter.last(), "one");
    starter.last().done.complete(null);
    vm.start(config());
    Path second = wrote(starter.last(), "two");
    assertFalse(first.equals(second));
    assertEquals(first, vm.lastRunCaptureProperty().get(), "the last ended run's, until the next ends");
    starter.last().done.complete(null);
    assertEquals(second, vm.lastRunCaptureProperty().get());
    assertFalse(Files.exists(first), "the earlier temporary capture is deleted");
    assertFalse(TempFiles.isRegistered(first));
  }

  @Test
  void aRunThatWroteNoCaptureOffersNoneAndLeavesNoTemporaryFile() throws Exception {
    LiveRunViewModel vm = vm();
    vm.start(config());
    Path pcap = starter.last().config.wire().pcap();
    starter.last().done.complete(null); // ended before any flow (the file never made)
    assertNull(vm.lastRunCaptureProperty().get());
    assertFalse(TempFiles.isRegistered(pcap));
    try (var s = Files.list(dir)) {
      assertEquals(0, s.filter(p -> p.getFileName().toString().startsWith(Recorder.CAPTURE_PREFIX)).count());
    }
  }

  @Test
  void aRunThatAlreadyCapturesWhereItWasToldKeepsItsFile() throws Exception {
    LiveRunViewModel vm = vm();
    Path own = out.resolve("asked.pcap");
    vm.start(config().withWire(config().wire().withPcap(own)));
    assertEquals(own, starter.last().config.wire().pcap());
  }
}
