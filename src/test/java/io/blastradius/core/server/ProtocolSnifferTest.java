package io.blastradius.core.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.blastradius.core.event.EventSink;
import io.blastradius.core.time.Clock;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http2.Http2CodecUtil;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The per-connection pipeline without sockets or real time (Netty's EmbeddedChannel): protocol
 * detection across split reads, and the handler delay driven by a frozen, hand-advanced clock.
 */
class ProtocolSnifferTest {
  private static final String GET = "GET / HTTP/1.1\r\nHost: t\r\n\r\n";
  private static final String OK = "HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\ncontent-length: 3\r\n\r\nok\n";

  private static EmbeddedChannel channel(ServerConfig config) {
    ServerShared shared = new ServerShared(config, Clock.SYSTEM, EventSink.NONE);
    EmbeddedChannel ch = new EmbeddedChannel();
    ch.freezeTime();
    ch.pipeline().addLast("sniffer", new ProtocolSniffer(shared, 1));
    return ch;
  }

  private static ByteBuf ascii(String s) {
    return Unpooled.copiedBuffer(s, StandardCharsets.US_ASCII);
  }

  private static String drainOutbound(EmbeddedChannel ch) {
    StringBuilder sb = new StringBuilder();
    ByteBuf b;
    while ((b = ch.readOutbound()) != null) {
      sb.append(b.toString(StandardCharsets.US_ASCII));
      b.release();
    }
    return sb.toString();
  }

  @Test
  void http1IsRecognisedFromItsFirstByte() {
    EmbeddedChannel ch = channel(ServerConfig.defaults());
    ch.writeInbound(ascii("G"));
    assertNull(ch.pipeline().get("sniffer"), "one byte that is not 'P' decides");
    assertNotNull(ch.pipeline().get("h1"));
    ch.writeInbound(ascii(GET.substring(1)));
    assertEquals(OK, drainOutbound(ch));
    assertTrue(ch.isOpen());
    ch.finishAndReleaseAll();
  }

  @Test
  void aSplitPrefaceWaitsForAllTwentyFourBytes() {
    EmbeddedChannel ch = channel(ServerConfig.defaults().withMaxConcurrentStreams(9));
    byte[] preface = ByteBufUtil.getBytes(Http2CodecUtil.connectionPrefaceBuf());
    ch.writeInbound(Unpooled.wrappedBuffer(preface, 0, 10));
    assertNotNull(ch.pipeline().get("sniffer"), "undecided after 10 bytes of the preface");
    ch.writeInbound(Unpooled.wrappedBuffer(preface, 10, preface.length - 10));
    assertNull(ch.pipeline().get("sniffer"));
    assertNotNull(ch.pipeline().get("h2"));
    ByteBuf settings = ch.readOutbound();
    assertEquals(0x4, settings.getByte(3), "the server's first frame is SETTINGS");
    // one setting, MAX_CONCURRENT_STREAMS (0x3) = 9, among the frame's 6-byte entries
    boolean found = false;
    for (int i = 9; i + 6 <= settings.readableBytes(); i += 6) {
      if (settings.getUnsignedShort(i) == 0x3) found = settings.getInt(i + 2) == 9;
    }
    assertTrue(found, ByteBufUtil.hexDump(settings));
    settings.release();
    ch.finishAndReleaseAll();
  }

  @Test
  void theDelayIsScheduledOnTheLoopNotSlept() {
    EmbeddedChannel ch = channel(ServerConfig.defaults().withDelay(DelayModel.fixed(Duration.ofSeconds(5))));
    ch.writeInbound(ascii(GET));
    ch.runPendingTasks();
    assertNull(ch.readOutbound(), "answered before its delay");
    ch.advanceTimeBy(4999, TimeUnit.MILLISECONDS);
    ch.runScheduledPendingTasks();
    assertNull(ch.readOutbound(), "answered before its delay");
    ch.advanceTimeBy(1, TimeUnit.MILLISECONDS);
    ch.runScheduledPendingTasks();
    assertEquals(OK, drainOutbound(ch));
    ch.finishAndReleaseAll();
  }

  @Test
  void pipelinedAnswersKeepRequestOrderWhateverTheirDelays() {
    // Uniform 0..100 ms: with this seed the second request draws a shorter delay than the first.
    DelayModel uniform = new DelayModel(DelayModel.Kind.UNIFORM, Duration.ZERO, Duration.ofMillis(100), 0, Duration.ZERO, 3);
    DelayModel.Sampler probe = uniform.sampler(1);
    long first = probe.nextNanos();
    long second = probe.nextNanos();
    assertTrue(second < first, "pick another seed: " + first + " " + second);
    EmbeddedChannel ch = channel(ServerConfig.defaults().withDelay(uniform));
    ch.writeInbound(ascii("GET /1 HTTP/1.1\r\nHost: t\r\n\r\nGET /2 HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n"));
    ch.advanceTimeBy(second, TimeUnit.NANOSECONDS);
    ch.runScheduledPendingTasks();
    assertNull(ch.readOutbound(), "the second answer must wait for the first");
    ch.advanceTimeBy(first - second, TimeUnit.NANOSECONDS);
    ch.runScheduledPendingTasks();
    String out = drainOutbound(ch);
    assertTrue(out.startsWith(OK), out);
    assertTrue(out.endsWith("connection: close\r\n\r\nok\n"), out);
    assertFalse(ch.isOpen(), "closed after the Connection: close answer");
    ch.finishAndReleaseAll();
  }
}
