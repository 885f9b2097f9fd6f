package io.blastradius.core.server;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.handler.codec.http.HttpServerUpgradeHandler;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2ServerUpgradeCodec;
import io.netty.util.AsciiString;

/**
 * The HTTP/1.1 {@code Upgrade: h2c} path (RFC 7540 §3.2) on the cleartext port, with Netty's
 * {@link HttpServerUpgradeHandler} and {@link Http2ServerUpgradeCodec}: a first request carrying
 * {@code Upgrade: h2c} and {@code HTTP2-Settings} is answered 101 Switching Protocols, the HTTP/1
 * handlers leave, and {@link Http2Handler} answers that request on stream 1.
 *
 * <p>The upgrade handler looks at the first request only ({@code removeAfterFirstRequest}); with it
 * goes the response encoder it needs for the 101, so a connection that stays on HTTP/1.1 pays for
 * neither after its first request. The encoder lets every {@link ByteBuf} pass untouched, because
 * {@link Http1Handler} writes whole encoded answers.
 *
 * <p>Threading: confined to the connection's event loop.
 */
final class H2cUpgrade {
  static final String ENCODER = "h2c-101-encoder";
  static final String HANDLER = "h2c-upgrade";
  /** Largest upgrade request body accepted (the upgrade request is aggregated). */
  static final int MAX_UPGRADE_BODY = 64 * 1024;

  private H2cUpgrade() {}

  /** Adds the encoder and the upgrade handler after {@code after} (the HTTP/1 request decoder). */
  static void install(ChannelPipeline p, String after, ServerShared shared, long connId) {
    HttpServerUpgradeHandler.SourceCodec source = ctx -> {
      ChannelPipeline pl = ctx.pipeline();
      if (pl.get("h1") != null) pl.remove("h1");
      if (pl.get(after) != null) pl.remove(after);
    };
    HttpServerUpgradeHandler.UpgradeCodecFactory codecs = protocol ->
        AsciiString.contentEquals(Http2CodecUtil.HTTP_UPGRADE_PROTOCOL_NAME, protocol)
            ? new Http2ServerUpgradeCodec("h2", Http2Handler.create(shared, connId))
            : null;
    p.addAfter(after, ENCODER, new PassThroughEncoder());
    p.addAfter(ENCODER, HANDLER, new FirstRequestOnly(source, codecs));
  }

  /** Encodes HTTP messages (the 101), passes ByteBufs through. */
  private static final class PassThroughEncoder extends HttpResponseEncoder {
    @Override
    public boolean acceptOutboundMessage(Object msg) throws Exception {
      return !(msg instanceof ByteBuf) && super.acceptOutboundMessage(msg);
    }
  }

  /** Takes its encoder with it when it leaves (after the first request, upgraded or not). */
  private static final class FirstRequestOnly extends HttpServerUpgradeHandler {
    FirstRequestOnly(SourceCodec source, UpgradeCodecFactory codecs) {
      super(source, codecs, MAX_UPGRADE_BODY, DefaultHttpHeadersFactory.headersFactory(),
          DefaultHttpHeadersFactory.trailersFactory(), true);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) throws Exception {
      super.handlerRemoved(ctx);
      if (ctx.pipeline().get(ENCODER) != null) ctx.pipeline().remove(ENCODER);
    }
  }
}
