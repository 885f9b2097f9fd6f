package io.blastradius.core.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;

/**
 * The only handler on either socket of a flow: hands what the socket reads to the {@link Pipe}
 * that carries it away, and socket trouble to the {@link Flow}. Closing is observed through the
 * channels' close futures (see {@link Flow}), not here.
 *
 * <p>Threading: runs on the flow's event loop, like everything it calls.
 */
final class RelayHandler extends ChannelInboundHandlerAdapter {
  private final Flow flow;
  private final boolean clientSide;

  RelayHandler(Flow flow, boolean clientSide) {
    this.flow = flow;
    this.clientSide = clientSide;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof ByteBuf buf) (clientSide ? flow.up : flow.down).onRead(buf);
    else ReferenceCountUtil.release(msg);
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    flow.writabilityChanged(ctx.channel());
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    String msg = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    flow.because((clientSide ? "client error: " : "server error: ") + msg);
    ctx.close();
  }
}
