package io.blastradius.core.external.toxic;

import io.blastradius.core.external.ToxicSpec;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Toxiproxy's {@code timeout}: every byte is dropped, and {@code timeout} ms after the toxic
 * applies the socket is closed (0: never, bytes are dropped until the toxic is removed). A FIN
 * still goes through. Removing the toxic closes the socket, as Toxiproxy's cleanup does: the
 * stream has lost bytes and cannot go on.
 */
final class TimeoutToxic extends ToxicHandler {
  private Future<?> timer;

  TimeoutToxic(ToxicSpec spec) {
    super(spec);
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    arm(ctx);
  }

  @Override
  public void reconfigure(ChannelHandlerContext ctx, ToxicSpec newSpec) {
    super.reconfigure(ctx, newSpec);
    arm(ctx);
  }

  private void arm(ChannelHandlerContext ctx) {
    if (timer != null) timer.cancel(false);
    timer = null;
    long ms = spec.number("timeout");
    if (ms > 0) timer = ctx.executor().schedule(() -> {
      ctx.close();
    }, ms, TimeUnit.MILLISECONDS);
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    if (isFin(msg)) {
      ctx.write(msg, promise);
      return;
    }
    ReferenceCountUtil.release(msg);
    promise.trySuccess();
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    if (timer != null) timer.cancel(false);
    if (ctx.channel().isOpen()) ctx.channel().close();
  }
}
