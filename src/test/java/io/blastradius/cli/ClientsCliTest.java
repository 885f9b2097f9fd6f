package io.blastradius.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Real clients and external programs from the CLI: bad input, and a curl loop as the client. */
@Timeout(120)
class ClientsCliTest {

  static CliTest.Result exec(String... args) {
    return CliTest.exec(args);
  }

  /** One line on stderr naming the problem, exit 2, nothing on stdout, and no child process left. */
  static void assertBadInput(CliTest.Result r, String mention) {
    CliTest.assertBadInput(r, mention);
    assertEquals(1, r.err().strip().lines().count(), "one line: " + r.err());
    assertEquals(0, ProcessHandle.current().descendants().count(), "nothing left running");
  }

  @Test
  void unknownClientIdInFidelity() {
    assertBadInput(exec("fidelity", "--client", "nghttp/fast", "--warmup", "0"), "unknown client 'nghttp/fast' (known: okhttp-");
  }

  @Test
  void aClientVersionThisBuildDoesNotBundle() {
    assertBadInput(exec("run", "--policy", "h1,jetty-9.4.0/http2", "--warmup", "0"), "this build bundles jetty ");
  }

  @Test
  void tlsIsForModelsOnly() {
    assertBadInput(exec("run", "--policy", "h2-naive,okhttp/call-timeout", "--tls", "--warmup", "0"),
        "/call-timeout speaks cleartext (h2c or HTTP/1.1) to the proxy: --tls and --tls-intercept apply to models only");
  }

  @Test
  void aCommandWithoutUrl() {
    assertBadInput(exec("run", "--client-cmd", "curl -s", "--warmup", "0"), "--client-cmd must contain {url}");
  }

  @Test
  void aCommandThatCannotStart() {
    assertBadInput(exec("run", "--client-cmd", "/nonexistent/blastradius-client {url}", "--requests", "5"),
        "--client-cmd: cannot start '/nonexistent/blastradius-client'");
  }

  @Test
  void aCommandThatExitsBeforeConnecting() {
    assertBadInput(exec("run", "--client-cmd", "sh -c 'echo giving up; exit 3' {url}", "--requests", "5"),
        "'sh' exited with code 3 before connecting: giving up");
  }

  @Test
  void aCommandThatNeverConnectsIsKilled() {
    assertBadInput(exec("run", "--client-cmd", "sh -c 'sleep 30' {url}", "--requests", "5", "--connect-timeout", "300ms"),
        "'sh' never connected to http://127.0.0.1:");
  }

  @Test
  void aCommandThatConnectsButSendsNoRequestIsKilled() {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/curl")), "needs curl (installed by .ci/run)");
    // curl's telnet: a TCP connection that says nothing until its standard input does.
    assertBadInput(exec("run", "--client-cmd", "sh -c 'exec curl -s \"telnet://${0#http://}\"' {url}", "--requests", "5",
        "--connect-timeout", "500ms"), "'sh' connected but sent no request to http://127.0.0.1:");
  }

  @Test
  void aCommandThatSpeaksNeitherHttpIsStopped() {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/curl")), "needs curl (installed by .ci/run)");
    assertBadInput(exec("run", "--client-cmd", "sh -c 'printf \"hello there\\r\\n\" | curl -s \"telnet://${0#http://}\"; sleep 30' {url}",
        "--requests", "5"), "'sh' spoke something the wire cannot read as HTTP on proxy flow 1: neither HTTP/2 nor HTTP/1.1");
  }

  @Test
  void aCommandThatExitsAfterSomeOfItsRequests() {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/curl")), "needs curl (installed by .ci/run)");
    // One connection, three streams, then curl is done: two short of --requests.
    assertBadInput(exec("run", "--client-cmd", "curl -s --http2 {url} {url} {url}", "--requests", "5"),
        "'curl' exited with code 0 after 3 of 5 requests");
  }

  @Test
  void workersAndTlsAreForTheProductsOwnClients() {
    assertBadInput(exec("run", "--client-cmd", "curl -s {url}", "--workers", "4"), "drop --workers");
    assertBadInput(exec("run", "--client-cmd", "curl -s {url}", "--tls"), "--tls and --tls-intercept apply to models only");
  }

  @Test
  void aProgramsFlowsAreCapturedWithPcap(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/curl")), "needs curl (installed by .ci/run)");
    Path pcap = dir.resolve("curl.pcap");
    CliTest.Result r = exec("run", "--client-cmd", "curl -s --http2-prior-knowledge {url}", "--requests", "1", "--pcap", pcap.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.err().contains("captured " + pcap), r.err());
    byte[] bytes = Files.readAllBytes(pcap);
    assertTrue(bytes.length > 24 + 5 * 16, "the global header and the flow's packets: " + bytes.length + " bytes");
    assertEquals(0xa1b2c3d4, java.nio.ByteBuffer.wrap(bytes).getInt(), "a classic pcap (Netty writes it big-endian)");
    assertBadInput(exec("run", "--client-cmd", "curl -s {url}", "--pcap", pcap.toString()), "already exists");
  }

  @Test
  void aCommandWithPoliciesIsAMistake() {
    assertBadInput(exec("run", "--client-cmd", "curl -s {url}", "--policy", "h1"), "drop --policy");
  }

  @Test
  void curlInALoopIsScoredFromTheWire() throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/curl")), "needs curl (installed by .ci/run)");
    CliTest.Result r = exec("run", "--client-cmd",
        "sh -c 'while true; do curl -s -o /dev/null --max-time 1 \"$0\"; done' {url}",
        "--requests", "12", "--unplug-every", "8", "--json");
    assertEquals(0, r.code(), r.err());
    JsonNode row = new ObjectMapper().readTree(r.out()).get(0);
    assertEquals(12, row.get("requests").asLong(), r.out());
    assertEquals(1, row.get("unplugs").asLong(), "request 4 (4 % 8 == 4) met an unplugged flow: " + r.out());
    assertEquals(1, row.get("failed").asLong(), "curl's --max-time ended the one request on the dead flow: " + r.out());
    assertEquals(11, row.get("ok").asLong(), r.out());
    assertTrue(row.get("connectionsOpened").asLong() >= 12, "a connection per request: " + r.out());
    assertEquals(0, ProcessHandle.current().descendants().count(), "the loop was killed at the end");
  }

  @Test
  void aRealClientRunIsRecordedAndReplaysToTheSameScorecard(@org.junit.jupiter.api.io.TempDir Path dir) {
    Path rec = dir.resolve("okhttp.blastrec");
    CliTest.Result r = exec("run", "--policy", "okhttp/call-timeout", "--requests", "30", "--timeout", "1s",
        "--warmup", "0", "--record", rec.toString(), "--json");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("\"policy\" : \"okhttp-" + okhttp3.OkHttp.VERSION + "/call-timeout\""), r.out());
    CliTest.Result replay = exec("replay", rec.toString());
    assertEquals(0, replay.code(), replay.err());
    assertTrue(replay.out().contains("the scorecard equals the recorded summary"), replay.out());
  }

  @Test
  void fidelitysHelpSaysItsToleranceWithoutAFormattingWarning() {
    java.io.PrintStream before = System.err;
    java.io.ByteArrayOutputStream warnings = new java.io.ByteArrayOutputStream();
    System.setErr(new java.io.PrintStream(warnings, true));
    CliTest.Result r;
    try {
      r = exec("fidelity", "--help");
    } finally {
      System.setErr(before);
    }
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("at most 10% or 2 per unplug."), r.out());
    assertEquals("", warnings.toString(), "picocli formatted every line of the help");
  }

  @Test
  void fidelityListsTheBundledClientsWithTheirModels() {
    CliTest.Result r = exec("fidelity", "--list");
    assertEquals(0, r.code(), r.err());
    for (String id : io.blastradius.core.clients.RealClients.ids()) assertTrue(r.out().contains(id + "\n"), id + " in " + r.out());
    assertTrue(r.out().contains("model: h2-okhttp-call-timeout"), r.out());
  }
}
