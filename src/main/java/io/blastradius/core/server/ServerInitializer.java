package io.blastradius.core.server;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;

/**
 * Assembles each accepted connection's pipeline: a {@link ProtocolSniffer} that installs either
 * the HTTP/1.1 handlers or the HTTP/2 handler. Also numbers connections (1, 2, ...) and keeps
 * the open ones so the server can close them.
 *
 * <p>Threading: {@link #initChannel} runs on the accepted channel's event loop; shared state is
 * in {@link ServerShared}.
 */
final class ServerInitializer extends ChannelInitializer<SocketChannel> {
  private final ServerShared shared;

  ServerInitializer(ServerShared shared) {
    this.shared = shared;
  }

  @Override
  protected void initChannel(SocketChannel ch) {
    shared.children.add(ch);
    ch.closeFuture().addListener(f -> shared.children.remove(ch));
    ch.pipeline().addLast("sniffer", new ProtocolSniffer(shared, shared.connIds.incrementAndGet()));
  }
}
