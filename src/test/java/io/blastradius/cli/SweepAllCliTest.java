package io.blastradius.cli;

import static io.blastradius.cli.CliTest.assertBadInput;
import static io.blastradius.cli.CliTest.exec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.blastradius.core.policy.Policies;
import io.blastradius.core.sim.Sweep;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** sweep --policy all: every policy that takes the parameter, a line each on the PNG. */
class SweepAllCliTest {
  @TempDir Path dir;

  @Test
  void everyPolicyThatTakesTheParameterIsSwept() throws Exception {
    Path png = dir.resolve("all.png");
    CliTest.Result r = exec("sweep", "--policy", "all", "--param", "idle=1s..2s:2", "--scenario", "seed",
        "--requests", "300", "--json", "--png", png.toString());
    assertEquals(0, r.code(), r.err());
    JsonNode rows = new ObjectMapper().readTree(r.out());
    int swept = Sweep.sweptPolicies("all", "idle").size() * 2;
    assertEquals(swept + Policies.ids().size(), rows.size());
    for (int i = 0; i < swept; i++) assertTrue(rows.get(i).get("policy").asText().contains("idle="), rows.get(i).toString());
    assertEquals("1s", rows.get(0).get("value").asText());
    assertEquals("2s", rows.get(1).get("value").asText());
    byte[] head = Files.readAllBytes(png);
    assertTrue(head.length > 1000 && head[1] == 'P' && head[2] == 'N' && head[3] == 'G', "a PNG");

    CliTest.Result table = exec("sweep", "--policy", "all", "--param", "idle=1s..2s:2", "--scenario", "seed",
        "--requests", "300", "--no-png");
    assertEquals(0, table.code(), table.err());
    assertTrue(table.out().contains("\nh2-naive:\n"), "one table per swept policy: " + table.out());
  }

  @Test
  void aParameterNoPolicyTakesIsBadInput() {
    assertBadInput(exec("sweep", "--policy", "all", "--param", "nothing=1s..2s", "--no-png"), "--param nothing: no policy takes it");
  }
}
