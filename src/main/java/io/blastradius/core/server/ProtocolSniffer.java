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
 * Tells HTTP/2 with prior knowledge from HTTP/1.1 (and, when the server has a certificate, from TLS)
 * by the first bytes, then replaces itself with that protocol's handlers. The bytes read so far are
 * handed on untouched.
 *
 * <p>HTTP/2 starts with the 24-byte preface "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"; the first byte that
 * differs from it means HTTP/1 (whose decoder then rejects garbage). A TLS connection starts with a
 * handshake record, content type 22 (RFC 8446 §5.1), a byte no HTTP/1 method or the preface starts
 * with. Own detector rather than Netty's {@code CleartextHttp2ServerUpgradeHandler}: no aggregator
 * in front of every HTTP/1 request (the h2c Upgrade handler installed by {@link H2cUpgrade} looks
 * at the first request only).
 *
 * <p>Threading: confined to the connection's event loop; lives only until the first bytes decide.
 */
final class ProtocolSniffer extends ByteToMessageDecoder {
  private static final byte[] PREFACE = ByteBufUtil.getBytes(Http2CodecUtil.connectionPrefaceBuf());
  /** TLS record content type "handshake": the first byte of every ClientHello. */
  static final byte TLS_HANDSHAKE = 22;

  private final ServerShared shared;
  private final long connId;

  ProtocolSniffer(ServerShared shared, long connId) {
    this.shared = shared;
    this.connId = connId;
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    int start = in.readerIndex();
    if (shared.tls != null && in.isReadable() && in.getByte(start) == TLS_HANDSHAKE) {
      installTls(ctx);
      return;
    }
    int n = Math.min(in.readableBytes(), PREFACE.length);
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
      H2cUpgrade.install(p, "h1-decoder", shared, connId);
      p.addLast("h1", new Http1Handler(shared, shared.config.delay().sampler(connId)));
    }
    p.remove(this); // hands the buffered bytes to the handler just installed
  }

  private void installTls(ChannelHandlerContext ctx) {
    ChannelPipeline p = ctx.pipeline();
    p.addAfter(ctx.name(), "tls", shared.tls.newHandler(ctx.alloc()));
    p.addAfter("tls", "alpn", new AlpnSelector(shared, connId));
    p.remove(this);
  }

  /** HTTP/1.1 over TLS: no Upgrade (RFC 7540 §3.3: TLS uses ALPN). */
  static void installHttp1(ChannelPipeline p, String after, ServerShared shared, long connId) {
    p.addAfter(after, "h1-decoder", new HttpRequestDecoder());
    p.addAfter("h1-decoder", "h1", new Http1Handler(shared, shared.config.delay().sampler(connId)));
  }
}
