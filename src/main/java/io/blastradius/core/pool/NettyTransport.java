package io.blastradius.core.pool;

import io.blastradius.core.policy.Protocol;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.net.InetSocketAddress;

/**
 * Real sockets under a {@link PoolCore}: every connection a Netty channel on the pool's one event
 * loop, HTTP/1.1 keep-alive ({@link H1Wire}) or cleartext HTTP/2 with prior knowledge
 * ({@link H2Wire}).
 */
public final class NettyTransport implements Transport {
  private final Protocol protocol;
  private final InetSocketAddress target;
  private final Bootstrap bootstrap;

  public NettyTransport(EventLoop loop, InetSocketAddress target, Protocol protocol) {
    this.protocol = protocol;
    this.target = target;
    this.bootstrap = new Bootstrap()
        .group(loop)
        .channel(NioSocketChannel.class)
        .option(ChannelOption.TCP_NODELAY, true)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 5_000)
        .remoteAddress(target);
  }

  @Override
  public Wire dial(Link link) {
    ChannelWire w = protocol == Protocol.H1 ? new H1Wire(link) : new H2Wire(link);
    ChannelFuture f = bootstrap.clone().handler(w.initializer()).connect();
    w.channel = f.channel();
    link.wire = w;
    f.addListener(done -> {
      // HTTP/1 is ready on connect (H1Wire calls ready); HTTP/2 once SETTINGS arrive.
      if (!done.isSuccess()) {
        Throwable cause = done.cause();
        link.dialFailed("dial " + target + " failed: " + (cause == null ? "?" : cause.getMessage()));
      }
    });
    return w;
  }

  /** A connection on a Netty channel; the protocol subclasses write and read. */
  abstract static class ChannelWire implements Wire {
    final Link link;
    Channel channel;

    ChannelWire(Link link) {
      this.link = link;
    }

    abstract ChannelInitializer<Channel> initializer();

    @Override
    public void close() {
      if (channel != null) channel.close();
    }

    @Override
    public int localPort() {
      return channel != null && channel.localAddress() instanceof InetSocketAddress a ? a.getPort() : 0;
    }
  }
}
