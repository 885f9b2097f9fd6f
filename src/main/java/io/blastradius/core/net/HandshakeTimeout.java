package io.blastradius.core.net;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The server's side of {@link ListenerLimits}: first in an accepted connection's pipeline, closes
 * it unless the protocol handlers call {@link #done} within the timeout (HTTP/2 preface read, or
 * the first HTTP/1 request's headers decoded). Then it removes itself.
 *
 * <p>Threading: confined to the connection's event loop.
 */
public final class HandshakeTimeout extends ChannelInboundHandlerAdapter {
  private final long timeoutNanos;
  private final LongAdder timedOut;
  private ScheduledFuture<?> timer;

  public HandshakeTimeout(ListenerLimits limits, LongAdder timedOut) {
    this.timeoutNanos = limits.handshakeTimeout().toNanos();
    this.timedOut = timedOut;
  }

  /** The connection showed it is a real client: no more deadline. Any handler of it may call this. */
  public static void done(ChannelHandlerContext ctx) {
    HandshakeTimeout h = ctx.pipeline().get(HandshakeTimeout.class);
    if (h != null) ctx.pipeline().remove(h);
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    timer = ctx.executor().schedule(() -> {
      if (ctx.channel().isOpen()) {
        timedOut.increment();
        ctx.channel().close();
      }
    }, timeoutNanos, TimeUnit.NANOSECONDS);
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    if (timer != null) timer.cancel(false);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (timer != null) timer.cancel(false);
    ctx.fireChannelInactive();
  }
}
