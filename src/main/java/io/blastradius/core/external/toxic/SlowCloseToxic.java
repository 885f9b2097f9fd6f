package io.blastradius.core.external.toxic;

import io.blastradius.core.external.ToxicSpec;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import java.util.concurrent.TimeUnit;

/**
 * Toxiproxy's {@code slow_close}: the FIN is passed on {@code delay} ms after it arrives; bytes go
 * through untouched. Resets and the proxy's own shutdown are not delayed (they do not pass a FIN).
 */
final class SlowCloseToxic extends ToxicHandler {
  SlowCloseToxic(ToxicSpec spec) {
    super(spec);
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    if (!isFin(msg)) {
      ctx.write(msg, promise);
      return;
    }
    ctx.executor().schedule(() -> {
      ctx.writeAndFlush(msg, promise);
    }, spec.number("delay"), TimeUnit.MILLISECONDS);
  }
}
