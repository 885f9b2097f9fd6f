package io.blastradius.core.wire;

import io.blastradius.core.event.Event;
import io.blastradius.core.event.EventSink;
import io.blastradius.core.time.Clock;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http2.Http2CodecUtil;
import java.util.ArrayDeque;

/**
 * Decodes one flow's two byte streams into wire events, from copies of what the proxy relays.
 *
 * <p>The first client bytes decide: the HTTP/2 preface means HTTP/2 with prior knowledge; an
 * upper-case token (a method) means HTTP/1.1, which a {@code Upgrade: h2c} request answered by
 * 101 turns into HTTP/2 (RFC 7540 §3.2); a TLS record (content type 22) or anything else means
 * the flow is undecoded. Server bytes that arrive before the client's decide wait, up to
 * {@link #EARLY_LIMIT}.
 *
 * <p>Anything that does not parse (including a decoder bug) ends decoding: one
 * {@link Event.WireUndecoded} naming the side and the offset, everything held is released and
 * {@link #active()} turns false, after which the tap leaves the pipeline and the flow costs
 * nothing more. No exception ever leaves this class.
 *
 * <p>Threading: confined to the flow's event loop.
 */
public final class FlowDecoder {
  /** Server bytes kept while the client's first bytes have not decided the protocol. */
  static final int EARLY_LIMIT = 64 * 1024;
  private static final byte[] PREFACE = ByteBufUtil.getBytes(Http2CodecUtil.connectionPrefaceBuf());
  private static final byte TLS_HANDSHAKE = 22;

  private enum Mode { DETECT, H1, H2, OFF }

  final int flowId;
  private final Clock clock;
  private final EventSink sink;
  private Mode mode = Mode.DETECT;
  /** Client bytes matched against the preface so far (DETECT). */
  private int prefaceMatched;
  private ByteBuf serverEarly;
  private H2Side h2Client;
  private H2Side h2Server;
  private H1Side h1Client;
  private H1Side h1Server;
  private final ArrayDeque<Boolean> headRequests = new ArrayDeque<>();
  private boolean upgradeAsked;
  private boolean upgraded;
  private long clientOffset;
  private long serverOffset;
  private ChannelHandlerContext ctx;
  // Counted, not recorded one by one (see WireSummary).
  private long frames;
  private long dataFrames;
  private long dataBytes;
  private long windowUpdates;

  public FlowDecoder(int flowId, Clock clock, EventSink sink) {
    this.flowId = flowId;
    this.clock = clock;
    this.sink = sink;
  }

  /** False once the flow proved undecodable (or was closed): feeding it then does nothing. */
  public boolean active() {
    return mode != Mode.OFF;
  }

  /**
   * Bytes the client sent. {@code ctx} lends an allocator (and is handed to Netty's frame reader);
   * {@code bytes} is read, never retained or released.
   */
  public void fromClient(ChannelHandlerContext ctx, ByteBuf bytes) {
    feed(ctx, bytes, true);
  }

  /** Bytes sent to the client; as {@link #fromClient}. */
  public void fromServer(ChannelHandlerContext ctx, ByteBuf bytes) {
    feed(ctx, bytes, false);
  }

  private void feed(ChannelHandlerContext ctx, ByteBuf bytes, boolean client) {
    if (mode == Mode.OFF || !bytes.isReadable()) return;
    this.ctx = ctx;
    long base = client ? clientOffset : serverOffset;
    int n = bytes.readableBytes();
    if (client) clientOffset += n;
    else serverOffset += n;
    ByteBuf in = bytes.duplicate();
    try {
      if (client) clientBytes(in, base);
      else serverBytes(in, base);
    } catch (H2Side.NotHttp2 e) {
      undecoded(client, e.offset, e.getMessage());
    } catch (Throwable e) { // Http2Exception, a bad HTTP/1 message, or a decoder bug: never into the relay
      H2Side side = client ? h2Client : h2Server;
      long at = base + n - in.readableBytes() - (side == null ? 0 : side.pending());
      undecoded(client, Math.max(base, at), e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
    }
  }

  private void clientBytes(ByteBuf in, long base) throws Exception {
    switch (mode) {
      case DETECT -> detect(in, base);
      case H1 -> {
        if (upgraded) h2Client.feed(ctx, in, base);
        else h1Client.feed(ctx, in);
      }
      case H2 -> h2Client.feed(ctx, in, base);
      default -> { }
    }
  }

  private void serverBytes(ByteBuf in, long base) throws Exception {
    switch (mode) {
      case DETECT -> {
        if (serverEarly == null) serverEarly = ctx.alloc().heapBuffer(in.readableBytes());
        if (serverEarly.readableBytes() + in.readableBytes() > EARLY_LIMIT) {
          undecoded(false, base, "the server sent " + EARLY_LIMIT + " bytes before the client said anything");
          return;
        }
        serverEarly.writeBytes(in);
      }
      case H1 -> {
        if (upgraded) h2Server.feed(ctx, in, base);
        else h1Server.feed(ctx, in);
      }
      case H2 -> h2Server.feed(ctx, in, base);
      default -> { }
    }
  }

  private void detect(ByteBuf in, long base) throws Exception {
    int first = in.readerIndex();
    if (prefaceMatched == 0 && in.getByte(first) == TLS_HANDSHAKE) {
      undecoded(true, base, "TLS (not intercepted): only encrypted records cross the proxy");
      return;
    }
    int k = Math.min(in.readableBytes(), PREFACE.length - prefaceMatched);
    for (int i = 0; i < k; i++) {
      if (in.getByte(first + i) != PREFACE[prefaceMatched + i]) {
        boolean method = prefaceMatched + i > 0 || isUpperCase(in.getByte(first));
        if (!method) {
          undecoded(true, base, "neither HTTP/2 nor HTTP/1.1 (first byte 0x"
              + Integer.toHexString(in.getByte(first) & 0xff) + ")");
          return;
        }
        startHttp1(in);
        return;
      }
    }
    prefaceMatched += k;
    in.skipBytes(k);
    if (prefaceMatched < PREFACE.length) return; // a prefix of the preface so far
    mode = Mode.H2;
    emit(new Event.WireProtocol(now(), flowId, "h2"));
    h2Client = new H2Side(this, true, false);
    h2Server = new H2Side(this, false, false);
    if (in.isReadable()) h2Client.feed(ctx, in, base + k);
    drainServerEarly();
  }

  private void startHttp1(ByteBuf in) throws Exception {
    mode = Mode.H1;
    emit(new Event.WireProtocol(now(), flowId, "http/1.1"));
    h1Client = new H1Side(this, true, headRequests);
    h1Server = new H1Side(this, false, headRequests);
    ByteBuf all = prefaceMatched == 0 ? in : Unpooled.wrappedBuffer(Unpooled.wrappedBuffer(PREFACE, 0, prefaceMatched), in.retainedSlice());
    try {
      h1Client.feed(ctx, all);
    } finally {
      if (all != in) {
        all.release();
        in.skipBytes(in.readableBytes());
      }
    }
    drainServerEarly();
  }

  private void drainServerEarly() throws Exception {
    if (serverEarly == null) return;
    ByteBuf early = serverEarly;
    serverEarly = null;
    try {
      serverBytes(early, 0);
    } finally {
      early.release();
    }
  }

  private static boolean isUpperCase(byte b) {
    return b >= 'A' && b <= 'Z';
  }

  // --- HTTP/1.1 and the h2c Upgrade (called by H1Side) ------------------------------------------

  void h1Request(boolean head, boolean asksH2c) {
    headRequests.add(head);
    if (asksH2c) upgradeAsked = true;
  }

  /** A 101 went to the client: if it asked for h2c, both sides speak HTTP/2 from here on. */
  void switchingProtocols() {
    if (!upgradeAsked || upgraded) return;
    upgraded = true;
    emit(new Event.WireProtocol(now(), flowId, "h2c-upgrade"));
    h2Client = new H2Side(this, true, true); // the client's preface follows the 101
    h2Server = new H2Side(this, false, false);
  }

  /** Bytes after the 101's head, in the same read. */
  void upgradedServerBytes(ByteBuf b) {
    if (!upgraded) throw new IllegalArgumentException("bytes after a 101 nobody asked for");
    try {
      h2Server.feed(ctx, b, serverOffset - b.readableBytes());
    } catch (Exception e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  // --- counters and events (called by the sides) ---------------------------------------------

  void frame() {
    frames++;
  }

  void dataFrame(int bytes) {
    frames++;
    dataFrames++;
    dataBytes += bytes;
  }

  void windowUpdate() {
    frames++;
    windowUpdates++;
  }

  long now() {
    return clock.nanoTime();
  }

  void emit(Event e) {
    try {
      sink.accept(e);
    } catch (RuntimeException ignored) {
      // EventSink contract: never throws; a broken listener must not reach the relay.
    }
  }

  private void undecoded(boolean client, long offset, String why) {
    if (mode == Mode.OFF) return;
    mode = Mode.OFF;
    releaseAll();
    emit(new Event.WireUndecoded(now(), flowId, client, offset, why));
  }

  /** The flow ended: a decoded flow reports its counts; everything held is released. */
  public void close() {
    Mode was = mode;
    mode = Mode.OFF;
    releaseAll();
    if (was == Mode.H1 || was == Mode.H2) {
      emit(new Event.WireSummary(now(), flowId, frames, dataFrames, dataBytes, windowUpdates));
    }
  }

  private void releaseAll() {
    if (serverEarly != null) {
      serverEarly.release();
      serverEarly = null;
    }
    if (h2Client != null) h2Client.release();
    if (h2Server != null) h2Server.release();
    if (h1Client != null) h1Client.release(ctx);
    if (h1Server != null) h1Server.release(ctx);
    h2Client = h2Server = null;
    h1Client = h1Server = null;
  }
}
