package io.blastradius.core.pool;

import io.blastradius.core.policy.Protocol;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslContext;
import java.net.InetSocketAddress;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Real sockets under a {@link PoolCore}: every connection a Netty channel on the pool's one event
 * loop, HTTP/1.1 keep-alive ({@link H1Wire}) or HTTP/2 ({@link H2Wire}), cleartext or over TLS.
 * Each socket is bound before it connects and its local port noted, so the port is known as the
 * pool's before its SYN leaves ({@link #ownsClientPort}).
 */
public final class NettyTransport implements Transport {
  /** The host name a TLS connection asks for and verifies: the embedded server's certificate names it. */
  static final String TLS_HOST = "localhost";

  private final EventLoop loop;
  private final Protocol protocol;
  private final InetSocketAddress target;
  private final Bootstrap bootstrap;
  /** TLS to the target, or null for cleartext; its ALPN list must offer this transport's protocol. */
  final SslContext tls;
  /** Local ports of this transport's sockets, known before their SYN leaves; read from any thread. */
  private final Set<Integer> ownPorts = ConcurrentHashMap.newKeySet();

  public NettyTransport(EventLoop loop, InetSocketAddress target, Protocol protocol) {
    this(loop, target, protocol, null);
  }

  public NettyTransport(EventLoop loop, InetSocketAddress target, Protocol protocol, SslContext tls) {
    this.loop = loop;
    this.protocol = protocol;
    this.target = target;
    this.tls = tls;
    this.bootstrap = new Bootstrap()
        .group(loop)
        .channel(NioSocketChannel.class)
        .option(ChannelOption.TCP_NODELAY, true)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 5_000)
        .remoteAddress(target);
  }

  /** True when {@code port} is the local port of one of this transport's open sockets. Any thread. */
  public boolean ownsClientPort(int port) {
    return ownPorts.contains(port);
  }

  @Override
  public Wire dial(Link link) {
    ChannelWire w = protocol == Protocol.H1 ? new H1Wire(link, this) : new H2Wire(link, this);
    link.wire = w;
    // Bind, note the port, then connect: the port is ours before the proxy can accept the flow.
    ChannelFuture registered = bootstrap.clone().handler(w.initializer()).register();
    Channel ch = registered.channel();
    if (registered.isDone() && !registered.isSuccess()) {
      // No socket at all (e.g. out of file descriptors): nothing to close, and the core is
      // still inside its dial, so the failure is reported on the loop's next turn.
      Throwable cause = registered.cause();
      loop.execute(() -> link.dialFailed(why(cause)));
      return w;
    }
    w.channel = ch;
    registered.addListener(reg -> {
      if (!reg.isSuccess()) {
        w.channel = null; // never registered: nothing to close
        link.dialFailed(why(reg.cause()));
        return;
      }
      ch.bind(new InetSocketAddress(0)).addListener(bound -> {
        if (!bound.isSuccess()) {
          link.dialFailed(why(bound.cause()));
          return;
        }
        int port = ((InetSocketAddress) ch.localAddress()).getPort();
        ownPorts.add(port);
        ch.closeFuture().addListener(x -> ownPorts.remove(port));
        ch.connect(target).addListener(done -> {
          // HTTP/1 is ready on connect (or its TLS handshake); HTTP/2 once SETTINGS arrive.
          if (!done.isSuccess()) link.dialFailed(why(done.cause()));
        });
      });
    });
    return w;
  }

  private String why(Throwable cause) {
    return "dial " + target + " failed: " + (cause == null ? "?" : cause.getMessage());
  }

  /** Adds the TLS client handler first in a new connection's pipeline, when this transport speaks TLS. */
  void addTls(Channel ch) {
    if (tls != null) ch.pipeline().addLast("tls", tls.newHandler(ch.alloc(), TLS_HOST, target.getPort()));
  }

  /** A connection on a Netty channel; the protocol subclasses write and read. */
  abstract static class ChannelWire implements Wire {
    final Link link;
    final NettyTransport transport;
    Channel channel;

    ChannelWire(Link link, NettyTransport transport) {
      this.link = link;
      this.transport = transport;
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
