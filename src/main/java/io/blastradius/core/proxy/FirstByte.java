package io.blastradius.core.proxy;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * First on a flow's client socket, ahead of every tap: notes that the client sent a byte, as the
 * socket read it, then leaves the pipeline. The handshake check ({@link Flow}) asks it rather than
 * the relay's counters, which see only what a tap passes on: with TLS intercepted, plaintext, so a
 * client that finished its handshake with the proxy and had nothing to say yet would have counted
 * as silent.
 *
 * <p>Threading: on the flow's event loop.
 */
final class FirstByte extends ChannelInboundHandlerAdapter {
  private final Flow flow;

  FirstByte(Flow flow) {
    this.flow = flow;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    flow.clientSpoke = true;
    ctx.pipeline().remove(this);
    ctx.fireChannelRead(msg);
  }
}
