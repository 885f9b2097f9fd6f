package io.blastradius.core.external.toxic;

import io.blastradius.core.external.ToxicSpec;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;

/**
 * Our {@code blackhole}: a silent unplug. Nothing reaches the peer and nothing is closed, so
 * neither end learns anything: the route of golang/go#63422.
 *
 * <p>Mode "hold": every write is kept with its promise still open, so the relay stops reading and
 * TCP backpressure stops the sender; removing the toxic delivers everything, in order. Mode
 * "drop": bytes are discarded (the promise completes, the sender keeps sending into the void).
 * In both modes a FIN is held until removal: a dead route does not carry FINs either.
 */
final class BlackholeToxic extends ToxicHandler {
  private record Held(Object msg, ChannelPromise promise) {}

  private final ArrayDeque<Held> held = new ArrayDeque<>();

  BlackholeToxic(ToxicSpec spec) {
    super(spec);
  }

  private boolean drop() {
    return "drop".equals(spec.attributes().get("mode"));
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    if (drop() && !isFin(msg)) {
      ReferenceCountUtil.release(msg);
      promise.trySuccess();
    } else {
      held.add(new Held(msg, promise));
    }
  }

  @Override
  public void flush(ChannelHandlerContext ctx) {
    if (held.isEmpty()) ctx.flush();
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    Held h;
    boolean wrote = false;
    while ((h = held.poll()) != null) {
      ctx.write(h.msg, h.promise);
      wrote = true;
    }
    if (wrote) ctx.flush();
  }

  /** Writes held (tests). */
  int heldWrites() {
    return held.size();
  }
}
