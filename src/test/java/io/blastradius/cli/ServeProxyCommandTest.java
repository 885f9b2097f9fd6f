package io.blastradius.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.blastradius.core.event.Event;
import io.blastradius.core.record.Recording;
import io.blastradius.core.record.RecordingReader;
import io.blastradius.core.testutil.RawHttp1;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Timeout.ThreadMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * serve and proxy as the CLI runs them: bad flags get one line and exit 2 with nothing left
 * running; a good run prints its addresses, relays, prints a line (or a JSON line) per flow event,
 * records, and on Ctrl+C closes everything and exits 0.
 */
@Timeout(value = 120, threadMode = ThreadMode.SEPARATE_THREAD)
class ServeProxyCommandTest {
  @TempDir Path dir;

  private static Set<String> ioThreads() {
    return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
        .filter(n -> n.startsWith("multiThreadIoEventLoopGroup")).collect(Collectors.toSet());
  }

  private static void assertBadInput(String mention, String... args) {
    Set<String> before = ioThreads();
    CliTest.Result r = CliTest.exec(args);
    assertEquals(Cli.BAD_INPUT, r.code(), String.join(" ", args) + ": " + r.err());
    assertTrue(r.err().contains(mention), "stderr names the problem (" + mention + "): " + r.err());
    assertTrue(r.err().strip().lines().findFirst().orElse("").startsWith("blastradius: "), r.err());
    assertTrue(r.out().isEmpty(), "nothing on stdout: " + r.out());
    // The command waits for its loops' termination; a loop's thread itself ends a moment after
    // that future completes, so give it a bounded moment before saying one was left running.
    try {
      io.blastradius.core.testutil.Waits.until("the command's event loops ended", java.time.Duration.ofSeconds(5), () -> {
        Set<String> now = ioThreads();
        now.removeAll(before);
        return now.isEmpty();
      });
    } catch (AssertionError | Exception e) {
      // fall through to the assertion, which names the threads
    }
    Set<String> after = ioThreads();
    after.removeAll(before);
    assertEquals(Set.of(), after, "no event loop left running");
  }

  @Test
  void badFlags() throws Exception {
    assertBadInput("give --listen and --upstream, or --api", "proxy");
    assertBadInput("--listen needs --upstream", "proxy", "--listen", "127.0.0.1:0");
    assertBadInput("--upstream needs --listen", "proxy", "--upstream", "127.0.0.1:80");
    assertBadInput("--listen '127.0.0.1' is not HOST:PORT", "proxy", "--listen", "127.0.0.1", "--upstream", "127.0.0.1:80");
    assertBadInput("--upstream '127.0.0.1:99999': port must be 0..65535", "proxy", "--listen", "127.0.0.1:0", "--upstream", "127.0.0.1:99999");
    assertBadInput("--api 192.0.2.7:8474 is not a loopback address; add --bind 192.0.2.7", "proxy", "--api", "192.0.2.7:8474");
    assertBadInput("upstream host 'nohost.invalid' is unknown", "proxy", "--listen", "127.0.0.1:0", "--upstream", "nohost.invalid:80");
    assertBadInput("--io-threads must be >= 1", "proxy", "--api", "127.0.0.1:0", "--io-threads", "0");
    assertBadInput("--frobnicate", "proxy", "--frobnicate");
    assertBadInput("--port must be 0..65535, not 70000", "serve", "--port", "70000");
    assertBadInput("'10' is not a duration", "serve", "--delay", "10");
    assertBadInput("--max-concurrent-streams must be >= 1", "serve", "--max-concurrent-streams", "0");
    Path existing = Files.writeString(dir.resolve("taken.blastrec"), "user data");
    assertBadInput("already exists", "serve", "--port", "0", "--record", existing.toString());
    assertEquals("user data", Files.readString(existing), "the user's file is untouched");
    String[] proxy = {"proxy", "--listen", "127.0.0.1:0", "--upstream", "127.0.0.1:80"};
    assertBadInput("--upstream-ca needs --tls-intercept", with(proxy, "--upstream-ca", existing.toString()));
    assertBadInput("--upstream-ca " + dir.resolve("none.pem") + ": no such file",
        with(proxy, "--tls-intercept", "--upstream-ca", dir.resolve("none.pem").toString()));
    assertBadInput("is not a PEM certificate", with(proxy, "--tls-intercept", "--upstream-ca", existing.toString()));
    assertBadInput("--pcap " + existing + " already exists", with(proxy, "--pcap", existing.toString()));
    assertBadInput("is a directory", with(proxy, "--pcap", dir.toString()));
    assertBadInput("--cert-out needs --tls", "serve", "--port", "0", "--cert-out", dir.resolve("s.pem").toString());
    assertBadInput("--cert-out " + existing + " already exists", "serve", "--port", "0", "--tls", "--cert-out", existing.toString());
    assertEquals("user data", Files.readString(existing), "the user's file is still untouched");
  }

  private static String[] with(String[] args, String... more) {
    String[] all = java.util.Arrays.copyOf(args, args.length + more.length);
    System.arraycopy(more, 0, all, args.length, more.length);
    return all;
  }

  @Test
  void portsInUse() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      String where = "127.0.0.1:" + taken.getLocalPort();
      assertBadInput(where + " is already in use", "serve", "--port", String.valueOf(taken.getLocalPort()));
      Path rec = dir.resolve("never.blastrec");
      assertBadInput("--listen " + where + " is already in use", "proxy", "--listen", where, "--upstream", "127.0.0.1:80",
          "--record", rec.toString());
      assertTrue(Files.notExists(rec), "no empty recording left behind");
      // The proxy binds first, then the API fails: the proxy must be closed again.
      int free;
      try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
        free = probe.getLocalPort();
      }
      assertBadInput(where + " is already in use", "proxy", "--listen", "127.0.0.1:" + free, "--upstream", "127.0.0.1:80", "--api", where);
      try (ServerSocket again = new ServerSocket(free, 1, InetAddress.getByName("127.0.0.1"))) {
        assertEquals(free, again.getLocalPort(), "the proxy's port was released");
      }
    }
  }

  @Test
  void proxyInFrontOfServeRelaysPrintsFlowLinesRecordsAndStopsCleanly() throws Exception {
    Path rec = dir.resolve("external.blastrec");
    int proxyPort;
    try (RunningCommand serve = RunningCommand.start("serve", "--port", "0")) {
      String server = serve.awaitOut("on http://(127\\.0\\.0\\.1:\\d+)");
      RunningCommand proxy = RunningCommand.start("proxy", "--listen", "127.0.0.1:0", "--upstream", server, "--record", rec.toString());
      proxyPort = Integer.parseInt(proxy.awaitOut("listening on 127\\.0\\.0\\.1:(\\d+)"));
      try (Socket s = new Socket(InetAddress.getLoopbackAddress(), proxyPort)) {
        RawHttp1.get(s.getOutputStream(), "/");
        assertEquals("HTTP/1.1 200 OK", RawHttp1.read(s.getInputStream()).statusLine());
      }
      proxy.awaitErr("(main flow 1 closed)");
      assertEquals(0, proxy.stop());
      assertEquals(0, serve.stop());
      String lines = proxy.err.toString();
      assertTrue(lines.matches("(?s).*main flow 1 opened from :\\d+.*"), lines);
      assertTrue(lines.matches("(?s).*main flow 1 closed: client closed · up \\d+ B · down \\d+ B.*"), lines);
      assertTrue(lines.contains("recorded " + rec), lines);
    }
    try (ServerSocket again = new ServerSocket()) {
      again.bind(new InetSocketAddress("127.0.0.1", proxyPort));
    }
    Recording r = RecordingReader.read(rec);
    List<Class<?>> kinds = new ArrayList<>();
    for (Event e : r.events()) kinds.add(e.getClass());
    assertEquals(List.of(Event.FlowOpened.class, Event.FlowClosed.class), kinds);
  }

  @Test
  void loopbackOnlyUnlessBindSaysOtherwise() throws Exception {
    try (RunningCommand narrowed = RunningCommand.start("proxy", "--listen", "0.0.0.0:0", "--upstream", "127.0.0.1:80")) {
      narrowed.awaitOut("listening on (127\\.0\\.0\\.1:\\d+)");
      narrowed.awaitErr("(listen 0\\.0\\.0\\.0:0 narrowed to 127\\.0\\.0\\.1:0)");
    }
    try (RunningCommand open = RunningCommand.start("proxy", "--listen", "0.0.0.0:0", "--upstream", "127.0.0.1:80", "--bind", "0.0.0.0")) {
      open.awaitOut("listening on (0\\.0\\.0\\.0:\\d+)");
      open.awaitErr("(warning: listening on 0\\.0\\.0\\.0:0: reachable from other machines)");
    }
    try (RunningCommand serve = RunningCommand.start("serve", "--port", "0", "--bind", "0.0.0.0")) {
      serve.awaitOut("on http://(0\\.0\\.0\\.0:\\d+)");
      serve.awaitErr("(warning: listening on 0\\.0\\.0\\.0: reachable from other machines)");
    }
  }

  @Test
  void changesMadeThroughTheApiGetALine() throws Exception {
    try (RunningCommand proxy = RunningCommand.start("proxy", "--listen", "127.0.0.1:0", "--upstream", "127.0.0.1:80",
        "--api", "127.0.0.1:0")) {
      int api = Integer.parseInt(proxy.awaitOut("API on http://127\\.0\\.0\\.1:(\\d+)"));
      var http = java.net.http.HttpClient.newHttpClient();
      var res = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + api + "/proxies/main/toxics"))
          .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"type\":\"latency\",\"attributes\":{\"latency\":200}}")).build(),
          java.net.http.HttpResponse.BodyHandlers.ofString());
      assertEquals(200, res.statusCode(), res.body());
      proxy.awaitErr("(main toxic latency_downstream added \\(latency, downstream, latency=200, jitter=0\\))");
    }
  }

  @Test
  void jsonPrintsEventsAsJsonLinesOnStdout() throws Exception {
    try (RunningCommand serve = RunningCommand.start("serve", "--port", "0", "--json");
        RunningCommand proxy = RunningCommand.start("proxy", "--listen", "127.0.0.1:0", "--upstream",
            serve.awaitOut("\"role\":\"server\",\"listen\":\"(127\\.0\\.0\\.1:\\d+)\""), "--json")) {
      int port = Integer.parseInt(proxy.awaitOut("\"role\":\"proxy\",\"name\":\"main\",\"listen\":\"127\\.0\\.0\\.1:(\\d+)\""));
      try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
        RawHttp1.get(s.getOutputStream(), "/");
        RawHttp1.read(s.getInputStream());
      }
      proxy.awaitOut("(\"kind\":\"flow-closed\")");
      assertEquals(0, proxy.stop());
      ObjectMapper json = new ObjectMapper();
      List<String> kinds = new ArrayList<>();
      for (String line : proxy.out.toString().strip().split("\n")) {
        JsonNode n = json.readTree(line);
        kinds.add(n.get("kind").asText());
        if (n.get("kind").asText().startsWith("flow-")) assertEquals("main", n.get("proxy").asText(), line);
      }
      assertEquals(List.of("listening", "flow-opened", "flow-closed", "proxy-change"), kinds,
          "listening, the flow, disabled on the way out");
      assertTrue(proxy.err.toString().lines().noneMatch(l -> l.contains("flow 1")), "no human flow lines with --json");
    }
  }
}
