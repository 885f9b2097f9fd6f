package io.blastradius.core.wire;

import io.blastradius.core.event.Event;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http2.DefaultHttp2FrameReader;
import io.netty.handler.codec.http2.DefaultHttp2HeadersDecoder;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2Flags;
import io.netty.handler.codec.http2.Http2FrameListener;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.util.collection.IntObjectHashMap;

/**
 * One direction of an HTTP/2 connection: Netty's {@link DefaultHttp2FrameReader} (HPACK included,
 * so header blocks keep the dynamic table in step) with this class as its listener.
 *
 * <p>The reader consumes whole frames and keeps a frame header it has read across calls; the
 * bytes of a frame not yet complete are copied into {@link #cumulation} (a partial frame, never
 * more), so the caller's buffer is never kept. Limits are the protocol's widest (frame size
 * 2^24-1, header table 2^32-1, no header list limit): the decoder watches a conversation whose
 * SETTINGS it does not negotiate, so it must accept anything the peers may have agreed on.
 *
 * <p>Threading: confined to the flow's event loop.
 */
final class H2Side implements Http2FrameListener {
  private final FlowDecoder flow;
  private final boolean fromClient;
  private final DefaultHttp2FrameReader reader;
  /** Per stream: DATA payload bytes so far, for streams whose DATA came in several frames. */
  private final IntObjectHashMap<long[]> dataBytes = new IntObjectHashMap<>();
  private ByteBuf cumulation;
  /** Preface bytes still to skip (client side of prior knowledge or after an Upgrade). */
  private int prefaceLeft;

  H2Side(FlowDecoder flow, boolean fromClient, boolean expectPreface) {
    this.flow = flow;
    this.fromClient = fromClient;
    this.prefaceLeft = expectPreface ? Http2CodecUtil.connectionPrefaceBuf().readableBytes() : 0;
    DefaultHttp2HeadersDecoder headers = new DefaultHttp2HeadersDecoder(false, false, Http2CodecUtil.MAX_HEADER_LIST_SIZE);
    this.reader = new DefaultHttp2FrameReader(headers);
    try {
      reader.maxFrameSize(Http2CodecUtil.MAX_FRAME_SIZE_UPPER_BOUND);
      headers.maxHeaderTableSize(Http2CodecUtil.MAX_HEADER_TABLE_SIZE);
    } catch (Http2Exception e) {
      throw new IllegalStateException(e); // the protocol's own bounds are always accepted
    }
  }

  /**
   * Reads every complete frame in {@code in} (which it consumes), keeping a partial frame's bytes.
   * {@code offsetOfIn} is where {@code in} starts in this side's byte stream (for messages).
   *
   * @throws Http2Exception a frame Netty's reader rejects; {@link NotHttp2} a wrong preface
   */
  void feed(ChannelHandlerContext ctx, ByteBuf in, long offsetOfIn) throws Http2Exception {
    if (prefaceLeft > 0) {
      ByteBuf preface = Http2CodecUtil.connectionPrefaceBuf();
      int skip = Math.min(prefaceLeft, in.readableBytes());
      int at = preface.readableBytes() - prefaceLeft;
      for (int i = 0; i < skip; i++) {
        if (in.getByte(in.readerIndex() + i) != preface.getByte(at + i)) {
          throw new NotHttp2(offsetOfIn + i, "not the HTTP/2 connection preface");
        }
      }
      in.skipBytes(skip);
      prefaceLeft -= skip;
      if (!in.isReadable()) return;
    }
    if (cumulation == null) {
      reader.readFrame(ctx, in, this);
      if (in.isReadable()) cumulation = ctx.alloc().heapBuffer(Math.max(64, in.readableBytes() * 2)).writeBytes(in);
    } else {
      cumulation.writeBytes(in);
      reader.readFrame(ctx, cumulation, this);
      if (cumulation.isReadable()) {
        cumulation.discardSomeReadBytes();
      } else {
        cumulation.release();
        cumulation = null;
      }
    }
  }

  /** Bytes of a partial frame kept for the next call. */
  int pending() {
    return cumulation == null ? 0 : cumulation.readableBytes();
  }

  void release() {
    if (cumulation != null) {
      cumulation.release();
      cumulation = null;
    }
    reader.close();
  }

  /** The bytes did not start the way HTTP/2 must. */
  static final class NotHttp2 extends RuntimeException {
    final long offset;

    NotHttp2(long offset, String why) {
      super(why, null, false, false);
      this.offset = offset;
    }
  }

  // --- frames ----------------------------------------------------------------------------------

  @Override
  public int onDataRead(ChannelHandlerContext ctx, int streamId, ByteBuf data, int padding, boolean endOfStream) {
    int n = data.readableBytes();
    flow.dataFrame(n);
    if (endOfStream) {
      long[] before = dataBytes.remove(streamId);
      flow.emit(new Event.WireData(flow.now(), flow.flowId, streamId, fromClient, n + (before == null ? 0 : before[0]), true));
    } else {
      long[] sum = dataBytes.get(streamId);
      if (sum == null) dataBytes.put(streamId, new long[] {n});
      else sum[0] += n;
    }
    return n + padding;
  }

  @Override
  public void onHeadersRead(ChannelHandlerContext ctx, int streamId, Http2Headers headers, int padding, boolean endOfStream) {
    flow.frame();
    flow.emit(new Event.WireHeaders(flow.now(), flow.flowId, streamId, fromClient, endOfStream));
  }

  @Override
  public void onHeadersRead(ChannelHandlerContext ctx, int streamId, Http2Headers headers, int streamDependency,
      short weight, boolean exclusive, int padding, boolean endOfStream) {
    onHeadersRead(ctx, streamId, headers, padding, endOfStream);
  }

  @Override
  public void onPriorityRead(ChannelHandlerContext ctx, int streamId, int streamDependency, short weight, boolean exclusive) {
    flow.frame();
  }

  @Override
  public void onRstStreamRead(ChannelHandlerContext ctx, int streamId, long errorCode) {
    flow.frame();
    dataBytes.remove(streamId);
    flow.emit(new Event.WireReset(flow.now(), flow.flowId, streamId, fromClient, errorCode));
  }

  @Override
  public void onSettingsAckRead(ChannelHandlerContext ctx) {
    flow.frame();
  }

  @Override
  public void onSettingsRead(ChannelHandlerContext ctx, Http2Settings settings) {
    flow.frame();
    Long max = settings.maxConcurrentStreams();
    flow.emit(new Event.WireSettings(flow.now(), flow.flowId, fromClient, max == null ? -1 : max));
  }

  @Override
  public void onPingRead(ChannelHandlerContext ctx, long data) {
    flow.frame();
    flow.emit(new Event.WirePing(flow.now(), flow.flowId, fromClient, false, data));
  }

  @Override
  public void onPingAckRead(ChannelHandlerContext ctx, long data) {
    flow.frame();
    flow.emit(new Event.WirePing(flow.now(), flow.flowId, fromClient, true, data));
  }

  @Override
  public void onPushPromiseRead(ChannelHandlerContext ctx, int streamId, int promisedStreamId, Http2Headers headers,
      int padding) {
    flow.frame();
  }

  @Override
  public void onGoAwayRead(ChannelHandlerContext ctx, int lastStreamId, long errorCode, ByteBuf debugData) {
    flow.frame();
    flow.emit(new Event.WireGoAway(flow.now(), flow.flowId, fromClient, lastStreamId, errorCode));
  }

  @Override
  public void onWindowUpdateRead(ChannelHandlerContext ctx, int streamId, int windowSizeIncrement) {
    flow.windowUpdate();
    if (streamId == 0) {
      flow.emit(new Event.WireWindowUpdate(flow.now(), flow.flowId, fromClient, streamId, windowSizeIncrement));
    }
  }

  @Override
  public void onUnknownFrame(ChannelHandlerContext ctx, byte frameType, int streamId, Http2Flags flags, ByteBuf payload) {
    flow.frame();
  }
}
