package io.blastradius.cli;

import static io.blastradius.cli.CliTest.assertBadInput;
import static io.blastradius.cli.CliTest.exec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.blastradius.core.record.RecordingReader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --engine sim on run and compare, the recording's engine field, and sweep. */
class SimEngineCliTest {
  @TempDir Path dir;

  @Test
  void runOnTheSimulatedEngineReproducesTheSeed() throws Exception {
    CliTest.Result r = exec("run", "--engine", "sim", "--policy", "h1,h2-naive", "--requests", "3000",
        "--timeout", "10ms", "--unplug-every", "1000", "--json");
    assertEquals(0, r.code(), r.err());
    JsonNode rows = new ObjectMapper().readTree(r.out());
    assertEquals(3, rows.get(0).get("failed").asLong(), "h1: one failure per unplug");
    assertEquals(3, rows.get(0).get("unplugs").asLong());
    assertEquals(2500, rows.get(1).get("failed").asLong(), "h2-naive: every request after the first unplug");
  }

  @Test
  void compareSaysWhichEngineMadeEachScorecard() throws Exception {
    CliTest.Result r = exec("compare", "--engine", "sim", "--scenario", "seed", "--policy", "h1,h2-adaptive", "--json");
    assertEquals(0, r.code(), r.err());
    JsonNode rows = new ObjectMapper().readTree(r.out());
    assertEquals("sim", rows.get(0).get("engine").asText());
    assertEquals(3, rows.get(1).get("failed").asLong(), "h2-adaptive: one per dead flow");
    CliTest.Result table = exec("compare", "--engine", "sim", "--scenario", "seed", "--policy", "h1");
    assertTrue(table.out().startsWith("scenario seed (simulated: virtual time)"), table.out());
  }

  @Test
  void badEngineIsOneLine() {
    assertBadInput(exec("compare", "--engine", "warp", "--scenario", "seed"), "unknown engine 'warp': choose real or sim");
  }

  @Test
  void aRecordingSaysWhichEngineMadeIt() throws Exception {
    Path file = dir.resolve("sim.blastrec");
    CliTest.Result r = exec("run", "--engine", "sim", "--policy", "h2-naive", "--requests", "300",
        "--unplug-every", "100", "--record", file.toString());
    assertEquals(0, r.code(), r.err());
    try (RecordingReader reader = RecordingReader.open(file)) {
      assertEquals("sim", reader.header().engine());
    }
    CliTest.Result replay = exec("replay", file.toString());
    assertEquals(0, replay.code(), replay.err() + replay.out());
    assertTrue(replay.out().startsWith("engine: sim"), "the replay says which engine made it: " + replay.out());
    CliTest.Result json = exec("replay", file.toString(), "--json");
    assertEquals("sim", new ObjectMapper().readTree(json.out()).get("engine").asText());
  }

  @Test
  void sweepPrintsCsvAndWritesAPng() throws Exception {
    Path png = dir.resolve("s.png");
    CliTest.Result r = exec("sweep", "--policy", "h2-okhttp-degraded", "--param", "pong-timeout=100ms..1s:3",
        "--scenario", "seed", "--requests", "1200", "--csv", "--png", png.toString());
    assertEquals(0, r.code(), r.err());
    String[] lines = r.out().split("\n");
    assertTrue(lines[0].startsWith("policy,value,failuresPerUnplug,pingsPerHour,connectionsPerMinute,timeToEvictMillis"), lines[0]);
    assertEquals(1 + 3 + io.blastradius.core.policy.Policies.ids().size(), lines.length, r.out());
    assertTrue(lines[1].contains("\"100ms\""), lines[1]);
    byte[] head = Files.readAllBytes(png);
    assertTrue(head.length > 1000 && head[1] == 'P' && head[2] == 'N' && head[3] == 'G', "a PNG");
  }

  @Test
  void sweepRejectsBadInputBeforeRunning() {
    assertBadInput(exec("sweep", "--policy", "h2-read-idle-ping", "--param", "idle=1s", "--no-png"), "NAME=FROM..TO[:STEPS]");
    assertBadInput(exec("sweep", "--policy", "h2-read-idle-ping", "--param", "nope=1s..2s", "--no-png"), "nope");
    assertBadInput(exec("sweep", "--policy", "h2-naive", "--param", "idle=1s..2s", "--png", dir.resolve("no/such/x.png").toString()),
        "no such directory");
  }
}
