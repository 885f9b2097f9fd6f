package io.blastradius.gui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.blastradius.core.clients.ExternalClient;
import io.blastradius.core.live.ConnState;
import io.blastradius.core.load.FaultPlan;
import io.blastradius.core.load.LoadConfig;
import io.blastradius.core.policy.PolicySpec;
import io.blastradius.core.record.Recording;
import io.blastradius.core.record.RecordingHeader;
import io.blastradius.core.record.RecordingReader;
import io.blastradius.core.record.RecordingWriter;
import io.blastradius.core.run.RunConfig;
import io.blastradius.core.server.DelayModel;
import io.blastradius.core.server.ServerConfig;
import io.blastradius.gui.live.CardViewModel;
import io.blastradius.gui.live.LiveRunViewModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * An external program's run ({@code --client-cmd}), recorded, in the window: its connection's card
 * goes UNPLUGGED at the scheduled fault and the requests read off the wire fill the same totals as
 * any client's.
 */
@Tag("interop")
@Timeout(60)
class ClientCmdReplayTest {
  @TempDir Path dir;

  @Test
  void curlsCascadeOnItsDeadConnectionReplaysOnTheCards() throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/curl")), "needs curl (installed by .ci/run)");
    // curl reusing one HTTP/2 connection (h2c Upgrade) for 8 transfers; request 4 meets the unplug.
    String cmd = "sh -c 'exec curl -s --http2 --max-time 2" + " \"$0\"".repeat(8) + "' {url}";
    RunConfig config = RunConfig.of("cli", PolicySpec.of("h1"), LoadConfig.sequential(8, Duration.ofSeconds(1)),
        new ServerConfig("127.0.0.1", 0, 250, DelayModel.fixed(Duration.ZERO), null), FaultPlan.unplugEvery(8));
    Path rec = dir.resolve("curl.blastrec");
    try (RecordingWriter writer = RecordingWriter.open(rec, RecordingHeader.forRun("cli", "cmd: " + cmd, Instant.now()))) {
      ExternalClient.run(cmd, config, writer, Duration.ofSeconds(5), Duration.ofSeconds(30));
    }
    Recording recording = RecordingReader.read(rec);
    assertEquals(4, recording.summary().failed(), recording.summary().toString());

    LiveRunViewModel vm = new LiveRunViewModel(new ScriptedRun.Starter(), ScriptedRun.DIRECT, ScriptedRun.DIRECT);
    assertTrue(vm.openRecording(rec, "curl.blastrec").get());
    assertEquals(1, vm.unplugMarks().size(), "the scheduled unplug on the replay timeline");
    long unpluggedAt = vm.unplugMarks().get(0).t();
    vm.replayPositionProperty().set((unpluggedAt + 100_000_000L) / 1e9); // 0.1 s after it
    vm.tick(1);
    CardViewModel card = vm.cards().cards().stream().filter(c -> c.stateProperty().get() == ConnState.UNPLUGGED)
        .findFirst().orElseThrow(() -> new AssertionError("curl's connection is shown unplugged"));
    assertEquals(4, vm.snapshotProperty().get().connection(card.connId()).ok(), "the four answered before the unplug, on it");
    vm.replayPositionProperty().set(vm.replayEndProperty().get());
    vm.tick(2);
    assertEquals(recording.summary().failed(), vm.snapshotProperty().get().totals().failed(), "the end shows the run's scorecard");
    assertEquals(8, vm.snapshotProperty().get().totals().requests());
  }
}
