package io.blastradius.core.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.blastradius.core.event.Fault;
import io.blastradius.core.load.FaultPlan;
import io.blastradius.core.policy.PolicySpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ScenarioFilesTest {

  @Test
  void everyPresetLoadsAndRoundTrips() {
    for (String name : ScenarioFiles.PRESETS) {
      Scenario s = ScenarioFiles.preset(name);
      assertEquals(name, s.name());
      assertTrue(!s.description().isBlank(), name + " explains itself");
      Scenario again = ScenarioFiles.parse(name + " (rewritten)", ScenarioFiles.write(s));
      assertEquals(s, again, name + " survives write → parse");
    }
  }

  @Test
  void seedIsTheIssuesSchedule() {
    Scenario s = ScenarioFiles.preset("seed");
    assertEquals(3000, s.load().requests());
    assertEquals(1, s.load().workers());
    assertEquals(Duration.ofMillis(10), s.load().timeout());
    assertEquals(FaultPlan.unplugEvery(1000), s.faults());
  }

  @Test
  void presetsCarryTheirDocumentedShapes() {
    assertEquals(32, ScenarioFiles.preset("concurrent").load().workers());
    assertEquals(0.3, ScenarioFiles.preset("healthy-cancel").load().cancelFraction());
    assertEquals(0.05, ScenarioFiles.preset("slow-handler").server().delay().stallFraction());
    FaultPlan.At spike = (FaultPlan.At) ScenarioFiles.preset("latency-spike").faults().steps().get(0);
    assertEquals(Fault.LATENCY, spike.fault());
    assertEquals(Duration.ofMillis(200), spike.latency());
    assertEquals(Duration.ofSeconds(2), spike.revertAfter());
    assertNotNull(ScenarioFiles.preset("strict-pings").server().pingLimit());
  }

  @Test
  void scenarioParamsApplyOnlyWhenTheUserGaveNone() {
    Scenario s = ScenarioFiles.parse("x.json", "{\"name\":\"x\",\"policyParams\":{\"h2-naive\":\"idle=5s\"}}");
    assertEquals("h2-naive:idle=5s", s.runConfig(PolicySpec.parse("h2-naive")).policy().toString());
    assertEquals("h2-naive:idle=1s", s.runConfig(PolicySpec.parse("h2-naive:idle=1s")).policy().toString());
    assertEquals("h2-naive:idle=5s+retry", s.runConfig(PolicySpec.parse("h2-naive+retry")).policy().toString());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
    "unknown field       | {\"name\":\"x\",\"requets\":5}                                   | field 'requets': unknown field",
    "nested unknown      | {\"name\":\"x\",\"server\":{\"stal\":\"1s\"}}                    | field 'server.stal': unknown field",
    "duration no unit    | {\"name\":\"x\",\"timeout\":\"10\"}                              | field 'timeout': '10' is not a duration",
    "duration as number  | {\"name\":\"x\",\"timeout\":10}                                  | field 'timeout': 10 is not a duration",
    "zero timeout        | {\"name\":\"x\",\"timeout\":\"0ms\"}                             | field 'timeout': must be more than 0",
    "negative requests   | {\"name\":\"x\",\"requests\":-1}                                 | field 'requests': must be >= 0",
    "no workers          | {\"name\":\"x\",\"workers\":0}                                   | field 'workers': must be >= 1",
    "fraction too big    | {\"name\":\"x\",\"cancelFraction\":1.5}                          | field 'cancelFraction': must be between 0 and 1",
    "missing name        | {\"requests\":5}                                               | field 'name': required",
    "bad fault           | {\"name\":\"x\",\"faults\":[{\"type\":\"at\",\"request\":1,\"fault\":\"melt\"}]} | field 'faults[0].fault': 'melt' is not a fault",
    "fault past the end  | {\"name\":\"x\",\"requests\":10,\"faults\":[{\"type\":\"at\",\"request\":10,\"fault\":\"unplug\"}]} | field 'faults[0].request': 10 is past the last request",
    "unplug-every zero   | {\"name\":\"x\",\"faults\":[{\"type\":\"unplug-every\",\"every\":0}]} | field 'faults[0].every': must be >= 1",
    "latency w/o value   | {\"name\":\"x\",\"faults\":[{\"type\":\"at\",\"request\":1,\"fault\":\"latency\"}]} | field 'faults[0].latency': required",
    "stall without time  | {\"name\":\"x\",\"server\":{\"stallFraction\":0.1}}              | field 'server.stall': must be more than 0",
    "not json            | {\"name\":                                                     | not valid JSON",
  })
  void badFilesNameFileFieldAndReason(String what, String json, String expected) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ScenarioFiles.parse("my.json", json));
    assertTrue(e.getMessage().startsWith("my.json: "), "names the file: " + e.getMessage());
    assertTrue(e.getMessage().contains(expected), "expected '" + expected + "' in: " + e.getMessage());
  }

  @Test
  void readsFilesAndNamesMissingOnes(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("mine.json");
    Files.writeString(f, "{\"name\":\"mine\",\"requests\":7,\"timeout\":\"1s\"}");
    assertEquals(7, ScenarioFiles.load(f.toString()).load().requests());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ScenarioFiles.load(dir.resolve("nope.json").toString()));
    assertTrue(e.getMessage().contains("nope.json"), e.getMessage());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
    "workers wraps to 1     | {\"name\":\"x\",\"workers\":4294967297}        | field 'workers': must be <= 512 (allowed: 1..512), not 4294967297",
    "workers past int       | {\"name\":\"x\",\"workers\":2147483648}        | field 'workers': must be <= 512 (allowed: 1..512), not 2147483648",
    "every past int         | {\"name\":\"x\",\"faults\":[{\"type\":\"unplug-every\",\"every\":4294967296}]} | field 'faults[0].every': must be <= 2147483647 (allowed: 1..2147483647), not 4294967296",
    "requests 10^12         | {\"name\":\"x\",\"requests\":1000000000000}    | field 'requests': must be <= 1000000000 (allowed: 0..1000000000), not 1000000000000",
    "requests past long     | {\"name\":\"x\",\"requests\":99999999999999999999} | field 'requests': must be <= 1000000000",
    "streams past int       | {\"name\":\"x\",\"server\":{\"maxConcurrentStreams\":4294967297}} | field 'server.maxConcurrentStreams': must be <= 2147483647",
    "duplicate key          | {\"name\":\"x\",\"workers\":2,\"workers\":3}   | not valid JSON (line 1, column 34): Duplicate field 'workers'",
    "trailing garbage       | {\"name\":\"x\"} {\"name\":\"y\"}               | not valid JSON (line 1, column 14): more after the scenario's object (a file holds exactly one)",
    "bad policy params      | {\"name\":\"x\",\"policyParams\":{\"h2-interval-ping\":\"period=0ms\"}} | field 'policyParams.h2-interval-ping': policy h2-interval-ping",
    "unknown policy params  | {\"name\":\"x\",\"policyParams\":{\"h3\":\"a=1\"}} | field 'policyParams.h3': unknown policy 'h3'",
  })
  void overflowsAndStrictJsonNameTheFieldAndTheRange(String what, String json, String expected) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ScenarioFiles.parse("my.json", json));
    assertTrue(e.getMessage().startsWith("my.json: "), "names the file: " + e.getMessage());
    assertTrue(e.getMessage().contains(expected), "expected '" + expected + "' in: " + e.getMessage());
    assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
  }

  @Test
  void deepNestingAndHugeValuesAreOneLineErrorsNotCrashes(@TempDir Path dir) throws Exception {
    String deep = "{\"name\":\"x\",\"server\":" + "[".repeat(10_000) + "]".repeat(10_000) + "}";
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ScenarioFiles.parse("deep.json", deep));
    assertEquals("deep.json: not a scenario file: nested more than 32 levels deep", e.getMessage());

    Path big = dir.resolve("big.json");
    try (var out = Files.newOutputStream(big)) {
      out.write("{\"name\":\"".getBytes());
      out.write(new byte[2 << 20]); // 2 MB of a string
    }
    e = assertThrows(IllegalArgumentException.class, () -> ScenarioFiles.load(big.toString()));
    assertEquals(big + ": too large for a scenario file (more than 1024 KB)", e.getMessage());

    String longString = "{\"name\":\"" + "x".repeat(ScenarioFiles.MAX_BYTES - 20) + "\"}";
    assertEquals(ScenarioFiles.MAX_BYTES - 20, ScenarioFiles.parse("long.json", longString).name().length(),
        "a long value under the size limit is still read");
  }

  @Test
  void devicesPipesAndInvalidUtf8AreRejectedByName(@TempDir Path dir) throws Exception {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ScenarioFiles.load("/dev/zero"));
    assertEquals("/dev/zero: not a regular file (a device, a pipe or a socket): a scenario is a JSON file", e.getMessage());

    Path fifo = dir.resolve("pipe.json");
    assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
    e = assertThrows(IllegalArgumentException.class, () -> ScenarioFiles.load(fifo.toString()));
    assertTrue(e.getMessage().startsWith(fifo + ": not a regular file"), e.getMessage()); // never opened: no hang

    Path latin1 = dir.resolve("latin1.json");
    Files.write(latin1, "{\"name\":\"x\",\n\"description\":\"caf\u00e9\"}".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    e = assertThrows(IllegalArgumentException.class, () -> ScenarioFiles.load(latin1.toString()));
    assertEquals(latin1 + ": not valid UTF-8 (byte 31, line 2, 0xE9): save it as UTF-8", e.getMessage());
  }
}
