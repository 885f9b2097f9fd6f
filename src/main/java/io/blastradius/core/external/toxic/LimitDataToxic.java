package io.blastradius.core.external.toxic;

import io.blastradius.core.external.ToxicSpec;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.util.ReferenceCountUtil;

/**
 * Toxiproxy's {@code limit_data}: bytes pass until {@code bytes} have been written (counted over
 * the toxic's life on this socket, across updates); then the socket is closed, with a FIN after
 * the last byte allowed. Later writes are dropped.
 */
final class LimitDataToxic extends ToxicHandler {
  private long transmitted;
  private boolean closing;

  LimitDataToxic(ToxicSpec spec) {
    super(spec);
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    if (closing || !(msg instanceof ByteBuf buf)) {
      if (closing) {
        ReferenceCountUtil.release(msg);
        promise.trySuccess();
      } else {
        ctx.write(msg, promise);
      }
      return;
    }
    long remaining = Math.max(0, spec.number("bytes") - transmitted);
    if (buf.readableBytes() < remaining || (buf.readableBytes() == 0 && remaining > 0)) {
      transmitted += buf.readableBytes();
      ctx.write(buf, promise);
      return;
    }
    closing = true;
    ByteBuf allowed = buf.readRetainedSlice((int) remaining);
    buf.release();
    transmitted += remaining;
    promise.trySuccess();
    ctx.writeAndFlush(allowed).addListener((ChannelFutureListener) f -> ctx.close());
  }
}
