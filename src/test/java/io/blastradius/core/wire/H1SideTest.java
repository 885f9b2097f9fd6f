package io.blastradius.core.wire;

import static io.blastradius.core.wire.Frames.feed;
import static io.blastradius.core.wire.Frames.only;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.blastradius.core.event.Event;
import io.blastradius.core.event.EventLog;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseDecoder;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * HTTP/1.1 message boundaries read by {@link H1Side}: every framing rule of RFC 9112 §6 the proxy
 * meets, fed whole and in small pieces; what is not HTTP/1 ends decoding at the line that failed;
 * and on generated conversations, the same message ends as Netty's own HTTP decoders.
 */
class H1SideTest {
  private final Frames client = new Frames();
  private final Frames server = new Frames();
  private final EventLog log = new EventLog();
  private final FlowDecoder d = Frames.decoder(3, log);

  @AfterEach
  void release() {
    d.close();
    client.channel.finishAndReleaseAll();
    server.channel.finishAndReleaseAll();
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  private List<Event.WireHttp1> ends() {
    return only(Event.WireHttp1.class, log.snapshot());
  }

  private static Event.WireHttp1 request() {
    return new Event.WireHttp1(0, 3, true, 0);
  }

  private static Event.WireHttp1 response(int status) {
    return new Event.WireHttp1(0, 3, false, status);
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 9, 100_000})
  void interimAnswersEmptyStatusesChunksWithExtensionsAndTrailers(int piece) {
    feed(d::fromClient, client.ctx, ascii("POST /a HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\nhello\r\n"
        + "GET /caf\u00e9 HTTP/1.1\r\nhost: x\r\n\r\n" // a raw UTF-8 (here Latin-1) byte in the path
        + "GET /c HTTP/1.1\r\nhost: x\r\n\r\n"
        + "PUT /d HTTP/1.1\r\nTransfer-Encoding: gzip, Chunked\r\n\r\n2;name=v\r\nab\r\n0\r\nx-sum: 1\r\n\r\n"), piece);
    feed(d::fromServer, server.ctx, ascii("HTTP/1.1 100 Continue\r\n\r\n"
        + "HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok"
        + "HTTP/1.1 204 No Content\r\n\r\n"
        + "HTTP/1.1 304 Not Modified\r\ncontent-length: 40\r\n\r\n" // 304: no body whatever the length says
        + "HTTP/1.1 201 Created\r\nTRANSFER-ENCODING: chunked\r\ncontent-length: 99\r\n\r\n" // chunked wins
        + "a\r\n0123456789\r\n0\r\n\r\n"), piece);
    assertEquals(List.of(request(), request(), request(), request(), response(100), response(200), response(204),
        response(304), response(201)), ends());
    assertTrue(d.active());
    assertTrue(only(Event.WireUndecoded.class, log.snapshot()).isEmpty());
  }

  @Test
  void aResponseWithNeitherLengthNorChunksRunsToTheConnectionsEnd() {
    feed(d::fromClient, client.ctx, ascii("GET / HTTP/1.0\r\n\r\n"), 100);
    feed(d::fromServer, server.ctx, ascii("HTTP/1.0 200 OK\r\n\r\nbody HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n"), 100);
    feed(d::fromServer, server.ctx, ascii("\u0000\u0001 anything at all"), 100);
    assertEquals(List.of(request()), ends(), "the body has no end before the connection's");
    assertTrue(d.active());
  }

  @Test
  void aLineSplitAcrossReadsOfOneByteEachIsReadWhole() {
    byte[] big = ascii("GET / HTTP/1.1\r\nx-long: " + "v".repeat(3000) + "\r\n\r\n");
    feed(d::fromClient, client.ctx, big, 1);
    assertEquals(List.of(request()), ends());
  }

  /** Bad bytes after a good request ('|' marks the failing line): one undecoded event, at that line. */
  @ParameterizedTest
  @ValueSource(strings = {
    "GET / HTTP/1.1\r\n|content-length: 12x\r\n\r\n",
    "GET / HTTP/1.1\r\ncontent-length: 1\r\n|Content-Length: 1\r\n\r\nx",
    "GET / HTTP/1.1\r\n|no colon here\r\n\r\n",
    "GET / HTTP/1.1\r\n|bad name: v\r\n\r\n",
    "|GET /\r\n\r\n",
    "|GET / SPDY/3\r\n\r\n",
    "POST / HTTP/1.1\r\ntransfer-encoding: chunked\r\n\r\n|zz\r\n",
    "POST / HTTP/1.1\r\ntransfer-encoding: chunked\r\n\r\n|fffffffff\r\n",
  })
  void whatIsNotHttp1EndsDecodingAtTheLineThatFailed(String marked) {
    byte[] good = ascii("GET / HTTP/1.1\r\nhost: x\r\n\r\n");
    feed(d::fromClient, client.ctx, good, 1000);
    feed(d::fromClient, client.ctx, ascii(marked.replace("|", "")), 1000);
    feed(d::fromClient, client.ctx, good, 1000);
    List<Event.WireUndecoded> u = only(Event.WireUndecoded.class, log.snapshot());
    assertEquals(1, u.size(), log.snapshot().toString());
    assertTrue(u.get(0).fromClient());
    assertTrue(u.get(0).why().startsWith("not HTTP/1.1"), u.get(0).why());
    assertEquals(good.length + marked.indexOf('|'), u.get(0).offset(), "the failing line's first byte");
    assertEquals(1, ends().size(), "only the first good request: nothing after giving up");
    assertFalse(d.active());
  }

  @Test
  void aLineLongerThanNettysLimitIsUndecodedWithoutWaitingForItsEnd() {
    feed(d::fromClient, client.ctx, ascii("GET /" + "a".repeat(H1Side.MAX_LINE)), 700);
    assertEquals(1, only(Event.WireUndecoded.class, log.snapshot()).size());
    assertFalse(d.active());
  }

  @Test
  void aSwitchNobodyAskedForLeavesTheRestUndecoded() {
    feed(d::fromClient, client.ctx, ascii("GET /chat HTTP/1.1\r\nupgrade: websocket\r\nconnection: upgrade\r\n\r\n"), 100);
    feed(d::fromServer, server.ctx, ascii("HTTP/1.1 101 Switching Protocols\r\nupgrade: websocket\r\n\r\n\u0081\u0002hi"), 100);
    assertEquals(List.of(request(), response(101)), ends());
    List<Event.WireUndecoded> u = only(Event.WireUndecoded.class, log.snapshot());
    assertEquals(1, u.size());
    assertFalse(u.get(0).fromClient());
    assertFalse(only(Event.WireProtocol.class, log.snapshot()).stream().anyMatch(p -> p.protocol().equals("h2c-upgrade")));
  }

  /**
   * Generated conversations (methods, HEAD, lengths, chunks with extensions and trailers, interim
   * answers, headers in any case and order) split at random: the same message ends, in the same
   * order, as Netty's {@link HttpRequestDecoder} and {@link HttpResponseDecoder} find.
   */
  @Test
  void sameMessageEndsAsNettysDecodersOnGeneratedConversations() {
    SplittableRandom r = new SplittableRandom(11);
    for (int round = 0; round < 300; round++) {
      StringBuilder reqs = new StringBuilder();
      StringBuilder resps = new StringBuilder();
      for (int m = 0, n = 1 + r.nextInt(6); m < n; m++) {
        String method = new String[] {"GET", "HEAD", "POST", "PUT", "DELETE"}[r.nextInt(5)];
        reqs.append(method).append(" /p").append(m).append(" HTTP/1.1\r\n").append(headers(r));
        reqs.append(body(r, !method.equals("GET") && !method.equals("HEAD")));
        if (r.nextInt(5) == 0) resps.append("HTTP/1.1 100 Continue\r\n").append(headers(r)).append("\r\n");
        int status = new int[] {200, 200, 201, 204, 304, 404, 500}[r.nextInt(7)];
        resps.append("HTTP/1.1 ").append(status).append(" X\r\n").append(headers(r));
        if (status == 204 || status == 304 || method.equals("HEAD")) resps.append("content-length: 7\r\n\r\n");
        else resps.append(body(r, true));
      }
      EventLog events = new EventLog();
      FlowDecoder ours = Frames.decoder(round, events);
      byte[] c = ascii(reqs.toString());
      byte[] s = ascii(resps.toString());
      feed(ours::fromClient, client.ctx, c, 1 + r.nextInt(40));
      feed(ours::fromServer, server.ctx, s, 1 + r.nextInt(40));
      ours.close();
      List<Integer> expected = netty(c, s);
      List<Integer> got = only(Event.WireHttp1.class, events.snapshot()).stream()
          .map(e -> e.fromClient() ? -1 : e.status()).toList();
      assertEquals(expected, got, "round " + round + ":\n" + reqs + "\n" + resps);
      assertTrue(only(Event.WireUndecoded.class, events.snapshot()).isEmpty(), events.snapshot().toString());
    }
  }

  private static String headers(SplittableRandom r) {
    StringBuilder h = new StringBuilder();
    String[] names = {"Host", "accept", "X-Trace", "cache-control", "user-agent", "content-type"};
    for (int i = 0, n = r.nextInt(5); i < n; i++) {
      h.append(names[r.nextInt(names.length)]).append(':').append(r.nextBoolean() ? " " : "").append("v").append(r.nextInt(1000))
          .append("\r\n");
    }
    return h.toString();
  }

  /** The framing headers, the blank line and a body: by length, chunked, or none. */
  private static String body(SplittableRandom r, boolean withBody) {
    if (!withBody) return "\r\n";
    if (r.nextBoolean()) {
      int n = r.nextInt(30);
      return (r.nextBoolean() ? "Content-Length: " : "content-length:") + n + "\r\n\r\n" + "b".repeat(n);
    }
    StringBuilder b = new StringBuilder(r.nextBoolean() ? "Transfer-Encoding: chunked\r\n\r\n" : "transfer-encoding: gzip, chunked\r\n\r\n");
    for (int i = 0, n = r.nextInt(4); i < n; i++) {
      int size = 1 + r.nextInt(20);
      b.append(Integer.toHexString(size)).append(r.nextBoolean() ? ";ext=1" : "").append("\r\n").append("c".repeat(size)).append("\r\n");
    }
    b.append("0\r\n");
    if (r.nextBoolean()) b.append("x-trailer: t\r\n");
    return b.append("\r\n").toString();
  }

  /** Netty's message ends: -1 per request (all of them first), then each response's status. */
  private static List<Integer> netty(byte[] requests, byte[] responses) {
    ArrayDeque<Boolean> head = new ArrayDeque<>();
    List<Integer> ends = new ArrayList<>();
    EmbeddedChannel req = new EmbeddedChannel(new HttpRequestDecoder());
    req.writeInbound(Unpooled.wrappedBuffer(requests));
    for (Object o; (o = req.readInbound()) != null; ReferenceCountUtil.release(o)) {
      if (o instanceof HttpRequest q) head.add(q.method().name().equals("HEAD"));
      if (o instanceof LastHttpContent) ends.add(-1);
    }
    req.finishAndReleaseAll();
    EmbeddedChannel resp = new EmbeddedChannel(new HttpResponseDecoder() {
      @Override
      protected boolean isContentAlwaysEmpty(HttpMessage msg) {
        int code = ((HttpResponse) msg).status().code();
        boolean interim = code >= 100 && code < 200 && code != 101;
        return (!interim && Boolean.TRUE.equals(head.poll())) || super.isContentAlwaysEmpty(msg);
      }
    });
    resp.writeInbound(Unpooled.wrappedBuffer(responses));
    int status = 0;
    for (Object o; (o = resp.readInbound()) != null; ReferenceCountUtil.release(o)) {
      if (o instanceof HttpResponse s) status = s.status().code();
      if (o instanceof LastHttpContent) ends.add(status);
    }
    resp.finishAndReleaseAll();
    return ends;
  }
}
