package io.blastradius.gui.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.blastradius.core.load.FaultPlan;
import io.blastradius.core.load.LoadConfig;
import io.blastradius.core.policy.PolicySpec;
import io.blastradius.core.record.RecordingWriter;
import io.blastradius.core.run.RunConfig;
import io.blastradius.core.server.ServerConfig;
import io.blastradius.core.testutil.Waits;
import io.blastradius.core.util.TempFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The window's live-run recordings: named after their process, cleaned once it is gone. */
class StaleRecordingsTest {
  @TempDir Path dir;

  List<String> files() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  /** The id of a process that has ended (a child we started and waited for). */
  static long deadPid() throws Exception {
    Process p = new ProcessBuilder("true").start();
    assertEquals(0, p.waitFor());
    return p.pid();
  }

  @Test
  void startingARecorderRemovesTheRecordingsOfDeadProcessesOnly() throws Exception {
    long dead = deadPid();
    long me = ProcessHandle.current().pid();
    Files.writeString(dir.resolve("blastradius-run-" + dead + "-123.blastrec"), "left by a killed window");
    Files.writeString(dir.resolve("blastradius-run-" + me + "-456.blastrec"), "this window's");
    Files.writeString(dir.resolve("blastradius-run-789.blastrec"), "no process id: not ours to judge");
    Files.writeString(dir.resolve("notes.txt"), "unrelated");

    Recorder.temp(dir); // sweeps on a background thread
    Waits.until("the stale recording removed", Duration.ofSeconds(10),
        () -> !Files.exists(dir.resolve("blastradius-run-" + dead + "-123.blastrec")));
    assertEquals(Stream.of("blastradius-run-" + me + "-456.blastrec", "blastradius-run-789.blastrec", "notes.txt").sorted().toList(), files());
    assertEquals(List.of(), TempFiles.sweepDeadProcesses(dir, Recorder.PREFIX, Recorder.SUFFIX), "nothing more is stale");
  }

  @Test
  void aLiveRunsRecordingCarriesThePidAndIsDeletedWhenDiscarded() throws Exception {
    Recorder r = Recorder.temp(dir);
    RunConfig config = RunConfig.of("t", PolicySpec.of("h1"), LoadConfig.sequential(1, Duration.ofSeconds(1)),
        ServerConfig.defaults(), FaultPlan.none());
    RecordingWriter w = r.open(config);
    w.close();
    String name = w.file().getFileName().toString();
    assertTrue(name.matches("blastradius-run-" + ProcessHandle.current().pid() + "-\\d+\\.blastrec"), name);
    assertTrue(TempFiles.isRegistered(w.file()), "deleted at exit if the window closes first");
    r.discard(w.file());
    assertEquals(List.of(), files());
  }
}
