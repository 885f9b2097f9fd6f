package io.blastradius.core.wire;

import io.blastradius.core.event.Event;
import io.blastradius.core.event.EventLog;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http2.DefaultHttp2FrameWriter;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2Settings;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * Real HTTP/2 frame bytes, written by Netty's own {@link DefaultHttp2FrameWriter} into an
 * {@link EmbeddedChannel}, and a decoder to feed them to.
 */
final class Frames {
  static final Http2Headers REQUEST = new DefaultHttp2Headers().method("GET").path("/").scheme("http").authority("x");
  static final Http2Headers RESPONSE = new DefaultHttp2Headers().status("200");

  final EmbeddedChannel channel = new EmbeddedChannel(new ChannelInboundHandlerAdapter());
  final ChannelHandlerContext ctx = channel.pipeline().firstContext();
  private final DefaultHttp2FrameWriter writer = new DefaultHttp2FrameWriter();
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  /** The bytes written so far, and forgets them. */
  byte[] take() {
    channel.flush();
    ByteBuf b;
    while ((b = channel.readOutbound()) != null) {
      out.writeBytes(ByteBufUtil.getBytes(b));
      b.release();
    }
    byte[] bytes = out.toByteArray();
    out.reset();
    return bytes;
  }

  Frames preface() {
    out.writeBytes(ByteBufUtil.getBytes(Http2CodecUtil.connectionPrefaceBuf()));
    return this;
  }

  Frames settings(Http2Settings s) {
    writer.writeSettings(ctx, s, ctx.newPromise());
    return this;
  }

  Frames settingsAck() {
    writer.writeSettingsAck(ctx, ctx.newPromise());
    return this;
  }

  Frames headers(int stream, Http2Headers h, boolean end) {
    writer.writeHeaders(ctx, stream, h, 0, end, ctx.newPromise());
    return this;
  }

  Frames data(int stream, int bytes, boolean end) {
    writer.writeData(ctx, stream, Unpooled.wrappedBuffer(new byte[bytes]), 0, end, ctx.newPromise());
    return this;
  }

  Frames rst(int stream, long code) {
    writer.writeRstStream(ctx, stream, code, ctx.newPromise());
    return this;
  }

  Frames ping(boolean ack, long payload) {
    writer.writePing(ctx, ack, payload, ctx.newPromise());
    return this;
  }

  Frames goAway(int last, long code) {
    writer.writeGoAway(ctx, last, code, Unpooled.EMPTY_BUFFER, ctx.newPromise());
    return this;
  }

  Frames windowUpdate(int stream, int increment) {
    writer.writeWindowUpdate(ctx, stream, increment, ctx.newPromise());
    return this;
  }

  /** A decoder whose events go to {@code log}, at time 0. */
  static FlowDecoder decoder(int flowId, EventLog log) {
    return new FlowDecoder(flowId, () -> 0, log);
  }

  /** Feeds {@code bytes} in pieces of {@code piece} bytes (1: byte by byte). */
  static void feed(BiConsumer<ChannelHandlerContext, ByteBuf> side, ChannelHandlerContext ctx, byte[] bytes, int piece) {
    for (int i = 0; i < bytes.length; i += piece) {
      ByteBuf b = Unpooled.wrappedBuffer(bytes, i, Math.min(piece, bytes.length - i));
      side.accept(ctx, b);
      if (b.readerIndex() != 0) throw new AssertionError("the decoder moved the relay's reader index");
      b.release();
    }
  }

  static <T extends Event> List<T> only(Class<T> kind, List<Event> events) {
    return events.stream().filter(kind::isInstance).map(kind::cast).toList();
  }
}
