package io.blastradius.core.perf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.blastradius.core.event.EventSink;
import io.blastradius.core.proxy.FaultProxy;
import io.blastradius.core.server.EmbeddedServer;
import io.blastradius.core.server.ServerConfig;
import io.blastradius.core.time.Clock;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpResponseDecoder;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.Http2ConnectionHandler;
import io.netty.handler.codec.http2.Http2ConnectionHandlerBuilder;
import io.netty.handler.codec.http2.Http2FrameAdapter;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.util.ReferenceCountUtil;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Sequential requests through the proxy with client, proxy and server on ONE event-loop thread:
 * the next request leaves from the previous response's callback. Prints requests per second; the
 * only assertions are that every request was answered (speed is reported, never asserted, because
 * the machine is shared).
 */
@Tag("perf")
class ThroughputTest {
  private static final int WARMUP = Integer.getInteger("warmup", 20_000);
  private static final int MEASURED = Integer.getInteger("measured", 40_000);

  private EventLoopGroup group;
  private EmbeddedServer server;
  private FaultProxy proxy;

  @BeforeEach
  void setUp() throws Exception {
    group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    server = EmbeddedServer.start(ServerConfig.defaults(), group, Clock.SYSTEM, EventSink.NONE);
    proxy = FaultProxy.start("127.0.0.1", 0, server.address(), group, Clock.SYSTEM, EventSink.NONE);
  }

  @AfterEach
  void tearDown() {
    proxy.close();
    server.close();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  @Test
  void sequentialHttp2ThroughTheProxy() {
    assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
      measure("h2 via proxy", WARMUP, () -> h2(proxy.address(), WARMUP));
      measure("h2 via proxy", MEASURED, () -> h2(proxy.address(), MEASURED));
      measure("h2 direct (no proxy)", MEASURED, () -> h2(server.address(), MEASURED));
    });
  }

  @Test
  void sequentialHttp1ThroughTheProxy() {
    assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
      measure("h1 via proxy", WARMUP, () -> h1(proxy.address(), WARMUP));
      measure("h1 via proxy", MEASURED, () -> h1(proxy.address(), MEASURED));
      measure("h1 direct (no proxy)", MEASURED, () -> h1(server.address(), MEASURED));
    });
  }

  private long loopCpuNanos() throws Exception {
    return group.next().submit(() -> ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime()).get();
  }

  private interface Load {
    CompletableFuture<Integer> run() throws Exception;
  }

  private void measure(String what, int n, Load load) throws Exception {
    long cpu0 = loopCpuNanos();
    long served0 = server.requestsServed();
    long t0 = System.nanoTime();
    int done = load.run().get(100, TimeUnit.SECONDS);
    double secs = (System.nanoTime() - t0) / 1e9;
    assertEquals(n, done);
    assertEquals(n, server.requestsServed() - served0);
    double cpuMicros = (loopCpuNanos() - cpu0) / 1e3 / n;
    // Wall-clock rate depends on what else the shared machine runs; CPU per request does not.
    System.out.printf("%s sequential, 1 loop thread: %d requests in %.2f s = %.0f req/s; loop CPU %.1f us/request"
        + " (= %.0f req/s on an idle core)%n", what, n, secs, n / secs, cpuMicros, 1e6 / cpuMicros);
  }

  private CompletableFuture<Integer> h2(InetSocketAddress to, int n) throws Exception {
    CompletableFuture<Integer> done = new CompletableFuture<>();
    Http2Headers get = new DefaultHttp2Headers().method("GET").scheme("http").authority("x").path("/");
    Http2ConnectionHandler[] handler = new Http2ConnectionHandler[1];
    int[] count = {0};
    Http2FrameAdapter listener = new Http2FrameAdapter() {
      int nextStreamId = 1;

      @Override
      public void onSettingsRead(ChannelHandlerContext ctx, io.netty.handler.codec.http2.Http2Settings s) {
        if (count[0] == 0) send(ctx);
      }

      @Override
      public int onDataRead(ChannelHandlerContext ctx, int streamId, ByteBuf data, int padding, boolean end) {
        if (end && ++count[0] == n) {
          done.complete(count[0]);
          ctx.close();
        } else if (end) {
          send(ctx);
        }
        return data.readableBytes() + padding;
      }

      private void send(ChannelHandlerContext ctx) {
        Http2ConnectionHandler h = handler[0];
        int id = nextStreamId;
        nextStreamId += 2;
        h.encoder().writeHeaders(ctx, id, get, 0, true, ctx.newPromise());
        h.flush(ctx);
      }
    };
    // server(false): the builder makes a SERVER handler by default (no client preface is sent).
    handler[0] = new Http2ConnectionHandlerBuilder().server(false).frameListener(listener).build();
    new Bootstrap().group(group).channel(NioSocketChannel.class)
        .handler(handler[0]).connect(to).sync();
    return done;
  }

  private CompletableFuture<Integer> h1(InetSocketAddress to, int n) throws Exception {
    CompletableFuture<Integer> done = new CompletableFuture<>();
    // Raw bytes, no HttpRequestEncoder: the client's own cost stays small next to proxy and server.
    ByteBuf request = Unpooled.unreleasableBuffer(Unpooled.directBuffer().writeBytes(
        "GET / HTTP/1.1\r\nhost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
    Channel ch = new Bootstrap().group(group).channel(NioSocketChannel.class)
        .handler(new ChannelInitializer<SocketChannel>() {
          int count;

          @Override
          protected void initChannel(SocketChannel c) {
            c.pipeline().addLast(new HttpResponseDecoder(), new ChannelInboundHandlerAdapter() {
              @Override
              public void channelRead(ChannelHandlerContext ctx, Object msg) {
                boolean last = msg instanceof LastHttpContent;
                ReferenceCountUtil.release(msg);
                if (!last) return;
                if (++count == n) {
                  done.complete(count);
                  ctx.close();
                } else {
                  ctx.channel().writeAndFlush(request.duplicate());
                }
              }
            });
          }
        }).connect(to).sync().channel();
    ch.writeAndFlush(request.duplicate());
    return done;
  }
}
