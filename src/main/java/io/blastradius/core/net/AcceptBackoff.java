package io.blastradius.core.net;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * On a listening channel: when accepting fails (out of file descriptors, most often), stop
 * accepting for a while instead of failing again at once, and say nothing on stderr. Connections
 * wait in the kernel's backlog meanwhile. The pause starts at {@link #MIN_PAUSE_MILLIS} and doubles
 * up to {@link #MAX_PAUSE_MILLIS} while accepting keeps failing; an accepted connection resets it.
 * The same idea as Netty's own {@code ServerBootstrapAcceptor} (a fixed 1 s pause), Jetty's and
 * Tomcat's acceptors (an error delay that doubles to 1.6 s); unlike Netty's, the error goes no
 * further: reaching the end of the pipeline it would be logged, and the first log line of a
 * process that is out of file descriptors can kill the event-loop thread (the logger opens a file
 * to format its timestamp).
 *
 * <p>Threading: one instance per listening channel, confined to its event loop; the counter may be
 * read from any thread.
 */
public final class AcceptBackoff extends ChannelInboundHandlerAdapter {
  public static final long MIN_PAUSE_MILLIS = 10;
  public static final long MAX_PAUSE_MILLIS = 1_000;

  private final LongAdder errors;
  private long pauseMillis = MIN_PAUSE_MILLIS;
  private boolean paused;

  /** @param errors counts every failed accept */
  public AcceptBackoff(LongAdder errors) {
    this.errors = errors;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    pauseMillis = MIN_PAUSE_MILLIS; // accepting works again
    ctx.fireChannelRead(msg);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    errors.increment();
    if (paused) return;
    paused = true;
    ctx.channel().config().setAutoRead(false);
    long pause = pauseMillis;
    pauseMillis = Math.min(MAX_PAUSE_MILLIS, pauseMillis * 2);
    ctx.channel().eventLoop().schedule(() -> {
      paused = false;
      if (ctx.channel().isOpen()) ctx.channel().config().setAutoRead(true);
    }, pause, TimeUnit.MILLISECONDS);
  }
}
