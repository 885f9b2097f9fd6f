package io.blastradius.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A compare whose runs stall ends like a stalled run: every scorecard printed, the stall named on
 * stderr, exit 3. In a child JVM, because the stall limit is a system property
 * ({@code -Dblastradius.stallAfter=}), which a test must not set in the shared test JVM.
 */
@Timeout(180)
class CompareStallTest {
  @TempDir Path dir;

  @Test
  void aStalledCompareExitsThreeWithItsScorecards() throws Exception {
    // The handler takes 20 s and a request may wait 30 s: no request ends within the 300 ms limit.
    Path scenario = Files.writeString(dir.resolve("stuck.json"), """
        {"name": "stuck", "description": "a handler slower than the stall limit",
         "requests": 4, "workers": 1, "timeout": "30s", "server": {"delay": "20s"}}
        """);
    String java = ProcessHandle.current().info().command().orElse("java");
    Path out = dir.resolve("out.txt");
    Path err = dir.resolve("err.txt");
    Process p = new ProcessBuilder(java, "-Dblastradius.stallAfter=300ms", "-cp", System.getProperty("java.class.path"),
        "io.blastradius.Launcher", "compare", "--scenario", scenario.toString(), "--policy", "h1,h2-naive",
        "--warmup", "0")
        .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    try {
      assertTrue(p.waitFor(150, TimeUnit.SECONDS), "compare ended");
      String stdout = Files.readString(out);
      String stderr = Files.readString(err);
      assertEquals(RunCommand.STALLED, p.exitValue(), "exit code\n" + stdout + stderr);
      // The side-by-side table: one column per policy, with what each did before it was stopped.
      assertTrue(stdout.lines().anyMatch(l -> l.trim().matches("h1\\s+h2-naive")), "both columns:\n" + stdout);
      assertTrue(stdout.lines().anyMatch(l -> l.matches("cancelled\\s+1\\s+1")), "both results:\n" + stdout);
      assertTrue(stderr.contains("blastradius: h1 stalled: no request ended for 300ms"), stderr);
      assertTrue(stderr.contains("blastradius: h2-naive stalled: no request ended for 300ms"), stderr);
    } finally {
      p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }
}
