package io.blastradius.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Timeout.ThreadMode;

/**
 * External clients (curl, nghttp: Debian packages curl and nghttp2-client) through {@code proxy
 * --wire} in front of {@code serve}: the frames they send are decoded into wire events (printed
 * with {@code --json}) and the API's flow listing carries the wire's stream counts. Skipped where
 * the clients are not installed.
 */
@Tag("interop")
@Timeout(value = 180, threadMode = ThreadMode.SEPARATE_THREAD)
class ExternalWireTest {
  private static final ObjectMapper JSON = ExternalPeers.JSON;
  private ExternalPeers peers;
  private RunningCommand serve;
  private RunningCommand proxy;
  private int proxyPort;

  private void start(String... serveFlags) {
    start(List.of(serveFlags), List.of());
  }

  private void start(List<String> serveFlags, List<String> proxyFlags) {
    List<String> p = new ArrayList<>(List.of("--wire", "--json"));
    p.addAll(proxyFlags);
    peers = ExternalPeers.start(serveFlags, p);
    serve = peers.serve;
    proxy = peers.proxy;
    proxyPort = peers.proxyPort;
  }

  @AfterEach
  void tearDown() throws Exception {
    if (peers != null) {
      peers.close();
      return;
    }
    if (proxy != null) assertEquals(0, proxy.stop());
    if (serve != null) assertEquals(0, serve.stop());
  }

  private static String tool(String name) {
    return ExternalPeers.tool(name);
  }

  private static String run(List<String> cmd) throws Exception {
    return ExternalPeers.run(cmd);
  }

  private JsonNode api(String method, String path) throws Exception {
    return peers.api(method, path);
  }

  private JsonNode api(String method, String path, String body) throws Exception {
    return peers.api(method, path, body);
  }

  /** The proxy's JSON lines of one kind on one flow, so far. */
  private List<JsonNode> wire(String kind, int flowId) throws Exception {
    List<JsonNode> found = new ArrayList<>();
    for (String line : proxy.out.toString().split("\n")) {
      if (!line.contains("\"kind\":\"" + kind + "\"")) continue;
      JsonNode n = JSON.readTree(line);
      if (n.path("flowId").asInt() == flowId) found.add(n);
    }
    return found;
  }

  private static List<JsonNode> after(long t, List<JsonNode> events) {
    return events.stream().filter(e -> e.get("t").asLong() > t).toList();
  }

  private void awaitOut(String regex) {
    proxy.awaitOut(regex);
  }

  @Test
  void curlsFramesAreDecodedOnTheWireAndCountedInTheApi() throws Exception {
    start();
    String url = "http://127.0.0.1:" + proxyPort + "/";
    assertEquals("ok\n", run(List.of(tool("curl"), "-s", "--http2-prior-knowledge", url)));
    awaitOut("\"kind\":\"flow-closed\"");

    List<JsonNode> headers = wire("wire-headers", 1);
    assertEquals(2, headers.size(), "the request's and the response's HEADERS: " + headers);
    assertTrue(headers.get(0).get("fromClient").asBoolean(), "the request first");
    assertTrue(headers.get(0).get("endStream").asBoolean(), "a GET ends its side with its HEADERS");
    assertEquals(false, headers.get(1).get("fromClient").asBoolean(), "then the response");
    assertEquals(1, headers.get(0).get("streamId").asInt());
    assertEquals(1, wire("wire-protocol", 1).size(), "the flow's protocol is named once");
    assertEquals("h2", wire("wire-protocol", 1).get(0).get("protocol").asText());

    JsonNode flow = api("GET", "/proxies/main/flows/1");
    JsonNode w = flow.get("wire");
    assertEquals("h2", w.get("protocol").asText(), flow.toString());
    assertEquals(1, w.get("streams_opened").asInt(), flow.toString());
    assertEquals(0, w.get("open_streams").asInt(), "answered: " + flow);
    assertEquals(250, w.get("server_max_streams").asInt(), "serve's SETTINGS, as the wire saw them: " + flow);

    assertEquals("ok\n", run(List.of(tool("curl"), "-s", "--http1.1", url)));
    awaitOut("\"kind\":\"flow-closed\",[^}]*\"flowId\":2,");
    JsonNode h1 = api("GET", "/proxies/main/flows/2").get("wire");
    assertEquals("http/1.1", h1.get("protocol").asText(), h1.toString());
    assertEquals(1, h1.get("streams_opened").asInt(), "one request: " + h1);
    assertEquals(2, wire("wire-h1", 2).size(), "its request and its response");
  }

  @Test
  void streamsPileUpOnAnUnpluggedFlowAndAreResetThere() throws Exception {
    start();
    // OkHttp in a process of its own: one GET opens the connection; then, with the flow unplugged,
    // 10 GETs one after another, each with a 300 ms call timeout: a call that times out resets its
    // stream and the next one goes on the same connection.
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), OkHttpCascadeClient.class.getName(),
        "http://127.0.0.1:" + proxyPort + "/", "10", "300").redirectErrorStream(true).start();
    long unpluggedAt;
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      assertEquals("warm", out.readLine(), "the client's first call was answered");
      // Drop both ways, so the proxy goes on reading (and decoding) the client's frames.
      JsonNode f = api("POST", "/proxies/main/flows/1/unplug", "{\"mode\":\"drop\"}");
      assertEquals("unplugged", f.get("state").asText(), f.toString());
      unpluggedAt = JSON.readTree(proxy.awaitOut("(\\{[^}]*\"kind\":\"flow-fault\"[^}]*\\})")).get("t").asLong();
      p.getOutputStream().write('\n');
      p.getOutputStream().flush();
      assertTrue(p.waitFor(90, TimeUnit.SECONDS), "the client gives up on every call");
      String rest = out.readLine();
      assertEquals(0, p.exitValue(), rest);
      assertEquals("ok=0 failed=10", rest, "every call timed out on the dead flow");
    } finally {
      if (p.isAlive()) p.destroyForcibly();
    }
    awaitOut("\"kind\":\"flow-closed\",[^}]*\"flowId\":1,"); // the client left

    List<JsonNode> opened = after(unpluggedAt, wire("wire-headers", 1)).stream().filter(h -> h.get("fromClient").asBoolean()).toList();
    List<JsonNode> resets = after(unpluggedAt, wire("wire-rst", 1)).stream().filter(r -> r.get("fromClient").asBoolean()).toList();
    assertEquals(0, after(unpluggedAt, wire("wire-headers", 1)).stream().filter(h -> !h.get("fromClient").asBoolean()).count(),
        "no response crossed the dead flow: " + proxy.out);
    assertEquals(10, opened.size(), "every transfer was placed on the dead flow, one after another: " + proxy.out);
    // OkHttp writes a cancelled stream's RST_STREAM from its writer queue, after the call has
    // already failed: the last call's reset can be cut off by the client process exiting. Every
    // earlier one was on the wire before the next call started.
    assertTrue(resets.size() == 10 || resets.size() == 9,
        "the client reset the streams it gave up on, there: " + resets.size() + " " + proxy.out);
    for (JsonNode r : resets) {
      assertEquals(8, r.get("errorCode").asInt(), "CANCEL: " + r);
      long id = r.get("streamId").asLong();
      assertTrue(opened.stream().anyMatch(h -> h.get("streamId").asLong() == id), "a reset of a stream opened there: " + r);
    }
    // The pile-up: a stream opened after the first reset, on the same flow.
    long firstReset = resets.get(0).get("t").asLong();
    assertTrue(opened.get(opened.size() - 1).get("t").asLong() > firstReset,
        "new streams kept landing on the dead flow after the first reset");
    JsonNode w = api("GET", "/proxies/main/flows/1").get("wire");
    assertEquals(11, w.get("streams_opened").asInt(), "the warm-up's and the ten: " + w);
    assertEquals(resets.size(), w.get("resets_from_client").asInt(), "the API counts the resets the events show: " + w);
    assertEquals(10 - resets.size(), w.get("open_streams").asInt(), "every stream reset on the wire is closed there: " + w);
  }

  @Test
  void interceptedTlsIsDecodedAndCapturedInPlaintext(@TempDir Path dir) throws Exception {
    String before = System.getProperty("blastradius.configDir");
    System.setProperty("blastradius.configDir", dir.resolve("conf").toString());
    try {
      Path serverCert = dir.resolve("server.pem");
      Path pcap = dir.resolve("flows.pcap");
      start(List.of("--tls", "--cert-out", serverCert.toString()),
          List.of("--tls-intercept", "--upstream-ca", serverCert.toString(), "--pcap", pcap.toString()));
      String ca = JSON.readTree(proxy.awaitOut("(\\{\"kind\":\"intercepting\"[^}]*\\})")).get("ca").asText();
      assertEquals(dir.resolve("conf").resolve("ca.pem").toString(), ca, "the CA lives in the config directory");
      int servePort = Integer.parseInt(serve.awaitOut("on https://127\\.0\\.0\\.1:(\\d+)"));

      // serve --tls alone: HTTP/2 by ALPN, its certificate trusted from --cert-out.
      assertEquals("ok\n2", run(List.of(tool("curl"), "-s", "--http2", "--cacert", serverCert.toString(),
          "--resolve", "localhost:" + servePort + ":127.0.0.1", "-w", "%{http_version}",
          "https://localhost:" + servePort + "/")));
      // Through the intercepting proxy: the client trusts the BlastRadius CA, the proxy the server's certificate.
      assertEquals("ok\n2", run(List.of(tool("curl"), "-s", "--http2", "--cacert", ca,
          "--resolve", "localhost:" + proxyPort + ":127.0.0.1", "-w", "%{http_version}",
          "https://localhost:" + proxyPort + "/")));
      awaitOut("\"kind\":\"flow-closed\"");
      assertEquals("h2", wire("wire-protocol", 1).get(0).get("protocol").asText(), "decoded inside the TLS: " + proxy.out);
      assertEquals(2, wire("wire-headers", 1).size(), "request and response HEADERS: " + proxy.out);
      peers.stopProxy(); // stopping closes the capture

      // The capture holds the plaintext frames: tshark decodes the HEADERS of both sides.
      String tshark = tool("tshark");
      String frames = run(List.of(tshark, "-r", pcap.toString(), "-d", "tcp.port==" + proxyPort + ",http2",
          "-Y", "http2", "-T", "fields", "-e", "http2.type"));
      long headers = frames.lines().filter(l -> l.matches("[0-9,]+")) // (tshark's warnings aside)
          .flatMap(l -> java.util.Arrays.stream(l.split(","))).filter("1"::equals).count();
      assertEquals(2, headers, "the request's and the response's HEADERS, in plaintext: " + frames);
    } finally {
      if (before == null) System.clearProperty("blastradius.configDir");
      else System.setProperty("blastradius.configDir", before);
    }
  }

  @Test
  void withoutJsonEachFlowsClosingLineCarriesItsWireCounts() throws Exception {
    serve = RunningCommand.start("serve", "--port", "0");
    String server = serve.awaitOut("on http://(127\\.0\\.0\\.1:\\d+)");
    proxy = RunningCommand.start("proxy", "--listen", "127.0.0.1:0", "--upstream", server, "--wire");
    int port = Integer.parseInt(proxy.awaitOut("listening on 127\\.0\\.0\\.1:(\\d+)"));
    String url = "http://127.0.0.1:" + port + "/";
    assertEquals("ok\n", run(List.of(tool("curl"), "-s", "--http2-prior-knowledge", url)));
    proxy.awaitErr("main flow 1 wire: h2");
    proxy.awaitErr("main flow 1 closed: [^\\n]* · wire h2, streams 1 opened, 0 open, 0 reset");
    assertEquals("ok\n", run(List.of(tool("curl"), "-s", "--http1.1", url)));
    proxy.awaitErr("main flow 2 closed: [^\\n]* · wire http/1.1, streams 1 opened, 0 open, 0 reset");
  }
}
