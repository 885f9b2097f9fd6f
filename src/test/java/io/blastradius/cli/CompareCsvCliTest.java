package io.blastradius.cli;

import static io.blastradius.cli.CliTest.assertBadInput;
import static io.blastradius.cli.CliTest.exec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.blastradius.core.score.Scorecard;
import org.junit.jupiter.api.Test;

/** compare --csv: the scorecard's columns, then which engine made each row. */
class CompareCsvCliTest {
  @Test
  void eachRowSaysWhichEngineMadeIt() {
    CliTest.Result r = exec("compare", "--engine", "sim", "--scenario", "seed", "--policy", "h1,h2-naive", "--csv");
    assertEquals(0, r.code(), r.err());
    String[] lines = r.out().split("\r\n");
    assertEquals(String.join(",", Scorecard.columns()) + ",engine", lines[0]);
    assertEquals(3, lines.length, r.out());
    assertTrue(lines[1].startsWith("h1,3000,2997,3,") && lines[1].endsWith(",sim"), lines[1]);
    assertTrue(lines[2].startsWith("h2-naive,3000,500,2500,") && lines[2].endsWith(",sim"), lines[2]);
    assertTrue(r.err().isEmpty(), "no progress lines around CSV: " + r.err());
  }

  @Test
  void csvAndJsonTogetherIsBadInput() {
    assertBadInput(exec("compare", "--engine", "sim", "--scenario", "seed", "--policy", "h1", "--csv", "--json"),
        "--json and --csv: choose one");
  }
}
