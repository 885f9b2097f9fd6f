package io.blastradius.core.server;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Answers HTTP/1.1 requests (after {@code HttpRequestDecoder}) with 200 "ok\n" once the handler
 * delay has passed, keeping the connection alive unless the request says otherwise.
 *
 * <p>Pipelined requests are answered in arrival order even when their delays differ (RFC 9112
 * §9.3.2): each waits in {@link #queue} until it is ready and everything before it is written.
 * A request whose delay is zero and that has nothing ahead of it skips the queue (no allocation).
 * A request the decoder cannot parse gets a 400 and the connection is closed.
 *
 * <p>Threading: confined to the connection's event loop (delays are scheduled on it too).
 */
final class Http1Handler extends ChannelInboundHandlerAdapter {
  private final ServerShared shared;
  private final DelayModel.Sampler delay;
  /** Requests read but not yet answered, oldest first. */
  private final ArrayDeque<Reply> queue = new ArrayDeque<>();
  // The request being read (its head has arrived, its last content not yet).
  private boolean keepAlive = true;
  private boolean handshaken;
  private boolean http10;
  private boolean head;
  private boolean needFlush;
  private boolean closing;

  Http1Handler(ServerShared shared, DelayModel.Sampler delay) {
    this.shared = shared;
    this.delay = delay;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    try {
      if (closing) return;
      if (msg instanceof HttpObject o && o.decoderResult().isFailure()) {
        closing = true;
        ctx.writeAndFlush(Responses.H1_BAD_REQUEST.duplicate()).addListener(ChannelFutureListener.CLOSE);
        return;
      }
      if (msg instanceof HttpRequest r) {
        if (!handshaken) {
          handshaken = true;
          io.blastradius.core.net.HandshakeTimeout.done(ctx); // a whole request head: a real client
        }
        keepAlive = HttpUtil.isKeepAlive(r);
        http10 = r.protocolVersion().equals(HttpVersion.HTTP_1_0);
        head = HttpMethod.HEAD.equals(r.method());
      }
      if (msg instanceof LastHttpContent) requestEnded(ctx);
    } finally {
      ReferenceCountUtil.release(msg);
    }
  }

  private void requestEnded(ChannelHandlerContext ctx) {
    ByteBuf answer = Responses.h1(keepAlive, http10, head);
    long nanos = delay.nextNanos();
    if (nanos <= 0 && queue.isEmpty()) {
      write(ctx, answer, keepAlive);
      needFlush = true;
      return;
    }
    Reply r = new Reply(ctx, answer, keepAlive);
    queue.add(r);
    if (nanos <= 0) r.ready = true;
    else r.timer = ctx.executor().schedule(r, nanos, TimeUnit.NANOSECONDS);
  }

  /** Writes every answer at the head of the queue that is ready, then flushes once. */
  private void drain(ChannelHandlerContext ctx) {
    boolean wrote = false;
    Reply r;
    while (!closing && (r = queue.peek()) != null && r.ready) {
      queue.poll();
      write(ctx, r.answer, r.keepAlive);
      wrote = true;
    }
    if (wrote) ctx.flush();
  }

  private void write(ChannelHandlerContext ctx, ByteBuf answer, boolean keepOpen) {
    shared.served.increment();
    if (keepOpen) {
      ctx.write(answer, ctx.voidPromise());
    } else {
      closing = true;
      ctx.writeAndFlush(answer).addListener(ChannelFutureListener.CLOSE);
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    if (needFlush) {
      needFlush = false;
      ctx.flush();
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    closing = true;
    for (Reply r : queue) if (r.timer != null) r.timer.cancel(false);
    queue.clear();
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    // I/O errors (reset by peer and the like) end only this connection; nothing to report.
    ctx.close();
  }

  /** One delayed answer; runs on the connection's loop when its delay has passed. */
  private final class Reply implements Runnable {
    final ChannelHandlerContext ctx;
    final ByteBuf answer;
    final boolean keepAlive;
    ScheduledFuture<?> timer;
    boolean ready;

    Reply(ChannelHandlerContext ctx, ByteBuf answer, boolean keepAlive) {
      this.ctx = ctx;
      this.answer = answer;
      this.keepAlive = keepAlive;
    }

    @Override
    public void run() {
      ready = true;
      drain(ctx);
    }
  }
}
