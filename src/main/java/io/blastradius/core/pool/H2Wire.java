package io.blastradius.core.pool;

import io.blastradius.core.policy.FrameType;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.codec.http.HttpScheme;
import io.netty.handler.codec.http2.AbstractHttp2ConnectionHandlerBuilder;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.Http2ConnectionDecoder;
import io.netty.handler.codec.http2.Http2ConnectionEncoder;
import io.netty.handler.codec.http2.Http2ConnectionHandler;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Flags;
import io.netty.handler.codec.http2.Http2FrameListener;
import io.netty.handler.codec.http2.Http2FrameLogger;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.logging.LogLevel;

/**
 * HTTP/2 (cleartext with prior knowledge, or over TLS with ALPN {@code h2} when the transport has
 * a context: Netty's TLS handler holds the preface until the handshake is done), on Netty's
 * {@link Http2ConnectionHandler}: frames arrive as listener callbacks (no per-frame objects), stream ids are ours to allocate, and Netty does
 * flow control. Every frame read becomes {@link Link#frame}, the policy's evidence.
 */
final class H2Wire extends NettyTransport.ChannelWire {
  private static final Http2Headers GET = new DefaultHttp2Headers()
      .method("GET").path("/").scheme(HttpScheme.HTTP.name()).authority("blastradius");
  private static final Http2Headers GET_TLS = new DefaultHttp2Headers()
      .method("GET").path("/").scheme(HttpScheme.HTTPS.name()).authority("blastradius");

  private Handler handler;
  private ChannelHandlerContext ctx;
  private boolean ready;
  /** True while {@link #reset} resets a stream: every other RST_STREAM written is Netty's own. */
  private boolean aborting;

  private static final io.blastradius.core.net.QuietEnd QUIET_END =
      new io.blastradius.core.net.QuietEnd(new java.util.concurrent.atomic.LongAdder());

  H2Wire(Link link, NettyTransport transport) {
    super(link, transport);
  }

  ChannelInitializer<Channel> initializer() {
    return new ChannelInitializer<>() {
      @Override
      protected void initChannel(Channel ch) {
        transport.addTls(ch);
        handler = new Builder().build();
        // A reset by the peer is already this connection's failure (see exceptionCaught): end it
        // there rather than as a WARNING with a stack trace on stderr.
        ch.pipeline().addLast(handler, QUIET_END);
      }
    };
  }

  @Override
  public int send() {
    if (ctx == null) return -1;
    int id = handler.connection().local().incrementAndGetNextStreamId();
    if (id < 0) return -1; // stream ids exhausted
    handler.encoder().writeHeaders(ctx, id, transport.tls == null ? GET : GET_TLS, 0, true, ctx.voidPromise());
    ctx.flush();
    return id;
  }

  @Override
  public void reset(int streamId) {
    if (ctx == null) return;
    aborting = true; // the core reports this reset itself
    try {
      handler.resetStream(ctx, streamId, Http2Error.CANCEL.code(), ctx.newPromise());
    } finally {
      aborting = false;
    }
    ctx.flush();
  }

  @Override
  public void ping(long payload) {
    if (ctx == null) return;
    handler.encoder().writePing(ctx, false, payload, ctx.newPromise());
    ctx.flush();
  }

  private final class Builder extends AbstractHttp2ConnectionHandlerBuilder<Handler, Builder> {
    Builder() {
      connection(io.blastradius.core.net.H2Connections.uniform(false)); // a client's
      initialSettings(Http2Settings.defaultSettings().pushEnabled(false));
      frameLogger(new OwnResets());
    }

    @Override
    public Handler build() {
      return super.build();
    }

    @Override
    protected Handler build(Http2ConnectionDecoder decoder, Http2ConnectionEncoder encoder, Http2Settings settings) {
      Handler h = new Handler(decoder, encoder, settings);
      frameListener(h);
      return h;
    }
  }

  /**
   * Netty resets streams on its own: RST_STREAM(STREAM_CLOSED) for a frame that arrives on a
   * stream this side already reset or closed (RFC 7540 §5.1), e.g. the response to a request that
   * timed out. Those crossed the wire as well, so they are reported like the pool's own. Seen
   * through the frame logger hook, the one place every written frame passes; it logs nothing.
   */
  private final class OwnResets extends Http2FrameLogger {
    OwnResets() {
      super(LogLevel.TRACE, H2Wire.class);
    }

    @Override
    public void logRstStream(Direction direction, ChannelHandlerContext ctx, int streamId, long errorCode) {
      if (direction == Direction.OUTBOUND && !aborting) link.ownReset(streamId, errorCode);
    }
  }

  private final class Handler extends Http2ConnectionHandler implements Http2FrameListener {
    Handler(Http2ConnectionDecoder decoder, Http2ConnectionEncoder encoder, Http2Settings settings) {
      super(decoder, encoder, settings);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) throws Exception {
      H2Wire.this.ctx = ctx;
      super.handlerAdded(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
      try {
        super.channelInactive(ctx);
      } finally {
        link.inactive();
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) throws Exception {
      link.failed(cause);
      super.exceptionCaught(ctx, cause);
    }

    @Override
    public int onDataRead(ChannelHandlerContext ctx, int streamId, ByteBuf data, int padding, boolean endOfStream) {
      int processed = data.readableBytes() + padding;
      link.frame(FrameType.DATA, streamId);
      if (endOfStream) complete(streamId);
      return processed;
    }

    @Override
    public void onHeadersRead(ChannelHandlerContext ctx, int streamId, Http2Headers headers, int padding, boolean endOfStream) {
      CharSequence code = headers.status();
      if (code != null) link.status(streamId, statusCode(code));
      link.frame(FrameType.HEADERS, streamId);
      if (endOfStream) complete(streamId);
    }

    @Override
    public void onHeadersRead(ChannelHandlerContext ctx, int streamId, Http2Headers headers, int streamDependency,
        short weight, boolean exclusive, int padding, boolean endOfStream) {
      onHeadersRead(ctx, streamId, headers, padding, endOfStream);
    }

    /** The three digits of {@code :status} (no String made per response), or 0 if it is not that. */
    private static int statusCode(CharSequence code) {
      if (code.length() != 3) return 0;
      int n = 0;
      for (int i = 0; i < 3; i++) {
        char c = code.charAt(i);
        if (c < '0' || c > '9') return 0;
        n = n * 10 + (c - '0');
      }
      return n;
    }

    private void complete(int streamId) {
      link.complete(streamId);
    }

    @Override
    public void onPriorityRead(ChannelHandlerContext ctx, int streamId, int streamDependency, short weight, boolean exclusive) {
      link.frame(FrameType.OTHER, streamId);
    }

    @Override
    public void onRstStreamRead(ChannelHandlerContext ctx, int streamId, long errorCode) {
      link.frame(FrameType.RST_STREAM, streamId);
      link.streamReset(streamId, errorCode);
    }

    @Override
    public void onSettingsAckRead(ChannelHandlerContext ctx) {
      link.frame(FrameType.SETTINGS, 0);
    }

    @Override
    public void onSettingsRead(ChannelHandlerContext ctx, Http2Settings settings) {
      Long max = settings.maxConcurrentStreams();
      int peerMax = max == null ? Integer.MAX_VALUE : (int) Math.min(Integer.MAX_VALUE, max);
      if (!ready) {
        ready = true;
        link.ready(peerMax);
      } else if (max != null) {
        link.peerMaxStreamsChanged(peerMax);
      }
      link.frame(FrameType.SETTINGS, 0);
    }

    @Override
    public void onPingRead(ChannelHandlerContext ctx, long data) {
      link.frame(FrameType.PING, 0);
    }

    @Override
    public void onPingAckRead(ChannelHandlerContext ctx, long data) {
      link.frame(FrameType.PING, 0);
      link.pingAck(data);
    }

    @Override
    public void onPushPromiseRead(ChannelHandlerContext ctx, int streamId, int promisedStreamId, Http2Headers headers, int padding) {
      link.frame(FrameType.OTHER, streamId);
    }

    @Override
    public void onGoAwayRead(ChannelHandlerContext ctx, int lastStreamId, long errorCode, ByteBuf debugData) {
      link.frame(FrameType.GOAWAY, 0);
      link.goAway(errorCode, lastStreamId);
    }

    @Override
    public void onWindowUpdateRead(ChannelHandlerContext ctx, int streamId, int windowSizeIncrement) {
      link.frame(FrameType.WINDOW_UPDATE, streamId);
    }

    @Override
    public void onUnknownFrame(ChannelHandlerContext ctx, byte frameType, int streamId, Http2Flags flags, ByteBuf payload) {
      link.frame(FrameType.OTHER, streamId);
    }
  }
}
