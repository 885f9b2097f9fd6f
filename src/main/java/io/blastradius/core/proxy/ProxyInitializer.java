package io.blastradius.core.proxy;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.net.InetSocketAddress;

/**
 * Turns each accepted connection into a {@link Flow}: numbers it, installs the client-side
 * {@link RelayHandler} and dials the target on the same event loop (so the two sockets of a flow
 * never need a lock), with AUTO_READ off on both: the pipes ask for every read themselves.
 *
 * <p>Threading: {@link #initChannel} runs on the accepted channel's event loop.
 */
final class ProxyInitializer extends ChannelInitializer<SocketChannel> {
  private final FaultProxy proxy;
  private final InetSocketAddress target;

  ProxyInitializer(FaultProxy proxy, InetSocketAddress target) {
    this.proxy = proxy;
    this.target = target;
  }

  @Override
  protected void initChannel(SocketChannel ch) {
    Flow flow = proxy.register(ch);
    for (FlowTap tap : proxy.taps) tap.install(flow.id, ch);
    ch.pipeline().addFirst("first-byte", new FirstByte(flow)); // ahead of the taps: the socket's bytes
    ch.pipeline().addLast("relay", new RelayHandler(flow, true));
    new Bootstrap()
        .group(ch.eventLoop())
        .channel(NioSocketChannel.class)
        .option(ChannelOption.AUTO_READ, false)
        .option(ChannelOption.TCP_NODELAY, true)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000)
        .handler(new RelayHandler(flow, false))
        .connect(target)
        .addListener((ChannelFutureListener) f -> {
          // A socket that could not even be made (out of fds) fails on another executor: hop back.
          if (flow.loop.inEventLoop()) flow.connected(f);
          else flow.loop.execute(() -> flow.connected(f));
        });
  }
}
