package io.blastradius.core.server;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ApplicationProtocolNegotiationHandler;

/**
 * After the TLS handshake, installs the handlers of the protocol ALPN chose: {@code h2} gets
 * {@link Http2Handler}, anything else (including a client that sent no ALPN) HTTP/1.1.
 *
 * <p>Threading: confined to the connection's event loop; removes itself once the protocol is known.
 */
final class AlpnSelector extends ApplicationProtocolNegotiationHandler {
  private final ServerShared shared;
  private final long connId;

  AlpnSelector(ServerShared shared, long connId) {
    super(ApplicationProtocolNames.HTTP_1_1);
    this.shared = shared;
    this.connId = connId;
  }

  @Override
  protected void configurePipeline(ChannelHandlerContext ctx, String protocol) {
    if (ApplicationProtocolNames.HTTP_2.equals(protocol)) {
      ctx.pipeline().addAfter(ctx.name(), "h2", Http2Handler.create(shared, connId));
    } else {
      ProtocolSniffer.installHttp1(ctx.pipeline(), ctx.name(), shared, connId);
    }
  }

  @Override
  protected void handshakeFailure(ChannelHandlerContext ctx, Throwable cause) {
    // A client that does not trust the certificate, or speaks no common TLS version, ends only its
    // own connection; nothing to report (as with any other I/O error of one connection).
    ctx.close();
  }
}
