package io.blastradius.core.server;

import io.blastradius.core.event.Event;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpServerUpgradeHandler;
import io.netty.handler.codec.http2.AbstractHttp2ConnectionHandlerBuilder;
import io.netty.handler.codec.http2.Http2Connection;
import io.netty.handler.codec.http2.Http2ConnectionAdapter;
import io.netty.handler.codec.http2.Http2ConnectionDecoder;
import io.netty.handler.codec.http2.Http2ConnectionEncoder;
import io.netty.handler.codec.http2.Http2ConnectionHandler;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Flags;
import io.netty.handler.codec.http2.Http2FrameListener;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2Stream;
import io.netty.util.collection.IntObjectHashMap;
import io.netty.util.collection.IntObjectMap;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One cleartext HTTP/2 connection: answers every request stream with 200 "ok\n" after the handler
 * delay (a gRPC call, {@code content-type: application/grpc}, with the message "ok\n" and
 * {@code grpc-status: 0}), counts PINGs and enforces the optional {@link ServerConfig.PingLimit}.
 *
 * <p>Built on {@link Http2ConnectionHandler} with itself as the frame listener (no child channels,
 * no frame objects): the cheapest shape Netty offers per request. PINGs are acknowledged by the
 * codec itself; this class only counts them.
 *
 * <p>A stream the client resets before its answer loses its scheduled answer: the timer is
 * cancelled and nothing is ever written to the dead stream.
 *
 * <p>Threading: confined to the connection's event loop ({@link #pending}, {@link #strikes},
 * {@link #calming}); the only shared state is {@link ServerShared}.
 */
final class Http2Handler extends Http2ConnectionHandler implements Http2FrameListener {
  private static final byte[] TOO_MANY_PINGS = "too_many_pings".getBytes(StandardCharsets.US_ASCII);

  private final ServerShared shared;
  private final long connId;
  private final DelayModel.Sampler delay;
  /** Null when no ping limit is configured. */
  private final PingStrikes strikes;
  /** Answers waiting for their delay, by stream id. */
  private final IntObjectMap<ScheduledFuture<?>> pending = new IntObjectHashMap<>();
  /** GOAWAY(ENHANCE_YOUR_CALM) was sent: the connection is closing, ignore what still arrives. */
  private boolean calming;
  /** Marks a stream whose request is a gRPC call ({@code content-type: application/grpc}). */
  private final Http2Connection.PropertyKey grpcKey = connection().newKey();

  private Http2Handler(Http2ConnectionDecoder decoder, Http2ConnectionEncoder encoder, Http2Settings settings,
      ServerShared shared, long connId) {
    super(decoder, encoder, settings);
    this.shared = shared;
    this.connId = connId;
    this.delay = shared.config.delay().sampler(connId);
    ServerConfig.PingLimit limit = shared.config.pingLimit();
    this.strikes = limit == null ? null : new PingStrikes(limit);
    // Every GOAWAY this connection sends (ping abuse, protocol error, server shutdown) passes here once.
    connection().addListener(new Http2ConnectionAdapter() {
      @Override
      public void onGoAwaySent(int lastStreamId, long errorCode, ByteBuf debugData) {
        shared.goAways.increment();
        shared.emit(new Event.ServerGoAwaySent(shared.clock.nanoTime(), connId, errorCode,
            debugData.toString(StandardCharsets.UTF_8)));
      }
    });
  }

  static Http2Handler create(ServerShared shared, long connId) {
    return new Builder(shared, connId).build();
  }

  // --- requests -------------------------------------------------------------------------------

  @Override
  public void onHeadersRead(ChannelHandlerContext ctx, int streamId, Http2Headers headers, int padding,
      boolean endOfStream) {
    CharSequence type = headers.get(Responses.CONTENT_TYPE);
    if (type != null && Responses.isGrpc(type)) {
      Http2Stream stream = connection().stream(streamId);
      if (stream != null) stream.setProperty(grpcKey, Boolean.TRUE);
    }
    if (endOfStream) requestEnded(ctx, streamId, isHead(headers.method()));
  }

  @Override
  public void onHeadersRead(ChannelHandlerContext ctx, int streamId, Http2Headers headers, int streamDependency,
      short weight, boolean exclusive, int padding, boolean endOfStream) {
    onHeadersRead(ctx, streamId, headers, padding, endOfStream);
  }

  @Override
  public int onDataRead(ChannelHandlerContext ctx, int streamId, ByteBuf data, int padding, boolean endOfStream) {
    // A request with a body is answered when the body ends (a HEAD with a body gets DATA anyway).
    if (endOfStream) requestEnded(ctx, streamId, false);
    return data.readableBytes() + padding; // consumed at once: flow control never blocks the client
  }

  private static boolean isHead(CharSequence method) {
    return method != null && "HEAD".contentEquals(method);
  }

  private void requestEnded(ChannelHandlerContext ctx, int streamId, boolean head) {
    if (calming) return;
    long nanos = delay.nextNanos();
    if (nanos <= 0) {
      answer(ctx, streamId, head); // flushed by channelReadComplete, once per read
    } else {
      pending.put(streamId, ctx.executor().schedule(new Reply(ctx, streamId, head), nanos, TimeUnit.NANOSECONDS));
    }
  }

  private void answer(ChannelHandlerContext ctx, int streamId, boolean head) {
    Http2Stream stream = connection().stream(streamId);
    if (calming || stream == null) return;
    Http2Stream.State state = stream.state();
    if (state != Http2Stream.State.OPEN && state != Http2Stream.State.HALF_CLOSED_REMOTE) return;
    if (strikes != null) strikes.onHeadersOrDataSent();
    if (Boolean.TRUE.equals(stream.getProperty(grpcKey))) { // a gRPC call: its message, then trailers with grpc-status 0
      encoder().writeHeaders(ctx, streamId, Responses.GRPC_HEADERS, 0, false, ctx.newPromise());
      encoder().writeData(ctx, streamId, Responses.GRPC_MESSAGE.duplicate(), 0, false, ctx.newPromise());
      encoder().writeHeaders(ctx, streamId, Responses.GRPC_TRAILERS, 0, true, ctx.newPromise());
      shared.served.increment();
      return;
    }
    encoder().writeHeaders(ctx, streamId, Responses.H2_HEADERS, 0, head, ctx.newPromise());
    if (!head) encoder().writeData(ctx, streamId, Responses.BODY.duplicate(), 0, true, ctx.newPromise());
    shared.served.increment();
  }

  /** After an h2c Upgrade the HTTP/1.1 request that asked for it is stream 1, half-closed (RFC 7540 §3.2). */
  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
    if (evt instanceof HttpServerUpgradeHandler.UpgradeEvent up) {
      requestEnded(ctx, 1, HttpMethod.HEAD.equals(up.upgradeRequest().method()));
      flush(ctx);
    }
    super.userEventTriggered(ctx, evt);
  }

  @Override
  public void onRstStreamRead(ChannelHandlerContext ctx, int streamId, long errorCode) {
    ScheduledFuture<?> timer = pending.remove(streamId);
    if (timer != null) timer.cancel(false);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    for (ScheduledFuture<?> timer : pending.values()) timer.cancel(false);
    pending.clear();
    super.channelInactive(ctx);
  }

  /** One delayed answer; runs on the connection's loop. */
  private final class Reply implements Runnable {
    private final ChannelHandlerContext ctx;
    private final int streamId;
    private final boolean head;

    Reply(ChannelHandlerContext ctx, int streamId, boolean head) {
      this.ctx = ctx;
      this.streamId = streamId;
      this.head = head;
    }

    @Override
    public void run() {
      if (pending.remove(streamId) == null) return; // reset meanwhile
      answer(ctx, streamId, head);
      flush(ctx);
    }
  }

  // --- pings ----------------------------------------------------------------------------------

  @Override
  public void onPingRead(ChannelHandlerContext ctx, long data) {
    long now = shared.clock.nanoTime();
    shared.pings.increment();
    boolean abusive = strikes != null && strikes.onPing(now);
    shared.emit(new Event.ServerPingReceived(now, connId, strikes == null ? 0 : strikes.strikes()));
    if (abusive && !calming) {
      calming = true;
      // gRPC closes at once after this GOAWAY, in-flight streams or not; ctx.close() starts below
      // this handler, so it skips Http2ConnectionHandler's graceful close (and a second GOAWAY).
      goAway(ctx, connection().remote().lastStreamCreated(), Http2Error.ENHANCE_YOUR_CALM.code(),
          Unpooled.wrappedBuffer(TOO_MANY_PINGS), ctx.newPromise())
          .addListener((ChannelFutureListener) f -> ctx.close());
      flush(ctx);
    }
  }

  // --- frames this server does not act on -----------------------------------------------------

  @Override public void onPriorityRead(ChannelHandlerContext ctx, int streamId, int dep, short weight, boolean excl) {}
  @Override public void onSettingsAckRead(ChannelHandlerContext ctx) {}
  /**
   * The client's first SETTINGS follows its preface (Netty checks both before calling this): the
   * connection is a real client, so its {@link io.blastradius.core.net.HandshakeTimeout} ends here.
   * Over TLS this is the only place it can end (the sniffer saw a ClientHello, not the preface);
   * left running, it closed every HTTP/2-over-TLS connection {@code handshakeTimeout} after its
   * accept with GOAWAY(NO_ERROR), which the JDK 17 HttpClient turns into "GOAWAY received" for
   * every request in flight on it.
   */
  @Override
  public void onSettingsRead(ChannelHandlerContext ctx, Http2Settings settings) {
    io.blastradius.core.net.HandshakeTimeout.done(ctx);
  }
  @Override public void onPingAckRead(ChannelHandlerContext ctx, long data) {}
  @Override public void onPushPromiseRead(ChannelHandlerContext ctx, int streamId, int promisedStreamId,
      Http2Headers headers, int padding) {}
  @Override public void onGoAwayRead(ChannelHandlerContext ctx, int lastStreamId, long errorCode, ByteBuf debugData) {}
  @Override public void onWindowUpdateRead(ChannelHandlerContext ctx, int streamId, int windowSizeIncrement) {}
  @Override public void onUnknownFrame(ChannelHandlerContext ctx, byte frameType, int streamId, Http2Flags flags,
      ByteBuf payload) {}

  /** Netty's builder, configured for this server. */
  private static final class Builder extends AbstractHttp2ConnectionHandlerBuilder<Http2Handler, Builder> {
    private final ServerShared shared;
    private final long connId;

    Builder(ServerShared shared, long connId) {
      this.shared = shared;
      this.connId = connId;
      connection(io.blastradius.core.net.H2Connections.uniform(true)); // a server's
      initialSettings(Http2Settings.defaultSettings().maxConcurrentStreams(shared.config.maxConcurrentStreams()));
      // Clients under test reset streams by the thousand when a flow dies (that is the point of the
      // product); Netty's rapid-reset guard (200 RST per 30 s -> GOAWAY) would end those connections
      // and hide the failure being studied. The only abuse rule this server enforces is PingLimit.
      decoderEnforceMaxRstFramesPerWindow(0, 0);
      // Server shutdown sends GOAWAY and closes on the next tick instead of waiting 30 s for streams.
      gracefulShutdownTimeoutMillis(0);
    }

    @Override
    public Http2Handler build() {
      return super.build();
    }

    @Override
    protected Http2Handler build(Http2ConnectionDecoder decoder, Http2ConnectionEncoder encoder,
        Http2Settings settings) {
      Http2Handler handler = new Http2Handler(decoder, encoder, settings, shared, connId);
      frameListener(handler);
      return handler;
    }
  }
}
