package io.blastradius.core.wire;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import java.util.ArrayDeque;

/**
 * The decoder's handler on a flow's client-side socket. Reads from the client are passed on first
 * and decoded after the relay has had them (a retained duplicate: same bytes, own indices, so the
 * relay's buffer is never read through or held back); writes to the client are passed on at once
 * and decoded after the flush that sends them. When the decoder gives up, the tap removes itself:
 * an undecoded flow costs nothing more.
 *
 * <p>Threading: confined to the flow's event loop.
 */
final class WireTap extends ChannelDuplexHandler {
  private final FlowDecoder decoder;
  /** Duplicates of chunks written to the client and not yet flushed, oldest first. */
  private final ArrayDeque<ByteBuf> written = new ArrayDeque<>(4);

  WireTap(FlowDecoder decoder) {
    this.decoder = decoder;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof ByteBuf b) || !b.isReadable()) {
      ctx.fireChannelRead(msg);
      return;
    }
    ByteBuf copy = b.retainedDuplicate();
    ctx.fireChannelRead(msg);
    try {
      decoder.fromClient(ctx, copy);
    } finally {
      copy.release();
    }
    leaveIfDone(ctx);
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    if (msg instanceof ByteBuf b && b.isReadable()) written.add(b.retainedDuplicate());
    ctx.write(msg, promise);
  }

  @Override
  public void flush(ChannelHandlerContext ctx) {
    ctx.flush();
    ByteBuf b;
    while ((b = written.poll()) != null) {
      try {
        decoder.fromServer(ctx, b);
      } finally {
        b.release();
      }
    }
    leaveIfDone(ctx);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    ctx.fireChannelInactive();
    releaseWritten();
    decoder.close();
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    releaseWritten();
  }

  private void leaveIfDone(ChannelHandlerContext ctx) {
    if (!decoder.active() && !ctx.isRemoved()) ctx.pipeline().remove(this);
  }

  private void releaseWritten() {
    ByteBuf b;
    while ((b = written.poll()) != null) b.release();
  }
}
