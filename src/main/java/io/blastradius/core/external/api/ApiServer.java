package io.blastradius.core.external.api;

import io.blastradius.core.external.HostPort;
import io.blastradius.core.external.ProxyRegistry;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * A Toxiproxy-compatible HTTP API over a {@link ProxyRegistry}, so Toxiproxy's clients
 * (toxiproxy-java, toxiproxy-go, Testcontainers' module, toxiproxy-cli) drive BlastRadius
 * unchanged. Netty's HTTP/1.1 codec, keep-alive, bodies up to 1 MiB.
 *
 * <p>Routes, shapes and status codes follow Toxiproxy 2.x's {@code api.go}: {@code GET|POST
 * /proxies}, {@code GET|POST|PATCH|DELETE /proxies/{name}}, {@code POST /populate},
 * {@code POST /reset}, {@code GET /version}, {@code GET|POST /proxies/{name}/toxics},
 * {@code GET|POST|PATCH|DELETE /proxies/{name}/toxics/{toxic}}. Ours: {@code GET
 * /proxies/{name}/flows[/{id}]}, {@code POST /proxies/{name}/flows/{id}/unplug|replug|reset|latency},
 * and the {@code blackhole} toxic.
 *
 * <p>Threading: the group should be the API's own: routes that start or stop proxies block its
 * loop while they do. {@link #close} blocks and must not be called on that group's loops.
 */
public final class ApiServer implements AutoCloseable {
  private final Channel channel;

  private ApiServer(Channel channel) {
    this.channel = channel;
  }

  /**
   * Listens on {@code where} (the caller has checked it is allowed).
   *
   * @throws IOException naming the address when it cannot be bound
   */
  public static ApiServer start(HostPort where, ProxyRegistry registry, EventLoopGroup group, String version)
      throws IOException {
    Objects.requireNonNull(registry, "registry");
    ApiRoutes routes = new ApiRoutes(registry, version);
    ChannelFuture bound = new ServerBootstrap()
        .group(group)
        .channel(NioServerSocketChannel.class)
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(1 << 20), new ApiHandler(routes));
          }
        })
        .bind(new InetSocketAddress(where.host().isEmpty() ? "0.0.0.0" : where.host(), where.port()))
        .awaitUninterruptibly();
    if (!bound.isSuccess()) {
      Throwable c = bound.cause();
      if (c instanceof BindException) throw new IOException(where + " is already in use", c);
      throw new IOException("cannot listen on " + where + ": " + c.getMessage(), c);
    }
    return new ApiServer(bound.channel());
  }

  public InetSocketAddress address() {
    return (InetSocketAddress) channel.localAddress();
  }

  /** Stops listening; connections being served finish on their own. Idempotent. */
  @Override
  public void close() {
    channel.close().awaitUninterruptibly(5_000);
  }
}
