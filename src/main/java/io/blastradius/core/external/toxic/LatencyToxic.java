package io.blastradius.core.external.toxic;

import io.blastradius.core.external.ToxicSpec;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Toxiproxy's {@code latency}: each chunk is written {@code latency} ms (+/- up to {@code jitter})
 * after it arrived, never before the chunk ahead of it. Up to {@link #BUFFER} bytes wait here
 * without slowing the sender, as Toxiproxy's buffered latency toxic lets 1024 chunks wait.
 */
final class LatencyToxic extends PacedToxic {
  static final long BUFFER = 1 << 20;

  LatencyToxic(ToxicSpec spec) {
    super(spec, BUFFER);
  }

  @Override
  void pace(ChannelHandlerContext ctx, ByteBuf buf, ChannelPromise promise, long now) {
    enqueue(buf, now + delayNanos(), promise);
  }

  private long delayNanos() {
    long delay = spec.number("latency");
    long jitter = spec.number("jitter");
    if (jitter > 0) delay += ThreadLocalRandom.current().nextLong(jitter * 2) - jitter;
    return TimeUnit.MILLISECONDS.toNanos(Math.max(0, delay));
  }
}
