package io.blastradius.core.server;

import io.blastradius.core.net.HandshakeTimeout;
import io.blastradius.core.net.QuietEnd;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;

/**
 * Assembles each accepted connection's pipeline: a {@link ProtocolSniffer} that installs either
 * the HTTP/1.1 handlers or the HTTP/2 handler, after a {@link HandshakeTimeout} and before a
 * {@link QuietEnd} (a reset peer ends its connection without a WARNING). Also numbers connections
 * (1, 2, ...) and keeps the open ones so the server can close them.
 *
 * <p>Threading: {@link #initChannel} runs on the accepted channel's event loop; shared state is
 * in {@link ServerShared}.
 */
final class ServerInitializer extends ChannelInitializer<SocketChannel> {
  private final ServerShared shared;
  private final QuietEnd quietEnd;

  ServerInitializer(ServerShared shared) {
    this.shared = shared;
    this.quietEnd = new QuietEnd(shared.connectionErrors);
  }

  @Override
  protected void initChannel(SocketChannel ch) {
    shared.children.add(ch);
    ch.closeFuture().addListener(f -> shared.children.remove(ch));
    ch.pipeline().addLast("handshake-timeout", new HandshakeTimeout(shared.limits, shared.handshakeTimeouts));
    ch.pipeline().addLast("sniffer", new ProtocolSniffer(shared, shared.connIds.incrementAndGet()));
    ch.pipeline().addLast("end", quietEnd);
  }
}
