package io.blastradius.core.external.toxic;

import io.blastradius.core.external.ToxicSpec;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Toxiproxy's {@code slicer}: each chunk is halved (the cut moved by up to
 * {@code size_variation}) until its pieces are at most {@code average_size + size_variation}
 * bytes, and the pieces go out {@code delay} microseconds apart. The sender is held until the
 * last piece has gone. Unlike Toxiproxy, a cut always leaves at least one byte on each side.
 */
final class SlicerToxic extends PacedToxic {
  SlicerToxic(ToxicSpec spec) {
    super(spec, 0);
  }

  @Override
  void pace(ChannelHandlerContext ctx, ByteBuf buf, ChannelPromise promise, long now) {
    List<Integer> cuts = new ArrayList<>();
    cut(0, buf.readableBytes(), cuts);
    long t = Math.max(now, lastDue());
    long gap = spec.number("delay") * 1_000L;
    for (int i = 0; i < cuts.size(); i++) {
      int size = cuts.get(i);
      boolean last = i == cuts.size() - 1;
      if (last) enqueue(buf, t, promise);
      else enqueue(buf.readRetainedSlice(size), t, null);
      t += gap;
    }
  }

  /** Sizes of the pieces of [start, end), in order. */
  void cut(int start, int end, List<Integer> sizes) {
    long avg = spec.number("average_size");
    long variation = spec.number("size_variation");
    if ((end - start) - avg <= variation || end - start < 2) {
      sizes.add(end - start);
      return;
    }
    int mid = start + (end - start) / 2;
    if (variation > 0) {
      int v = (int) Math.min(variation, Integer.MAX_VALUE / 2);
      mid += ThreadLocalRandom.current().nextInt(v * 2) - v;
    }
    mid = Math.max(start + 1, Math.min(end - 1, mid));
    cut(start, mid, sizes);
    cut(mid, end, sizes);
  }
}
