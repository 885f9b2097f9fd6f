package io.blastradius.core.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http2.Http2CodecUtil;
import java.util.List;

/**
 * Tells HTTP/2 with prior knowledge from HTTP/1.1 by the first bytes, then replaces itself with
 * that protocol's handlers. The bytes read so far are handed on untouched.
 *
 * <p>HTTP/2 starts with the 24-byte preface "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"; the first byte that
 * differs from it means HTTP/1 (whose decoder then rejects garbage). Own detector rather than
 * Netty's {@code CleartextHttp2ServerUpgradeHandler}: no h2c Upgrade dance and no aggregator in
 * front of every HTTP/1 request.
 *
 * <p>Threading: confined to the connection's event loop; lives only until the first bytes decide.
 */
final class ProtocolSniffer extends ByteToMessageDecoder {
  private static final byte[] PREFACE = ByteBufUtil.getBytes(Http2CodecUtil.connectionPrefaceBuf());

  private final ServerShared shared;
  private final long connId;

  ProtocolSniffer(ServerShared shared, long connId) {
    this.shared = shared;
    this.connId = connId;
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    int n = Math.min(in.readableBytes(), PREFACE.length);
    int start = in.readerIndex();
    for (int i = 0; i < n; i++) {
      if (in.getByte(start + i) != PREFACE[i]) {
        install(ctx, false);
        return;
      }
    }
    if (n == PREFACE.length) install(ctx, true);
    // else: a prefix of the preface so far; wait for more bytes
  }

  private void install(ChannelHandlerContext ctx, boolean http2) {
    ChannelPipeline p = ctx.pipeline();
    if (http2) {
      io.blastradius.core.net.HandshakeTimeout.done(ctx); // the preface is in
      p.addAfter(ctx.name(), "h2", Http2Handler.create(shared, connId));
    } else {
      p.addAfter(ctx.name(), "h1-decoder", new HttpRequestDecoder());
      p.addAfter("h1-decoder", "h1", new Http1Handler(shared, shared.config.delay().sampler(connId)));
    }
    p.remove(this); // hands the buffered bytes to the handler just installed
  }
}
