package io.blastradius.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(120)
class CliTest {
  record Result(int code, String out, String err) {}

  static Result exec(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Cli.commandLine(new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
    return new Result(code, out.toString(), err.toString());
  }

  static void assertBadInput(Result r, String mention) {
    assertEquals(Cli.BAD_INPUT, r.code(), r.err());
    assertTrue(r.err().contains(mention), "stderr names the problem (" + mention + "): " + r.err());
    assertTrue(r.out().isEmpty(), "nothing on stdout: " + r.out());
  }

  @Test
  void unknownPolicy() {
    assertBadInput(exec("run", "--policy", "h1,h3-quic"), "unknown policy 'h3-quic'");
  }

  @Test
  void negativeCount() {
    assertBadInput(exec("run", "--requests", "-5"), "--requests must be between 0 and 1000000000, not -5");
  }

  @Test
  void timeoutWithoutUnit() {
    assertBadInput(exec("run", "--timeout", "10"), "'10' is not a duration");
  }

  @Test
  void unknownFlag() {
    assertBadInput(exec("run", "--frobnicate"), "--frobnicate");
  }

  @Test
  void portInUse() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      assertBadInput(exec("run", "--requests", "5", "--server-port", String.valueOf(taken.getLocalPort())),
          "127.0.0.1:" + taken.getLocalPort());
    }
  }

  @Test
  void runPrintsJsonWithTheDocumentedFields() throws Exception {
    Result r = exec("run", "--policy", "h1,h2-naive", "--requests", "200", "--timeout", "1s", "--json");
    assertEquals(0, r.code(), r.err());
    JsonNode arr = new ObjectMapper().readTree(r.out());
    assertEquals(2, arr.size());
    List<String> fields = List.of("policy", "requests", "ok", "failed", "unplugs", "connectionsOpened", "pingsSent",
        "p50Micros", "p99Micros", "wallMillis");
    for (JsonNode o : arr) {
      List<String> names = new java.util.ArrayList<>();
      o.fieldNames().forEachRemaining(names::add);
      assertEquals(fields, names);
      assertEquals(200, o.get("requests").asLong());
      assertEquals(200, o.get("ok").asLong());
      assertEquals(0, o.get("failed").asLong());
    }
    assertEquals("h1", arr.get(0).get("policy").asText());
    assertEquals("h2-naive", arr.get(1).get("policy").asText());
  }

  @Test
  void runPrintsATable() {
    Result r = exec("run", "--policy", "h2-naive", "--requests", "50", "--timeout", "1s");
    assertEquals(0, r.code(), r.err());
    String[] lines = r.out().strip().split("\n");
    assertEquals(2, lines.length, r.out());
    assertTrue(lines[0].contains("policy") && lines[0].contains("connectionsOpened"), lines[0]);
    assertTrue(lines[1].startsWith("h2-naive") && lines[1].contains(" 50 "), lines[1]);
  }
}
