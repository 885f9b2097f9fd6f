package io.blastradius.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.blastradius.core.event.Event;
import io.blastradius.core.event.Outcome;
import io.blastradius.core.record.Recording;
import io.blastradius.core.record.RecordingReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code run --client-cmd} with real programs (curl, nghttp: Debian packages curl and
 * nghttp2-client): requests and outcomes are read off the wire, and each test checks them against
 * what the program itself reported. Skipped where a program is not installed.
 */
@Tag("interop")
@Timeout(120)
class ClientCmdWireTest {
  @TempDir Path dir;

  /** Runs the command as the client and returns its scorecard (JSON); the run must exit 0. */
  private static JsonNode run(String cmd, String... more) throws Exception {
    List<String> args = new java.util.ArrayList<>(List.of("run", "--client-cmd", cmd, "--json"));
    args.addAll(List.of(more));
    CliTest.Result r = CliTest.exec(args.toArray(String[]::new));
    assertEquals(0, r.code(), r.err());
    assertEquals(0, ProcessHandle.current().descendants().count(), "the program was stopped with the run");
    return ExternalPeers.JSON.readTree(r.out()).get(0);
  }

  /** The recorded requests' outcomes, in request order. */
  private static List<Event.RequestFinished> outcomes(Path rec) throws Exception {
    Recording r = RecordingReader.read(rec);
    return r.events().stream().filter(Event.RequestFinished.class::isInstance).map(Event.RequestFinished.class::cast)
        .sorted(Comparator.comparingLong(Event.RequestFinished::requestId)).toList();
  }

  /** curl's own verdict per transfer, one line each ("200" or "000": it gave up). */
  private List<String> curlSaid(Path file) throws Exception {
    return Files.exists(file) ? Files.readAllLines(file).stream().filter(l -> !l.isBlank()).toList() : List.of();
  }

  /**
   * curl fetching the URL {@code n} times in one process (one connection, reused), writing each
   * transfer's status to {@code out} as it ends (stderr: unbuffered, so a line is there before the
   * next transfer starts).
   */
  private static String curlReusing(String mode, int n, Path out) {
    String urls = " \"$0\"".repeat(n);
    return "sh -c 'exec " + ExternalPeers.tool("curl") + " -s " + mode + " --max-time 2 -w \"%{stderr}%{http_code}\\n\"" + urls
        + " 2>>" + out + "' {url}";
  }

  @Test
  void nghttpsStreamsOnOneConnectionAreItsRequests() throws Exception {
    JsonNode card = run(ExternalPeers.tool("nghttp") + " -n -m 40 {url}", "--requests", "40");
    assertEquals(40, card.get("requests").asLong(), card.toString());
    assertEquals(40, card.get("ok").asLong(), "every stream answered: " + card);
    assertEquals(0, card.get("failed").asLong(), card.toString());
    assertEquals(1, card.get("connectionsOpened").asLong(), "40 streams, one connection: " + card);
  }

  @Test
  void curlOnOneHttp2ConnectionKeepsTheDeadOneAndEveryLaterStreamIsReset() throws Exception {
    Path said = dir.resolve("curl.txt");
    Path rec = dir.resolve("curl.blastrec");
    // h2c by Upgrade (curl 7.88's prior knowledge fails its second transfer on a reused connection);
    // request 4 (4 % 8 == 4) meets an unplugged flow.
    JsonNode card = run(curlReusing("--http2", 8, said), "--requests", "8", "--unplug-every", "8", "--record", rec.toString());
    assertEquals(8, card.get("requests").asLong(), card.toString());
    assertEquals(1, card.get("unplugs").asLong(), card.toString());
    assertEquals(1, card.get("connectionsOpened").asLong(), "curl kept its one connection, dead or not: " + card);
    assertEquals(4, card.get("ok").asLong(), card.toString());
    assertEquals(4, card.get("failed").asLong(), "every request from the unplug on: " + card);

    List<Event.RequestFinished> wire = outcomes(rec);
    assertEquals(8, wire.size());
    List<String> curl = curlSaid(said);
    assertTrue(curl.size() >= 7, "curl reported its transfers (the last may be cut off by the stop): " + curl);
    for (int i = 0; i < curl.size(); i++) {
      assertEquals(curl.get(i).equals("200") ? Outcome.OK : Outcome.TIMEOUT, wire.get(i).outcome(),
          "request " + i + ": curl said " + curl.get(i) + ", the wire " + wire.get(i));
    }
    // curl gives up on a stream by resetting it; the others stay on the dead connection.
    for (int i = 4; i < 7; i++) {
      assertTrue(wire.get(i).error().startsWith("the client reset the stream"), "request " + i + ": " + wire.get(i));
    }
  }

  @Test
  void curlOnHttp1ClosesTheDeadConnectionAndLosesOneRequest() throws Exception {
    Path said = dir.resolve("curl.txt");
    Path rec = dir.resolve("curl.blastrec");
    JsonNode card = run(curlReusing("--http1.1", 8, said), "--requests", "8", "--unplug-every", "8", "--record", rec.toString());
    assertEquals(7, card.get("ok").asLong(), card.toString());
    assertEquals(1, card.get("failed").asLong(), "the request on the dead connection: " + card);
    assertEquals(2, card.get("connectionsOpened").asLong(), "curl dialed again after giving up: " + card);

    List<Event.RequestFinished> wire = outcomes(rec);
    List<String> curl = curlSaid(said);
    assertTrue(curl.size() >= 7, curl.toString());
    for (int i = 0; i < curl.size(); i++) {
      assertEquals(curl.get(i).equals("200") ? Outcome.OK : Outcome.TIMEOUT, wire.get(i).outcome(),
          "request " + i + ": curl said " + curl.get(i) + ", the wire " + wire.get(i));
    }
    assertEquals("000", curl.get(4), "curl's --max-time ended request 4: " + curl);
    assertTrue(wire.get(4).error().startsWith("the client closed its connection"), "HTTP/1.1 gives up by closing: " + wire.get(4));
  }

  @Test
  void nghttpsOutstandingStreamsFailWhenItGivesUpOnTheUnpluggedConnection() throws Exception {
    Path said = dir.resolve("nghttp.txt");
    // Four nghttp in turn, five concurrent streams each on a connection of its own; request 10 (the
    // third one's first stream) meets an unplugged flow: its five streams are never answered,
    // nghttp's 1 s timeout closes the connection, and the fourth starts afresh.
    String nghttp = ExternalPeers.tool("nghttp");
    String cmd = "sh -c 'for k in 1 2 3 4; do " + nghttp + " -n -t 1 -m 5 \"$0\" >>" + said + " 2>&1; echo done >>" + said + "; done' {url}";
    JsonNode card = run(cmd, "--requests", "20", "--unplug-every", "20");
    assertEquals(20, card.get("requests").asLong(), card.toString());
    assertEquals(15, card.get("ok").asLong(), card.toString());
    assertEquals(5, card.get("failed").asLong(), "the third connection's five streams: " + card);
    assertEquals(1, card.get("unplugs").asLong(), card.toString());
    assertEquals(4, card.get("connectionsOpened").asLong(), card.toString());
    // What nghttp said, each run's lines ended by "done": nothing when every request was answered.
    List<String> runs = List.of(Files.readString(said).split("done\n", -1));
    assertTrue(runs.size() >= 4, "three runs at least: " + runs);
    assertEquals(List.of("", ""), runs.subList(0, 2), "the first two got every response: " + runs);
    assertTrue(runs.get(2).contains("Some requests were not processed. total=5, processed=0"),
        "the third gave up on all five: " + runs);
  }

  /** The connections' dialed and ready events of a recorded run, and its cards at the end (one per connection). */
  private static List<io.blastradius.core.live.ConnView> cards(Path rec, List<Event> dialedAndReady) throws Exception {
    Recording r = RecordingReader.read(rec);
    io.blastradius.core.live.LiveModel live = new io.blastradius.core.live.LiveModel(1024, Long.MAX_VALUE / 4);
    long end = 0;
    for (Event e : r.events()) {
      live.accept(e);
      end = Math.max(end, e.t());
      if (e instanceof Event.ConnectionDialed || e instanceof Event.ConnectionReady) dialedAndReady.add(e);
    }
    io.blastradius.core.live.LiveSnapshot snap = live.snapshot(end);
    return dialedAndReady.stream().filter(Event.ConnectionDialed.class::isInstance)
        .map(e -> snap.connection(((Event.ConnectionDialed) e).connId())).toList();
  }

  @Test
  void curlOverHttp1IsSeenAsHttp1OneRequestAtATime() throws Exception {
    Path rec = dir.resolve("curl1.blastrec");
    run(curlReusing("--http1.1", 4, dir.resolve("curl.txt")), "--requests", "4", "--record", rec.toString());
    List<Event> made = new java.util.ArrayList<>();
    List<io.blastradius.core.live.ConnView> cards = cards(rec, made);
    assertEquals(1, cards.size(), "one keep-alive connection: " + made);
    assertEquals(io.blastradius.core.policy.Protocol.H1, ((Event.ConnectionDialed) made.get(0)).protocol(), made.toString());
    assertEquals(1, ((Event.ConnectionReady) made.get(1)).maxConcurrentStreams(), "HTTP/1.1: one stream: " + made);
    assertEquals(io.blastradius.core.policy.Protocol.H1, cards.get(0).protocol(), "the card says HTTP/1.1");
    assertEquals(1, cards.get(0).peerMax(), "the card's occupancy bar holds one request");
    assertEquals(4, cards.get(0).ok(), "its four requests, one after another: " + cards.get(0));
  }

  @Test
  void curlOverHttp2IsSeenAsHttp2WithTheServersStreamLimit() throws Exception {
    // Prior knowledge: HTTP/2 from the first byte (one transfer: curl 7.88 fails a second one on a reused connection).
    Path rec = dir.resolve("curl2.blastrec");
    run(ExternalPeers.tool("curl") + " -s --http2-prior-knowledge {url}", "--requests", "1", "--record", rec.toString());
    List<Event> made = new java.util.ArrayList<>();
    List<io.blastradius.core.live.ConnView> cards = cards(rec, made);
    assertEquals(List.of(io.blastradius.core.policy.Protocol.H2), made.stream().filter(Event.ConnectionDialed.class::isInstance)
        .map(e -> ((Event.ConnectionDialed) e).protocol()).toList(), made.toString());
    assertEquals(250, cards.get(0).peerMax(), "the server's SETTINGS_MAX_CONCURRENT_STREAMS: " + made);

    // h2c Upgrade: HTTP/1.1 until the 101, then the same connection with HTTP/2's limit.
    Path up = dir.resolve("curl3.blastrec");
    run(curlReusing("--http2", 3, dir.resolve("curl.txt")), "--requests", "3", "--record", up.toString());
    made.clear();
    cards = cards(up, made);
    assertEquals(1, cards.size(), made.toString());
    assertEquals(io.blastradius.core.policy.Protocol.H1, ((Event.ConnectionDialed) made.get(0)).protocol(), "before the 101: " + made);
    assertEquals(250, ((Event.ConnectionReady) made.get(made.size() - 1)).maxConcurrentStreams(), "after it: " + made);
    assertEquals(io.blastradius.core.policy.Protocol.H2, cards.get(0).protocol(), "the card follows the upgrade");
    assertEquals(250, cards.get(0).peerMax());
    assertEquals(3, cards.get(0).ok());
  }
}
