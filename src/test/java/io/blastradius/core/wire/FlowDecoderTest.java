package io.blastradius.core.wire;

import static io.blastradius.core.wire.Frames.feed;
import static io.blastradius.core.wire.Frames.only;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.blastradius.core.event.Event;
import io.blastradius.core.event.EventLog;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Settings;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Every frame kind from real bytes (Netty's frame writer), whole and split at every byte. */
class FlowDecoderTest {

  private final Frames client = new Frames();
  private final Frames server = new Frames();
  private final EventLog log = new EventLog();
  private final FlowDecoder d = Frames.decoder(7, log);

  private List<Event> events() {
    return log.snapshot();
  }

  /** A whole conversation: the client's and the server's bytes, fed in pieces of {@code piece}. */
  private void conversation(int piece) {
    byte[] c1 = client.preface().settings(new Http2Settings().maxConcurrentStreams(100).pushEnabled(false))
        .headers(1, Frames.REQUEST, true).headers(3, Frames.REQUEST, true).ping(false, 0x4252L).take();
    feed(d::fromClient, client.ctx, c1, piece);
    byte[] s1 = server.settings(new Http2Settings().maxConcurrentStreams(250)).settingsAck()
        .headers(1, Frames.RESPONSE, false).data(1, 3, true)
        .headers(3, Frames.RESPONSE, false).data(3, 5, false).data(3, 7, true)
        .ping(true, 0x4252L).windowUpdate(0, 1000).windowUpdate(3, 500).take();
    feed(d::fromServer, server.ctx, s1, piece);
    byte[] c2 = client.settingsAck().headers(5, Frames.REQUEST, true).rst(5, Http2Error.CANCEL.code()).take();
    feed(d::fromClient, client.ctx, c2, piece);
    byte[] s2 = server.goAway(5, Http2Error.ENHANCE_YOUR_CALM.code()).take();
    feed(d::fromServer, server.ctx, s2, piece);
    d.close();
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 7, 100_000})
  void everyFrameKindBecomesItsEvent(int piece) {
    conversation(piece);
    List<Event> e = events();
    assertEquals(List.of(new Event.WireProtocol(0, 7, "h2")), only(Event.WireProtocol.class, e));
    assertEquals(List.of(new Event.WireSettings(0, 7, true, 100), new Event.WireSettings(0, 7, false, 250)),
        only(Event.WireSettings.class, e), "SETTINGS, not their ACKs");
    assertEquals(List.of(
        new Event.WireHeaders(0, 7, 1, true, true), new Event.WireHeaders(0, 7, 3, true, true),
        new Event.WireHeaders(0, 7, 1, false, false), new Event.WireHeaders(0, 7, 3, false, false),
        new Event.WireHeaders(0, 7, 5, true, true)), only(Event.WireHeaders.class, e));
    assertEquals(List.of(new Event.WireData(0, 7, 1, false, 3, true), new Event.WireData(0, 7, 3, false, 12, true)),
        only(Event.WireData.class, e), "one event per ended side, with all its DATA bytes");
    assertEquals(List.of(new Event.WirePing(0, 7, true, false, 0x4252L), new Event.WirePing(0, 7, false, true, 0x4252L)),
        only(Event.WirePing.class, e));
    assertEquals(List.of(new Event.WireWindowUpdate(0, 7, false, 0, 1000)), only(Event.WireWindowUpdate.class, e),
        "connection-level only");
    assertEquals(List.of(new Event.WireReset(0, 7, 5, true, Http2Error.CANCEL.code())), only(Event.WireReset.class, e));
    assertEquals(List.of(new Event.WireGoAway(0, 7, false, 5, Http2Error.ENHANCE_YOUR_CALM.code())),
        only(Event.WireGoAway.class, e));
    // frames: client SETTINGS, 3 HEADERS, PING, SETTINGS ACK, RST; server SETTINGS, ACK, 2 HEADERS,
    // 3 DATA, PING ACK, 2 WINDOW_UPDATE, GOAWAY = 7 + 11 = 18
    assertEquals(List.of(new Event.WireSummary(0, 7, 18, 3, 15, 2)), only(Event.WireSummary.class, e));
    assertTrue(only(Event.WireUndecoded.class, e).isEmpty());
  }

  @Test
  void theFoldCountsStreamsOpenOnTheWireAndTheServersLimit() {
    client.preface().settings(new Http2Settings()).headers(1, Frames.REQUEST, true).headers(3, Frames.REQUEST, true)
        .headers(5, Frames.REQUEST, true).headers(7, Frames.REQUEST, true);
    feed(d::fromClient, client.ctx, client.take(), 1000);
    feed(d::fromServer, server.ctx, server.settings(new Http2Settings().maxConcurrentStreams(250))
        .headers(1, Frames.RESPONSE, false).data(1, 3, true).take(), 1000);
    WireFold fold = new WireFold();
    events().forEach(fold::apply);
    FlowWire w = fold.flow(7).orElseThrow();
    assertEquals(3, w.openStreams(), "1 answered, 3 / 5 / 7 open");
    assertEquals(250, w.serverMaxStreams());
    feed(d::fromClient, client.ctx, client.rst(3, 8).take(), 1000);
    feed(d::fromServer, server.ctx, server.goAway(5, 0).take(), 1000);
    fold = new WireFold();
    events().forEach(fold::apply);
    w = fold.flow(7).orElseThrow();
    assertEquals(1, w.openStreams(), "3 reset, 7 beyond the GOAWAY's last stream");
    assertEquals(4, w.streamsOpened());
    assertEquals(1, w.resetsFromClient());
    assertEquals(1, w.goAwaysFromServer());
    assertEquals(FlowWire.Kind.GOAWAY, w.marks().get(w.marks().size() - 1).kind());
  }

  @Test
  void http11MessageBoundariesIncludingHeadAndChunked() {
    byte[] reqs = ("GET / HTTP/1.1\r\nhost: x\r\n\r\n" + "HEAD / HTTP/1.1\r\nhost: x\r\n\r\n"
        + "POST / HTTP/1.1\r\nhost: x\r\ncontent-length: 4\r\n\r\nbody").getBytes(StandardCharsets.US_ASCII);
    feed(d::fromClient, client.ctx, reqs, 5);
    byte[] resps = ("HTTP/1.1 200 OK\r\ncontent-length: 3\r\n\r\nok\n"
        + "HTTP/1.1 200 OK\r\ncontent-length: 3\r\n\r\n" // HEAD: no body whatever the length says
        + "HTTP/1.1 404 Not Found\r\ntransfer-encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII);
    feed(d::fromServer, server.ctx, resps, 3);
    assertEquals(List.of(new Event.WireProtocol(0, 7, "http/1.1")), only(Event.WireProtocol.class, events()));
    assertEquals(List.of(new Event.WireHttp1(0, 7, true, 0), new Event.WireHttp1(0, 7, true, 0),
        new Event.WireHttp1(0, 7, true, 0), new Event.WireHttp1(0, 7, false, 200), new Event.WireHttp1(0, 7, false, 200),
        new Event.WireHttp1(0, 7, false, 404)), only(Event.WireHttp1.class, events()));
    assertTrue(d.active());
  }

  @Test
  void anH2cUpgradeSwitchesBothSidesToHttp2() {
    feed(d::fromClient, client.ctx, ("GET / HTTP/1.1\r\nhost: x\r\nconnection: Upgrade, HTTP2-Settings\r\n"
        + "upgrade: h2c\r\nhttp2-settings: AAMAAABkAAQAAP__\r\n\r\n").getBytes(StandardCharsets.US_ASCII), 1000);
    byte[] head = "HTTP/1.1 101 Switching Protocols\r\nconnection: upgrade\r\nupgrade: h2c\r\n\r\n"
        .getBytes(StandardCharsets.US_ASCII);
    byte[] frames = server.settings(new Http2Settings().maxConcurrentStreams(250)).headers(1, Frames.RESPONSE, false)
        .data(1, 3, true).take();
    byte[] both = new byte[head.length + frames.length];
    System.arraycopy(head, 0, both, 0, head.length);
    System.arraycopy(frames, 0, both, head.length, frames.length);
    feed(d::fromServer, server.ctx, both, both.length); // the 101 and the first frames in one read
    feed(d::fromClient, client.ctx, client.preface().settings(new Http2Settings()).headers(3, Frames.REQUEST, true).take(), 10);
    List<Event> e = events();
    assertEquals(List.of(new Event.WireProtocol(0, 7, "http/1.1"), new Event.WireProtocol(0, 7, "h2c-upgrade")),
        only(Event.WireProtocol.class, e));
    assertEquals(List.of(new Event.WireSettings(0, 7, false, 250), new Event.WireSettings(0, 7, true, -1)),
        only(Event.WireSettings.class, e));
    assertEquals(List.of(new Event.WireHeaders(0, 7, 1, false, false), new Event.WireHeaders(0, 7, 3, true, true)),
        only(Event.WireHeaders.class, e));
    WireFold fold = new WireFold();
    e.forEach(fold::apply);
    assertEquals(1, fold.flow(7).orElseThrow().openStreams(), "stream 1 answered, stream 3 open");
    assertTrue(only(Event.WireUndecoded.class, e).isEmpty(), e.toString());
  }

  @Test
  void tlsThatIsNotInterceptedIsUndecodedFromTheFirstByte() {
    feed(d::fromClient, client.ctx, new byte[] {22, 3, 1, 0, 5, 1, 2, 3, 4, 5}, 3);
    feed(d::fromServer, server.ctx, new byte[] {22, 3, 3, 0, 1, 0}, 3);
    List<Event.WireUndecoded> u = only(Event.WireUndecoded.class, events());
    assertEquals(1, u.size());
    assertEquals(0, u.get(0).offset());
    assertTrue(u.get(0).why().startsWith("TLS"), u.get(0).why());
    assertFalse(d.active());
    assertEquals(1, events().size(), "nothing else, ever");
  }

  @Test
  void aBrokenFrameAfterGoodOnesNamesItsOffsetAndStopsDecoding() {
    byte[] good = client.preface().settings(new Http2Settings()).headers(1, Frames.REQUEST, true).take();
    // A SETTINGS frame on stream 1 (RFC 7540 §6.5: PROTOCOL_ERROR): length 0, type 4, flags 0, stream 1.
    byte[] bad = {0, 0, 0, 4, 0, 0, 0, 0, 1};
    feed(d::fromClient, client.ctx, good, 1000);
    feed(d::fromClient, client.ctx, bad, 1000);
    feed(d::fromClient, client.ctx, client.headers(3, Frames.REQUEST, true).take(), 1000);
    List<Event.WireUndecoded> u = only(Event.WireUndecoded.class, events());
    assertEquals(1, u.size(), events().toString());
    assertEquals(good.length + bad.length, u.get(0).offset(), "just after the frame that failed");
    assertEquals(1, only(Event.WireHeaders.class, events()).size(), "nothing decoded after it");
    assertFalse(d.active());
  }

  @Test
  void garbageIsUndecodedAtOffsetZero() {
    feed(d::fromClient, client.ctx, new byte[] {0, 1, 2, 3}, 4);
    List<Event.WireUndecoded> u = only(Event.WireUndecoded.class, events());
    assertEquals(1, u.size());
    assertEquals(0, u.get(0).offset());
    assertTrue(u.get(0).fromClient());
  }
}
