package io.blastradius.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Timeout.ThreadMode;

/**
 * Real external clients (curl, h2load: Debian packages curl and nghttp2-client) through
 * {@code proxy} in front of {@code serve}, and one external client's flow unplugged, replugged and
 * reset from the API while it runs. Skipped where the clients are not installed.
 */
@Tag("interop")
@Timeout(value = 180, threadMode = ThreadMode.SEPARATE_THREAD)
class ExternalClientTest {
  private ExternalPeers peers;
  private int proxyPort;

  @BeforeEach
  void setUp() {
    peers = ExternalPeers.start(List.of(), List.of());
    proxyPort = peers.proxyPort;
  }

  @AfterEach
  void tearDown() throws Exception {
    peers.close();
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

  /** h2load's "requests: N total, N started, N done, N succeeded, N failed, N errored, N timeout". */
  private static long[] requests(String h2loadOutput) {
    Matcher m = Pattern.compile("requests: (\\d+) total, (\\d+) started, (\\d+) done, (\\d+) succeeded, (\\d+) failed, (\\d+) errored")
        .matcher(h2loadOutput);
    assertTrue(m.find(), h2loadOutput);
    long[] r = new long[6];
    for (int i = 0; i < 6; i++) r[i] = Long.parseLong(m.group(i + 1));
    return r;
  }

  @Test
  void curlAndH2loadThroughProxyInFrontOfServe() throws Exception {
    String url = "http://127.0.0.1:" + proxyPort + "/";
    assertEquals("ok\n", run(List.of(tool("curl"), "-s", "--http2-prior-knowledge", url)));
    assertEquals("ok\n", run(List.of(tool("curl"), "-s", "--http1.1", url)));
    long[] r = requests(run(List.of(tool("h2load"), "-n", "2000", "-c", "4", "-m", "10", url)));
    assertEquals(2000, r[3], "all 2000 succeeded");
    JsonNode flows = api("GET", "/proxies/main/flows");
    assertEquals(6, flows.size(), "two curl flows and four h2load flows: " + flows);
  }

  /** Starts h2load on one connection and unplugs its flow as soon as the proxy has accepted it. */
  private Process h2loadWithItsFlowUnplugged(int requests, List<String> output) throws Exception {
    Process p = new ProcessBuilder(tool("h2load"), "-n", String.valueOf(requests), "-c", "1", "-m", "10",
        "http://127.0.0.1:" + proxyPort + "/").redirectErrorStream(true).start();
    Thread drain = new Thread(() -> {
      try {
        output.add(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
      } catch (java.io.IOException ignored) {
        // the process ended
      }
    });
    drain.setDaemon(true);
    drain.start();
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < until) {
      JsonNode flows = api("GET", "/proxies/main/flows");
      if (flows.size() == 1) {
        JsonNode f = api("POST", "/proxies/main/flows/1/unplug");
        assertEquals("unplugged", f.get("state").asText());
        return p;
      }
      assertTrue(p.isAlive(), "h2load ended before its flow was unplugged: " + output);
      java.util.concurrent.locks.LockSupport.parkNanos(2_000_000); // polling the API
    }
    p.destroyForcibly();
    throw new AssertionError("h2load's flow never carried a response");
  }

  @Test
  void anExternalClientHangsOnItsUnpluggedFlowAndFinishesWhenReplugged() throws Exception {
    List<String> output = new java.util.concurrent.CopyOnWriteArrayList<>();
    Process p = h2loadWithItsFlowUnplugged(20000, output);
    try {
      assertFalse(p.waitFor(3, TimeUnit.SECONDS), "h2load's requests hang on the dead flow");
      long downAtUnplug = api("GET", "/proxies/main/flows/1").get("down_bytes").asLong();
      assertEquals(downAtUnplug, api("GET", "/proxies/main/flows/1").get("down_bytes").asLong(), "no response crosses");
      api("POST", "/proxies/main/flows/1/replug");
      assertTrue(p.waitFor(120, TimeUnit.SECONDS), "h2load finishes once the flow is replugged");
    } finally {
      if (p.isAlive()) p.destroyForcibly(); // (destroying also closes its output, which the drain still reads)
    }
    assertEquals(0, p.exitValue());
    waitForOutput(output);
    long[] r = requests(output.get(0));
    assertEquals(20000, r[3], "every held request was delivered on replug: " + output.get(0));
  }

  @Test
  void resettingTheDeadFlowFailsTheClientsPendingRequests() throws Exception {
    List<String> output = new java.util.concurrent.CopyOnWriteArrayList<>();
    Process p = h2loadWithItsFlowUnplugged(20000, output);
    try {
      assertFalse(p.waitFor(2, TimeUnit.SECONDS), "hanging on the dead flow");
      JsonNode f = api("POST", "/proxies/main/flows/1/reset");
      assertEquals("closed", f.get("state").asText());
      assertTrue(p.waitFor(60, TimeUnit.SECONDS), "h2load ends once its connection is reset");
    } finally {
      if (p.isAlive()) p.destroyForcibly(); // (destroying also closes its output, which the drain still reads)
    }
    waitForOutput(output);
    long[] r = requests(output.get(0));
    assertTrue(r[3] < 20000, "requests were lost with the connection: " + output.get(0));
    assertTrue(r[4] + r[5] > 0 || r[2] < r[0], "h2load counts them failed, errored or never done: " + output.get(0));
  }

  private static void waitForOutput(List<String> output) {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (output.isEmpty() && System.nanoTime() < until) java.util.concurrent.locks.LockSupport.parkNanos(5_000_000);
    assertFalse(output.isEmpty(), "h2load's output");
  }
}
