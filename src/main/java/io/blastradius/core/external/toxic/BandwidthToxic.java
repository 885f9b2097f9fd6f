package io.blastradius.core.external.toxic;

import io.blastradius.core.external.ToxicSpec;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;

/**
 * Toxiproxy's {@code bandwidth}: at most {@code rate} KB/s. A chunk of n bytes takes n / rate ms
 * (so 1 KB = 1000 bytes, as in Toxiproxy's arithmetic), cut into pieces of 100 ms worth; the
 * sender is held until its chunk has gone out. Rate 0 lets everything through.
 */
final class BandwidthToxic extends PacedToxic {
  BandwidthToxic(ToxicSpec spec) {
    super(spec, 0);
  }

  @Override
  void pace(ChannelHandlerContext ctx, ByteBuf buf, ChannelPromise promise, long now) {
    long rate = spec.number("rate"); // bytes per millisecond
    if (rate <= 0) {
      enqueue(buf, now, promise);
      return;
    }
    long t = Math.max(now, lastDue());
    int slice = (int) Math.min(Integer.MAX_VALUE, rate * 100);
    while (buf.readableBytes() > slice) {
      ByteBuf piece = buf.readRetainedSlice(slice);
      t += 100_000_000L;
      enqueue(piece, t, null);
    }
    t += buf.readableBytes() * 1_000_000L / rate;
    enqueue(buf, t, promise);
  }
}
