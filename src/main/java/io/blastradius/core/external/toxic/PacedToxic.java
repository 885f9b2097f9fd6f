package io.blastradius.core.external.toxic;

import io.blastradius.core.external.ToxicSpec;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import java.util.ArrayDeque;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * A toxic that delivers chunks (or pieces of them) at times it chooses, in order: latency,
 * bandwidth, slicer.
 *
 * <p>Backpressure: a chunk's promise is completed at once while the bytes queued here stay within
 * {@link #bufferCap} (what Toxiproxy's buffered latency toxic allows: the sender keeps going);
 * beyond it, or with a cap of 0, the promise completes when the bytes are really written, so the
 * relay stops reading and TCP stops the sender. Due chunks wait while the socket is unwritable.
 * A FIN (an empty write) queues behind the bytes before it.
 *
 * <p>Removed (the toxic deleted): everything queued is written at once, in order, as Toxiproxy
 * flushes a removed toxic's buffer. Removed because the channel closed: those writes fail and Netty
 * releases the buffers.
 */
abstract class PacedToxic extends ToxicHandler {
  private record Entry(ByteBuf buf, long due, ChannelPromise promise) {}

  private final long bufferCap;
  private final ArrayDeque<Entry> queue = new ArrayDeque<>();
  private long queuedBytes;
  private long lastDue;
  private Future<?> timer;
  private ChannelHandlerContext ctx;

  PacedToxic(ToxicSpec spec, long bufferCap) {
    super(spec);
    this.bufferCap = bufferCap;
  }

  /** Splits or times one chunk by calling {@link #enqueue} for each piece, in order. */
  abstract void pace(ChannelHandlerContext ctx, ByteBuf buf, ChannelPromise promise, long now);

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    if (!(msg instanceof ByteBuf buf)) {
      ctx.write(msg, promise);
    } else if (!buf.isReadable()) {
      enqueue(buf, Math.max(lastDue, now(ctx)), promise); // a FIN: after what came before it
    } else {
      pace(ctx, buf, promise, now(ctx));
    }
  }

  /** The latest due time queued so far: the next piece may not go before it. */
  long lastDue() {
    return lastDue;
  }

  /** Queues a piece for {@code due}; {@code promise} null for all but a chunk's last piece. */
  void enqueue(ByteBuf buf, long due, ChannelPromise promise) {
    if (queue.isEmpty() && due - now(ctx) <= 0 && ctx.channel().isWritable()) {
      // Due now and nothing ahead of it: straight through, as if the toxic were not there.
      lastDue = Math.max(lastDue, due);
      ctx.write(buf, promise != null ? promise : freshPromise());
      ctx.flush();
      return;
    }
    int n = buf.readableBytes();
    ChannelPromise p = promise;
    if (p != null && queuedBytes + n <= bufferCap) {
      p.trySuccess();
      p = null;
    }
    lastDue = Math.max(lastDue, due);
    queue.add(new Entry(buf, lastDue, p));
    queuedBytes += n;
    deliver();
  }

  private void onTimer() {
    timer = null;
    deliver();
  }

  private void deliver() {
    long now = now(ctx);
    boolean wrote = false;
    Entry e;
    while ((e = queue.peek()) != null && e.due - now <= 0 && ctx.channel().isWritable()) {
      queue.poll();
      queuedBytes -= e.buf.readableBytes();
      ctx.write(e.buf, promiseFor(e));
      wrote = true;
    }
    if (wrote) ctx.flush();
    e = queue.peek();
    if (e != null && e.due - now > 0 && timer == null) {
      timer = ctx.executor().schedule(this::onTimer, e.due - now, TimeUnit.NANOSECONDS);
    }
  }

  private ChannelPromise promiseFor(Entry e) {
    return e.promise != null ? e.promise : freshPromise();
  }

  private ChannelPromise freshPromise() {
    ChannelPromise p = ctx.newPromise();
    p.addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
    return p;
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (ctx.channel().isWritable() && timer == null) deliver();
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    if (timer != null) timer.cancel(false);
    timer = null;
    Entry e;
    boolean wrote = false;
    while ((e = queue.poll()) != null) {
      ctx.write(e.buf, promiseFor(e));
      wrote = true;
    }
    queuedBytes = 0;
    if (wrote) ctx.flush();
  }

  /** Bytes queued here (tests). */
  long queuedBytes() {
    return queuedBytes;
  }
}
