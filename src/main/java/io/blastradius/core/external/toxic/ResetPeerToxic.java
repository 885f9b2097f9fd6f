package io.blastradius.core.external.toxic;

import io.blastradius.core.external.ToxicSpec;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Toxiproxy's {@code reset_peer}: the first chunk to arrive (or a FIN) is dropped, as is everything
 * after it, and {@code timeout} ms later the whole flow is aborted with a TCP RST both ways
 * ("connection reset by peer").
 */
final class ResetPeerToxic extends ToxicHandler {
  private final Runnable resetFlow;
  private Future<?> timer;

  ResetPeerToxic(ToxicSpec spec, Runnable resetFlow) {
    super(spec);
    this.resetFlow = resetFlow;
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    ReferenceCountUtil.release(msg);
    promise.trySuccess();
    if (timer == null) timer = ctx.executor().schedule(resetFlow, spec.number("timeout"), TimeUnit.MILLISECONDS);
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    if (timer != null) timer.cancel(false);
  }
}
