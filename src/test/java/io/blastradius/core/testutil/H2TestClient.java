package io.blastradius.core.testutil;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.http2.Http2ChannelDuplexHandler;
import io.netty.util.ReferenceCountUtil;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.DefaultHttp2PingFrame;
import io.netty.handler.codec.http2.DefaultHttp2ResetFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2FrameStream;
import io.netty.handler.codec.http2.Http2GoAwayFrame;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2PingFrame;
import io.netty.handler.codec.http2.Http2ResetFrame;
import io.netty.handler.codec.http2.Http2SettingsFrame;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A scripted HTTP/2 prior-knowledge peer for tests: send GETs, PINGs and RST_STREAMs, and read
 * what came back as plain records, in order. Built on Netty's own Http2FrameCodec so the server is
 * checked against an independent implementation of the protocol.
 */
public final class H2TestClient implements AutoCloseable {
  /** What the server sent, simplified. */
  public sealed interface Seen {}
  public record Settings(Long maxConcurrentStreams) implements Seen {}
  public record Headers(int streamId, String status, boolean endStream) implements Seen {}
  public record Data(int streamId, String text, boolean endStream) implements Seen {}
  public record PingAck(long data) implements Seen {}
  public record GoAway(long errorCode, String debug, int lastStreamId) implements Seen {}
  public record Reset(int streamId, long errorCode) implements Seen {}
  public record Closed() implements Seen {}

  private final Channel channel;
  private final Recorder codec;
  private final BlockingQueue<Seen> seen;
  private final java.util.Map<Integer, Http2FrameStream> streams = new java.util.concurrent.ConcurrentHashMap<>();

  private H2TestClient(Channel channel, Recorder codec, BlockingQueue<Seen> seen) {
    this.channel = channel;
    this.codec = codec;
    this.seen = seen;
  }

  public static H2TestClient connect(EventLoopGroup group, InetSocketAddress server) throws InterruptedException {
    Http2FrameCodec codec = Http2FrameCodecBuilder.forClient().autoAckPingFrame(true).build();
    BlockingQueue<Seen> q = new LinkedBlockingQueue<>();
    Recorder recorder = new Recorder(q);
    Channel ch = new Bootstrap().group(group).channel(NioSocketChannel.class)
        .handler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel c) {
            c.pipeline().addLast(codec, recorder);
          }
        })
        .connect(server).sync().channel();
    ch.closeFuture().addListener(f -> q.add(new Closed()));
    return new H2TestClient(ch, recorder, q);
  }

  /** Opens a stream with a GET and returns its id. */
  public int get(String path) throws Exception {
    return channel.eventLoop().submit(() -> {
      Http2FrameStream stream = codec.newStream();
      DefaultHttp2Headers h = new DefaultHttp2Headers();
      h.method("GET").scheme("http").authority("test").path(path);
      channel.writeAndFlush(new DefaultHttp2HeadersFrame(h, true).stream(stream));
      streams.put(stream.id(), stream);
      return stream.id();
    }).get(5, TimeUnit.SECONDS);
  }

  /** Sends RST_STREAM(CANCEL) on a stream this client opened. */
  public void cancel(int streamId) throws Exception {
    channel.eventLoop().submit(() -> {
      Http2FrameStream stream = streams.get(streamId);
      if (stream == null) throw new IllegalStateException("no stream " + streamId);
      channel.writeAndFlush(new DefaultHttp2ResetFrame(Http2Error.CANCEL).stream(stream));
      return null;
    }).get(5, TimeUnit.SECONDS);
  }

  public void ping(long data) throws Exception {
    channel.writeAndFlush(new DefaultHttp2PingFrame(data)).sync();
  }

  /** The next frame of this type, skipping others (which are dropped). */
  public <T extends Seen> T await(Class<T> type, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Seen s = seen.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
      if (s == null) throw new AssertionError("no " + type.getSimpleName() + " within " + timeout);
      if (type.isInstance(s)) return type.cast(s);
      if (s instanceof Closed) throw new AssertionError("connection closed while waiting for " + type.getSimpleName());
    }
  }

  /** Everything seen until the connection closed. */
  public java.util.List<Seen> awaitClosed(Duration timeout) throws InterruptedException {
    java.util.List<Seen> all = new java.util.ArrayList<>();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Seen s = seen.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
      if (s == null) throw new AssertionError("not closed within " + timeout + "; saw " + all);
      all.add(s);
      if (s instanceof Closed) return all;
    }
  }

  /** Drains what has arrived so far without waiting. */
  public java.util.List<Seen> drain() {
    java.util.List<Seen> all = new java.util.ArrayList<>();
    seen.drainTo(all);
    return all;
  }

  public boolean isOpen() {
    return channel.isActive();
  }

  @Override
  public void close() {
    channel.close().awaitUninterruptibly(5_000);
  }

  /** Turns frames into {@link Seen} records. */
  private static final class Recorder extends Http2ChannelDuplexHandler {
    private final BlockingQueue<Seen> q;

    Recorder(BlockingQueue<Seen> q) {
      this.q = q;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      try {
        record(msg);
      } finally {
        ReferenceCountUtil.release(msg);
      }
    }

    private void record(Object f) {
      if (f instanceof Http2SettingsFrame s) {
        q.add(new Settings(s.settings().maxConcurrentStreams()));
      } else if (f instanceof Http2HeadersFrame h) {
        q.add(new Headers(h.stream().id(), String.valueOf(h.headers().status()), h.isEndStream()));
      } else if (f instanceof Http2DataFrame d) {
        q.add(new Data(d.stream().id(), d.content().toString(StandardCharsets.UTF_8), d.isEndStream()));
      } else if (f instanceof Http2PingFrame p && p.ack()) {
        q.add(new PingAck(p.content()));
      } else if (f instanceof Http2GoAwayFrame g) {
        q.add(new GoAway(g.errorCode(), g.content().toString(StandardCharsets.UTF_8), g.lastStreamId()));
      } else if (f instanceof Http2ResetFrame r) {
        q.add(new Reset(r.stream().id(), r.errorCode()));
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }
  }
}
