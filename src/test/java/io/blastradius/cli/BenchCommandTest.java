package io.blastradius.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(120)
class BenchCommandTest {
  @TempDir Path dir;

  @Test
  void withoutRecordingTheTableIsUnchanged() {
    CliRun r = CliRun.of(new BenchCommand(), "--policy", "h1", "--requests", "200", "--warmup", "0", "--rounds", "1");
    assertEquals(0, r.code(), r.err());
    String[] lines = r.out().split("\n");
    assertEquals(2, lines.length, r.out());
    assertEquals(String.format("%-14s %10s %10s %12s %10s", "policy", "requests", "seconds", "req/s", "vs Go h1"), lines[0]);
    assertTrue(lines[1].matches("h1 +200 +\\d+\\.\\d{3} +\\d+ +\\d+\\.\\d\\dx"), lines[1]);
  }

  @Test
  void recordingMeasuresBothModesAndLeavesNoFileBehind() throws Exception {
    BenchCommand bench = new BenchCommand();
    bench.tempDir = dir;
    CliRun r = CliRun.of(bench, "--recording", "--policy", "h1,h2-naive", "--requests", "300", "--warmup", "100", "--rounds", "2");
    assertEquals(0, r.code(), r.err());
    String[] lines = r.out().split("\n");
    assertEquals(3, lines.length, r.out());
    assertTrue(lines[0].matches("policy +requests +off req/s +on req/s +on/off +off cpu us +on cpu us +bytes/ev +close ms"), lines[0]);
    for (int i = 1; i < 3; i++) {
      String[] cols = lines[i].trim().split(" +");
      assertEquals(i == 1 ? "h1" : "h2-naive", cols[0]);
      assertEquals("300", cols[1]);
      double off = Double.parseDouble(cols[2]);
      double on = Double.parseDouble(cols[3]);
      assertEquals(on / off, Double.parseDouble(cols[4]), 0.002, lines[i]);
      double bytesPerEvent = Double.parseDouble(cols[7]);
      assertTrue(bytesPerEvent > 3 && bytesPerEvent < 60, lines[i]);
    }
    try (Stream<Path> left = Files.list(dir)) {
      assertEquals(0, left.count(), "the temporary recordings are deleted");
    }
  }

  @Test
  void aBenchStoppedBySigtermLeavesNoRecordingInTheTempDirectory() throws Exception {
    io.blastradius.core.testutil.JavaProcess p = io.blastradius.core.testutil.JavaProcess.start(dir,
        java.util.List.of("-Djava.io.tmpdir=" + dir), io.blastradius.Launcher.class,
        "bench", "--recording", "--policy", "h1", "--requests", "10000000", "--warmup", "10000000", "--rounds", "1");
    io.blastradius.core.testutil.Waits.until("the bench's temporary recording", java.time.Duration.ofSeconds(60),
        () -> benchFiles() > 0);
    p.process().destroy(); // SIGTERM, mid-run
    assertTrue(p.await(java.time.Duration.ofSeconds(60)) != 0, "stopped, not finished");
    assertEquals(0, benchFiles(), "the temporary recording is deleted");
  }

  private long benchFiles() {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(f -> f.getFileName().toString().startsWith("blastradius-bench-")).count();
    } catch (java.io.IOException e) {
      return 0;
    }
  }
}
