package io.blastradius.core.external.toxic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.blastradius.core.external.ToxicSpec;
import io.blastradius.core.external.ToxicStream;
import io.blastradius.core.external.ToxicType;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Each toxic on an EmbeddedChannel with frozen time: what reaches the socket and when, and when
 * the relay's write promise completes (which is when the relay reads on: backpressure).
 */
class ToxicHandlersTest {
  private static ToxicSpec spec(ToxicType type, Map<String, ?> attrs) {
    return ToxicSpec.of("t", type, ToxicStream.DOWNSTREAM, 1.0, attrs);
  }

  private static EmbeddedChannel channel(ToxicHandler h) {
    EmbeddedChannel ch = new EmbeddedChannel();
    ch.freezeTime();
    ch.pipeline().addFirst("toxic", h);
    return ch;
  }

  private static ByteBuf bytes(String s) {
    return Unpooled.copiedBuffer(s, StandardCharsets.US_ASCII);
  }

  /** Everything written to the socket so far, as text (FINs are empty and vanish). */
  private static String out(EmbeddedChannel ch) {
    StringBuilder sb = new StringBuilder();
    ByteBuf b;
    while ((b = ch.readOutbound()) != null) {
      sb.append(b.toString(StandardCharsets.US_ASCII));
      b.release();
    }
    return sb.toString();
  }

  private static List<Integer> pieceSizes(EmbeddedChannel ch) {
    List<Integer> sizes = new ArrayList<>();
    ByteBuf b;
    while ((b = ch.readOutbound()) != null) {
      sizes.add(b.readableBytes());
      b.release();
    }
    return sizes;
  }

  @Test
  void latencyHoldsEachChunkButLetsTheSenderGoOn() {
    EmbeddedChannel ch = channel(new LatencyToxic(spec(ToxicType.LATENCY, Map.of("latency", 100L))));
    ChannelFuture first = ch.writeAndFlush(bytes("a"));
    assertTrue(first.isSuccess(), "buffered: the relay may read the next chunk at once");
    ch.advanceTimeBy(50, TimeUnit.MILLISECONDS);
    ch.writeAndFlush(bytes("b"));
    ch.runScheduledPendingTasks();
    assertEquals("", out(ch));
    ch.advanceTimeBy(50, TimeUnit.MILLISECONDS);
    ch.runScheduledPendingTasks();
    assertEquals("a", out(ch), "the first chunk 100 ms after it arrived");
    ch.advanceTimeBy(50, TimeUnit.MILLISECONDS);
    ch.runScheduledPendingTasks();
    assertEquals("b", out(ch));
    ch.finishAndReleaseAll();
  }

  @Test
  void latencyStopsTheSenderBeyondItsBuffer() {
    EmbeddedChannel ch = channel(new LatencyToxic(spec(ToxicType.LATENCY, Map.of("latency", 100L))));
    assertTrue(ch.writeAndFlush(Unpooled.wrappedBuffer(new byte[(int) LatencyToxic.BUFFER])).isSuccess());
    ChannelFuture over = ch.writeAndFlush(bytes("x"));
    assertFalse(over.isDone(), "over the buffer: the promise waits for the write");
    ch.advanceTimeBy(100, TimeUnit.MILLISECONDS);
    ch.runScheduledPendingTasks();
    assertTrue(over.isSuccess());
    ch.finishAndReleaseAll();
  }

  @Test
  void removingLatencyDeliversWhatWaitsInOrder() {
    EmbeddedChannel ch = channel(new LatencyToxic(spec(ToxicType.LATENCY, Map.of("latency", 10_000L))));
    ch.writeAndFlush(bytes("a"));
    ch.writeAndFlush(bytes("b"));
    ch.pipeline().remove("toxic");
    assertEquals("ab", out(ch));
    ch.finishAndReleaseAll();
  }

  @Test
  void bandwidthPacesAndHoldsTheSender() {
    // 1 KB/s = 1 byte per ms: 250 bytes take 250 ms, cut in 100-byte (100 ms) pieces.
    EmbeddedChannel ch = channel(new BandwidthToxic(spec(ToxicType.BANDWIDTH, Map.of("rate", 1L))));
    ChannelFuture w = ch.writeAndFlush(Unpooled.wrappedBuffer(new byte[250]));
    assertFalse(w.isDone());
    assertEquals(List.of(), pieceSizes(ch));
    ch.advanceTimeBy(100, TimeUnit.MILLISECONDS);
    ch.runScheduledPendingTasks();
    assertEquals(List.of(100), pieceSizes(ch));
    ch.advanceTimeBy(150, TimeUnit.MILLISECONDS);
    ch.runScheduledPendingTasks();
    assertEquals(List.of(100, 50), pieceSizes(ch));
    assertTrue(w.isSuccess(), "the sender goes on once its chunk is out");
    ch.finishAndReleaseAll();
  }

  @Test
  void slicerCutsChunksIntoSmallPiecesApart() {
    EmbeddedChannel ch = channel(new SlicerToxic(spec(ToxicType.SLICER, Map.of("average_size", 10L, "delay", 1000L))));
    ChannelFuture w = ch.writeAndFlush(Unpooled.wrappedBuffer(new byte[40]));
    assertEquals(List.of(10), pieceSizes(ch), "the first piece at once");
    assertFalse(w.isDone());
    ch.advanceTimeBy(3, TimeUnit.MILLISECONDS);
    ch.runScheduledPendingTasks();
    assertEquals(List.of(10, 10, 10), pieceSizes(ch), "then one every 1000 us");
    assertTrue(w.isSuccess());
    ch.finishAndReleaseAll();
  }

  @Test
  void slowCloseDelaysOnlyTheFin() {
    EmbeddedChannel ch = channel(new SlowCloseToxic(spec(ToxicType.SLOW_CLOSE, Map.of("delay", 500L))));
    ch.writeAndFlush(bytes("data"));
    assertEquals("data", out(ch));
    ChannelFuture fin = ch.writeAndFlush(Unpooled.EMPTY_BUFFER);
    assertFalse(fin.isDone(), "the relay closes the socket when the FIN's write completes");
    ch.advanceTimeBy(500, TimeUnit.MILLISECONDS);
    ch.runScheduledPendingTasks();
    assertTrue(fin.isSuccess());
    ch.finishAndReleaseAll();
  }

  @Test
  void timeoutDropsEverythingAndClosesLater() {
    EmbeddedChannel ch = channel(new TimeoutToxic(spec(ToxicType.TIMEOUT, Map.of("timeout", 200L))));
    assertTrue(ch.writeAndFlush(bytes("lost")).isSuccess());
    assertEquals("", out(ch));
    ch.advanceTimeBy(199, TimeUnit.MILLISECONDS);
    ch.runScheduledPendingTasks();
    assertTrue(ch.isOpen());
    ch.advanceTimeBy(1, TimeUnit.MILLISECONDS);
    ch.runScheduledPendingTasks();
    assertFalse(ch.isOpen());
  }

  @Test
  void removingATimeoutClosesTheSocket() {
    EmbeddedChannel ch = channel(new TimeoutToxic(spec(ToxicType.TIMEOUT, Map.of("timeout", 0L))));
    ch.writeAndFlush(bytes("lost"));
    ch.advanceTimeBy(1, TimeUnit.HOURS);
    ch.runScheduledPendingTasks();
    assertTrue(ch.isOpen(), "timeout 0 never closes");
    ch.pipeline().remove("toxic");
    assertFalse(ch.isOpen());
  }

  @Test
  void updatingATimeoutRearmsItsTimer() {
    TimeoutToxic t = new TimeoutToxic(spec(ToxicType.TIMEOUT, Map.of("timeout", 0L)));
    EmbeddedChannel ch = channel(t);
    ch.advanceTimeBy(1, TimeUnit.HOURS);
    ch.runScheduledPendingTasks();
    assertTrue(ch.isOpen());
    t.reconfigure(ch.pipeline().context("toxic"), spec(ToxicType.TIMEOUT, Map.of("timeout", 100L)));
    ch.advanceTimeBy(99, TimeUnit.MILLISECONDS);
    ch.runScheduledPendingTasks();
    assertTrue(ch.isOpen());
    ch.advanceTimeBy(1, TimeUnit.MILLISECONDS);
    ch.runScheduledPendingTasks();
    assertFalse(ch.isOpen(), "closed 100 ms after the update");
  }

  @Test
  void updatingLatencyActsOnTheNextChunk() {
    LatencyToxic t = new LatencyToxic(spec(ToxicType.LATENCY, Map.of("latency", 1000L)));
    EmbeddedChannel ch = channel(t);
    t.reconfigure(ch.pipeline().context("toxic"), spec(ToxicType.LATENCY, Map.of("latency", 10L)));
    ch.writeAndFlush(bytes("a"));
    ch.advanceTimeBy(10, TimeUnit.MILLISECONDS);
    ch.runScheduledPendingTasks();
    assertEquals("a", out(ch));
    ch.finishAndReleaseAll();
  }

  @Test
  void resetPeerResetsTheFlowAfterTheFirstChunk() {
    AtomicInteger resets = new AtomicInteger();
    EmbeddedChannel ch = channel(new ResetPeerToxic(spec(ToxicType.RESET_PEER, Map.of("timeout", 100L)), resets::incrementAndGet));
    ch.advanceTimeBy(1, TimeUnit.SECONDS);
    ch.runScheduledPendingTasks();
    assertEquals(0, resets.get(), "nothing happens before data arrives");
    ch.writeAndFlush(bytes("x"));
    assertEquals("", out(ch));
    ch.advanceTimeBy(100, TimeUnit.MILLISECONDS);
    ch.runScheduledPendingTasks();
    assertEquals(1, resets.get());
    ch.finishAndReleaseAll();
  }

  @Test
  void limitDataClosesAfterTheLimit() {
    EmbeddedChannel ch = channel(new LimitDataToxic(spec(ToxicType.LIMIT_DATA, Map.of("bytes", 5L))));
    ch.writeAndFlush(bytes("abc"));
    assertTrue(ch.isOpen());
    ch.writeAndFlush(bytes("defgh"));
    assertEquals("abcde", out(ch));
    assertFalse(ch.isOpen());
  }

  @Test
  void blackholeHoldKeepsBytesAndTheSenderUntilRemoved() {
    BlackholeToxic hole = new BlackholeToxic(spec(ToxicType.BLACKHOLE, Map.of()));
    EmbeddedChannel ch = channel(hole);
    ChannelFuture w = ch.writeAndFlush(bytes("held"));
    ChannelFuture fin = ch.writeAndFlush(Unpooled.EMPTY_BUFFER);
    ch.advanceTimeBy(1, TimeUnit.HOURS);
    ch.runScheduledPendingTasks();
    assertEquals("", out(ch));
    assertFalse(w.isDone(), "the relay reads nothing more: TCP stops the sender");
    assertFalse(fin.isDone(), "no FIN crosses a dead route");
    assertEquals(2, hole.heldWrites());
    ch.pipeline().remove("toxic");
    assertEquals("held", out(ch));
    assertTrue(w.isSuccess() && fin.isSuccess());
    ch.finishAndReleaseAll();
  }

  @Test
  void blackholeDropDiscardsBytesAndHoldsTheFin() {
    EmbeddedChannel ch = channel(new BlackholeToxic(spec(ToxicType.BLACKHOLE, Map.of("mode", "drop"))));
    assertTrue(ch.writeAndFlush(bytes("gone")).isSuccess(), "the sender goes on, into the void");
    ChannelFuture fin = ch.writeAndFlush(Unpooled.EMPTY_BUFFER);
    assertEquals("", out(ch));
    assertFalse(fin.isDone());
    ch.pipeline().remove("toxic");
    assertTrue(fin.isSuccess());
    assertEquals("", out(ch), "dropped bytes stay dropped");
    ch.finishAndReleaseAll();
  }

  @Test
  void chainedToxicsActInTheOrderAdded() {
    EmbeddedChannel ch = new EmbeddedChannel();
    ch.freezeTime();
    // First toxic nearest the tail (sees writes first): a slicer, then a latency after it.
    ch.pipeline().addFirst("slicer", new SlicerToxic(spec(ToxicType.SLICER, Map.of("average_size", 2L, "delay", 0L))));
    ch.pipeline().addFirst("latency", new LatencyToxic(spec(ToxicType.LATENCY, Map.of("latency", 10L))));
    ch.writeAndFlush(bytes("abcd"));
    assertEquals(List.of(), pieceSizes(ch));
    ch.advanceTimeBy(10, TimeUnit.MILLISECONDS);
    ch.runScheduledPendingTasks();
    assertEquals(List.of(2, 2), pieceSizes(ch), "sliced first, then delayed");
    ch.finishAndReleaseAll();
  }
}
