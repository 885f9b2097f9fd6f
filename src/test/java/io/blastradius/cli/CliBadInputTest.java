package io.blastradius.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input is one line on stderr and exit 2, found before the warm-up and the first run: no
 * finished run is thrown away for a problem that was visible from the start.
 */
@Timeout(120)
class CliBadInputTest {
  @TempDir Path dir;

  record Result(int code, String out, String err) {}

  static Result exec(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Cli.commandLine(new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
    return new Result(code, out.toString(), err.toString());
  }

  /** Exit 2, exactly one line naming the problem, nothing on stdout, no run started. */
  static void assertRefused(Result r, String line) {
    assertEquals(Cli.BAD_INPUT, r.code(), r.err());
    assertEquals("blastradius: " + line + System.lineSeparator(), r.err());
    assertEquals("", r.out());
  }

  List<String> files() throws Exception {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void countsBeyondTheirRangeSayTheRange() {
    assertRefused(exec("run", "--requests", "2147483648"), "--requests must be between 0 and 1000000000, not 2147483648");
    assertRefused(exec("run", "--workers", "100000"), "--workers must be between 1 and 512, not 100000");
    assertRefused(exec("run", "--io-threads", "100000"), "--io-threads must be between 1 and 64, not 100000");
    assertRefused(exec("run", "--warmup", "10000000000"), "--warmup must be between 0 and 1000000000, not 10000000000");
    assertRefused(exec("compare", "--scenario", "seed", "--requests", "1000000000000"),
        "--requests must be between 0 and 1000000000, not 1000000000000");
    assertRefused(exec("compare", "--scenario", "seed", "--io-threads", "0"), "--io-threads must be between 1 and 64, not 0");
    assertRefused(exec("bench", "--requests", "2147483648"), "--requests must be between 1 and 1000000000, not 2147483648");
  }

  @Test
  void aScenarioOfATrillionRequestsIsRefusedByField() throws Exception {
    Path f = Files.writeString(dir.resolve("huge.json"), "{\"name\":\"huge\",\"requests\":1000000000000}");
    assertRefused(exec("compare", "--scenario", f.toString(), "--warmup", "0"),
        f + ": field 'requests': must be <= 1000000000 (allowed: 0..1000000000), not 1000000000000");
  }

  @Test
  void compareChecksEveryPolicysScenarioParametersBeforeTheFirstRun() throws Exception {
    Path f = Files.writeString(dir.resolve("bad.json"),
        "{\"name\":\"bad\",\"requests\":50,\"timeout\":\"1s\",\"policyParams\":{\"h2-interval-ping\":\"period=0ms\"}}");
    Result r = exec("compare", "--scenario", f.toString(), "--policy", "h1,h2-naive,h2-interval-ping", "--warmup", "0");
    assertEquals(Cli.BAD_INPUT, r.code(), r.err());
    assertFalse(r.err().contains("running"), "no policy ran first: " + r.err());
    assertTrue(r.err().startsWith("blastradius: " + f + ": field 'policyParams.h2-interval-ping': policy h2-interval-ping"), r.err());
    assertEquals(1, r.err().lines().count(), r.err());
  }

  @Test
  void runChecksEveryRecordingBeforeTheFirstRun() throws Exception {
    Path x = dir.resolve("x.blastrec");
    assertRefused(exec("run", "--policy", "h1,h1", "--requests", "20", "--timeout", "1s", "--warmup", "0", "--record", x.toString()),
        "two runs would record to " + dir.resolve("x-h1.blastrec") + ": each policy needs its own file (is a policy named twice?)");
    assertEquals(List.of(), files(), "nothing recorded");

    Path taken = Files.writeString(dir.resolve("x-h2-naive.blastrec"), "an earlier run");
    assertRefused(exec("run", "--policy", "h1,h2-naive", "--requests", "20", "--timeout", "1s", "--warmup", "0", "--record", x.toString()),
        taken + " already exists: choose another name or delete it");
    assertEquals(List.of("x-h2-naive.blastrec"), files(), "h1 did not run and record first");
    assertEquals("an earlier run", Files.readString(taken));

    Path nowhere = dir.resolve("no/such/x.blastrec");
    assertRefused(exec("compare", "--scenario", "seed", "--policy", "h1", "--warmup", "0", "--record", nowhere.toString()),
        "--record " + nowhere + ": the folder " + dir.resolve("no/such") + " does not exist");
  }

  @Test
  void replayReportsAFlippedChecksumByte() throws Exception {
    Path f = io.blastradius.core.record.Samples.record(dir.resolve("w.blastrec"),
        io.blastradius.core.score.SyntheticRun.events(2_000, 500, 3));
    byte[] bytes = Files.readAllBytes(f);
    bytes[bytes.length - 7] ^= 0x10; // in the gzip trailer's CRC-32
    Files.write(f, bytes);
    CliRun r = CliRun.of(new ReplayCommand(), f.toString());
    assertEquals(2, r.code(), r.out());
    assertTrue(r.err().startsWith("replay: " + f + " is damaged (its gzip checksum does not match: a byte changed after it"
        + " was written) ("), r.err());
    assertTrue(r.err().endsWith("events read): its scorecard cannot be trusted" + System.lineSeparator()), r.err());
  }
}
