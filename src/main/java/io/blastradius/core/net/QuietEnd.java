package io.blastradius.core.net;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.internal.logging.InternalLogger;
import io.netty.util.internal.logging.InternalLoggerFactory;
import java.util.concurrent.atomic.LongAdder;

/**
 * The last handler of an accepted connection: an exception nothing before it handled (a peer that
 * reset the connection, most often) closes that connection, is counted, and is logged at debug
 * level only. Without it Netty prints a WARNING with a stack trace on stderr for every reset peer.
 *
 * <p>Threading: stateless but for a thread-safe counter; shared by every connection of a listener.
 */
@ChannelHandler.Sharable
public final class QuietEnd extends ChannelInboundHandlerAdapter {
  private static final InternalLogger LOG = InternalLoggerFactory.getInstance(QuietEnd.class);

  private final LongAdder errors;

  /** @param errors counts the connections ended by an error */
  public QuietEnd(LongAdder errors) {
    this.errors = errors;
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    errors.increment();
    if (LOG.isDebugEnabled()) LOG.debug("{} ended: {}", ctx.channel(), cause.toString());
    ctx.close();
  }
}
