package io.blastradius.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The soak bench's plumbing on a short run: rows every sample, counts that move, the summary line. */
@Timeout(120)
class SoakBenchTest {
  @Test
  void aShortSoakPrintsARowPerSampleAndASummary() {
    CliRun r = CliRun.of(new BenchCommand(), "--soak", "3s", "--soak-sample", "1s", "--soak-policy", "h1",
        "--soak-workers", "2", "--soak-timeout", "1s", "--soak-unplug-every", "0");
    assertEquals(0, r.code(), r.err());
    List<String> rows = r.out().lines().toList();
    assertTrue(rows.get(0).trim().startsWith("t(s)"), r.out());
    List<String> samples = rows.stream().filter(l -> l.trim().matches("\\d+ .*")).toList();
    assertTrue(samples.size() >= 3, "one row at the start and one per second: " + r.out());
    String[] last = samples.get(samples.size() - 1).trim().split("\\s+");
    assertTrue(Long.parseLong(last[1]) > 0, "requests succeeded: " + r.out());
    assertTrue(Long.parseLong(last[7]) > 0, "open fds sampled: " + r.out());
    assertTrue(rows.get(rows.size() - 1).startsWith("after warm-up"), r.out());
  }

  @Test
  void badSoakValuesAreOneLine() {
    java.io.StringWriter err = new java.io.StringWriter();
    int code = Cli.commandLine(new java.io.PrintWriter(new java.io.StringWriter()), new java.io.PrintWriter(err))
        .execute("bench", "--soak", "1s", "--soak-workers", "0");
    assertEquals(2, code);
    assertEquals("blastradius: --soak-workers must be >= 1, not 0" + System.lineSeparator(), err.toString());
  }
}
