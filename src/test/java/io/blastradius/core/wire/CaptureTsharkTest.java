package io.blastradius.core.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.blastradius.core.event.Event;
import io.blastradius.core.event.Outcome;
import io.blastradius.core.policy.PolicySpec;
import io.blastradius.core.run.RunConfig;
import io.blastradius.core.run.Runs;
import io.blastradius.core.run.WireOptions;
import io.blastradius.core.scenario.Scenario;
import io.blastradius.core.scenario.ScenarioFiles;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --pcap}: a capture of the slow-handler preset opens in tshark (Debian {@code tshark};
 * .ci/run installs it; skipped when missing) with HTTP/2 decoded on the proxy's port: every
 * request's HEADERS and every stalled (timed-out, reset) stream's RST_STREAM are there, on the
 * client port of the pool connection that sent them.
 */
@Tag("interop")
@Timeout(180)
class CaptureTsharkTest {

  @Test
  void slowHandlerCaptureDecodesInTshark(@TempDir Path dir) throws Exception {
    assumeTrue(onPath("tshark"), "tshark is not installed (apt-get install tshark)");
    Path pcap = dir.resolve("slow.pcap");
    Scenario s = ScenarioFiles.load("slow-handler");
    s = s.withLoad(s.load().withRequests(400));
    RunConfig config = s.runConfig(PolicySpec.parse("h2-naive")).withWire(WireOptions.NONE.withPcap(pcap));
    int[] proxyPort = {0};
    List<Event> events = Runs.collect(config, e -> {}, 120_000, run -> proxyPort[0] = run.proxy().address().getPort());

    // What the pool says it sent, by (client port, stream).
    Map<Long, Integer> portOf = new HashMap<>();
    Set<String> requests = new HashSet<>();
    Set<String> stalled = new HashSet<>();
    Map<Long, Long> connOfRequest = new HashMap<>();
    for (Event e : events) {
      if (e instanceof Event.ConnectionReady r) portOf.put(r.connId(), r.localPort());
      if (e instanceof Event.RequestAssigned a) {
        requests.add(portOf.get(a.connId()) + "/" + a.streamId());
        connOfRequest.put(a.requestId(), a.connId());
      }
      if (e instanceof Event.RequestFinished f && f.outcome() == Outcome.TIMEOUT && f.connId() != 0) {
        stalled.add(portOf.get(f.connId()) + "/" + f.streamId());
      }
    }
    assertTrue(stalled.size() >= 5, "the preset stalls 5% of 400 requests: " + stalled.size());

    // What tshark decodes: per packet, the frame types and stream ids, and who sent it.
    String out = run("tshark", "-r", pcap.toString(), "-d", "tcp.port==" + proxyPort[0] + ",http2", "-Y", "http2",
        "-T", "fields", "-E", "separator=;", "-E", "aggregator=,", "-e", "tcp.srcport", "-e", "http2.type",
        "-e", "http2.streamid");
    Set<String> headers = new HashSet<>();
    Set<String> resets = new HashSet<>();
    for (String line : out.split("\n")) {
      String[] f = line.split(";", -1);
      if (f.length < 3 || f[1].isEmpty()) continue;
      int src = Integer.parseInt(f[0]);
      if (src == proxyPort[0]) continue; // the server's side, as written to the client
      String[] types = f[1].split(",");
      String[] streams = f[2].split(",");
      for (int i = 0; i < types.length && i < streams.length; i++) {
        if (types[i].equals("1")) headers.add(src + "/" + streams[i]);
        if (types[i].equals("3")) resets.add(src + "/" + streams[i]);
      }
    }
    assertEquals(requests, headers, "every request's HEADERS, decoded by tshark");
    assertEquals(stalled, resets, "the RST_STREAM of every stalled stream");
  }

  private static String run(String... command) throws Exception {
    File err = File.createTempFile("tshark", ".err");
    File out = File.createTempFile("tshark", ".out");
    try {
      Process p = new ProcessBuilder(command).redirectError(err).redirectOutput(out).start();
      p.getOutputStream().close();
      if (!p.waitFor(90, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError(String.join(" ", command) + " did not finish within 90 s");
      }
      assertEquals(0, p.exitValue(), Files.readString(err.toPath(), StandardCharsets.UTF_8));
      return Files.readString(out.toPath(), StandardCharsets.UTF_8);
    } finally {
      err.delete();
      out.delete();
    }
  }

  private static boolean onPath(String tool) {
    for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (new File(d, tool).canExecute()) return true;
    }
    return false;
  }
}
