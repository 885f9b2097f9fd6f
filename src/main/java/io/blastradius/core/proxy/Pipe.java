package io.blastradius.core.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import java.util.ArrayDeque;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One direction of a flow (client to server, or back): moves chunks from {@code src} to
 * {@code dst} with backpressure, and is where unplug, drop and latency act.
 *
 * <p>Plugged, no latency: HexDumpProxy's relay. One chunk is read, written and flushed; the next
 * is read only when that write has completed, so a slow reader slows the writer through TCP.
 *
 * <p>Latency: every chunk waits in {@link #delayed} until {@code latency} after it was read, in
 * order; reading goes on meanwhile (a delay is not a bandwidth limit) up to {@link #DELAY_CAP}
 * bytes queued or an unwritable destination.
 *
 * <p>Unplugged (hold): nothing is written; what the source sends (and every chunk waiting for its
 * latency) joins {@link #held}, delivered in order on replug. Reading goes on until
 * {@link #HOLD_CAP} bytes are held, then stops: the source's socket buffers fill and TCP stops the
 * sender, a black-holed route. Reading on up to the cap is what lets the flow see a client that
 * gives up on it (its FIN arrives behind the bytes it sent last; see {@link Flow}): a pool that
 * closed a dead connection sends few bytes after the unplug. A FIN from the source is held as well
 * and delivered after the held bytes. Bytes handed to a socket before the unplug (the kernel's
 * send buffer, at most one chunk in Netty's) still arrive: a user-space relay cannot recall them,
 * unlike a real black hole.
 *
 * <p>Unplugged (drop): reading goes on and every chunk is discarded, as are chunks held or delayed
 * when the drop began: the sender sees its bytes vanish.
 *
 * <p>Threading: confined to the flow's event loop, except the volatile counters that
 * {@link Flow#snapshot()} reads from any thread (single writer: the loop).
 */
final class Pipe implements ChannelFutureListener {
  /** Most bytes waiting for their latency before reading stops. */
  static final long DELAY_CAP = 1 << 20;
  /** Most bytes held while unplugged before reading stops (TCP backpressure then holds the rest). */
  static final long HOLD_CAP = 1 << 20;

  private final Flow flow;
  private final boolean upstream;

  // Confined to the flow's loop.
  private boolean stopped;
  private boolean drop;
  private boolean srcEnded;
  private boolean finSent;
  private int writesInFlight;
  private final ArrayDeque<ByteBuf> held = new ArrayDeque<>();
  private final ArrayDeque<Delayed> delayed = new ArrayDeque<>();
  private long delayedBytes;
  private ScheduledFuture<?> timer;

  // Written on the loop only, read by snapshots from any thread.
  volatile long bytes;
  volatile long lastAt = -1;
  volatile long heldBytes;
  volatile long droppedBytes;

  private record Delayed(ByteBuf buf, long due) {}

  Pipe(Flow flow, boolean upstream) {
    this.flow = flow;
    this.upstream = upstream;
  }

  private Channel src() {
    return upstream ? flow.client : flow.server;
  }

  private Channel dst() {
    return upstream ? flow.server : flow.client;
  }

  boolean stopped() {
    return stopped;
  }

  long delayedBytes() {
    return delayedBytes;
  }

  // --- relaying -------------------------------------------------------------------------------

  void onRead(ByteBuf buf) {
    int n = buf.readableBytes();
    if (flow.finished()) {
      buf.release();
    } else if (stopped && drop) {
      droppedBytes += n;
      buf.release();
      maybeRead();
    } else if (stopped) {
      held.add(buf);
      heldBytes += n;
      maybeRead();
    } else {
      forward(buf);
      maybeRead();
    }
  }

  /** Plugged path: now, or after the latency (behind anything still waiting for it). */
  private void forward(ByteBuf buf) {
    long latency = flow.latencyNanos;
    if (latency > 0 || !delayed.isEmpty()) {
      delayed.add(new Delayed(buf, System.nanoTime() + latency));
      delayedBytes += buf.readableBytes();
      armTimer();
    } else {
      write(buf);
      dst().flush();
    }
  }

  private void write(ByteBuf buf) {
    int n = buf.readableBytes();
    bytes += n;
    lastAt = flow.now();
    writesInFlight++;
    dst().write(buf).addListener(this);
  }

  /** A write to {@code dst} completed. */
  @Override
  public void operationComplete(ChannelFuture f) {
    writesInFlight--;
    if (!f.isSuccess()) {
      f.channel().close(); // the other direction then ends the flow
      return;
    }
    maybeRead();
  }

  /** Asks the source for one more chunk if this direction may move bytes now. */
  void maybeRead() {
    Channel src = src();
    Channel dst = dst();
    if (src == null || dst == null || srcEnded || !src.isActive() || flow.finished()) return;
    boolean may;
    if (stopped) may = drop || heldBytes < HOLD_CAP;
    else if (flow.latencyNanos > 0 || !delayed.isEmpty()) may = delayedBytes < DELAY_CAP && dst.isWritable();
    else may = writesInFlight == 0;
    if (may) src.read();
  }

  private void armTimer() {
    if (timer != null || delayed.isEmpty()) return;
    long wait = Math.max(0, delayed.peek().due - System.nanoTime());
    timer = flow.client.eventLoop().schedule(this::deliverDue, wait, TimeUnit.NANOSECONDS);
  }

  private void deliverDue() {
    timer = null;
    if (stopped || flow.finished()) return;
    long now = System.nanoTime();
    boolean wrote = false;
    Delayed d;
    while ((d = delayed.peek()) != null && d.due - now <= 0) {
      delayed.poll();
      delayedBytes -= d.buf.readableBytes();
      write(d.buf);
      wrote = true;
    }
    if (wrote) dst().flush();
    armTimer();
    maybeRead();
    maybeSendFin();
  }

  // --- faults ---------------------------------------------------------------------------------

  void unplug(boolean dropMode) {
    stopped = true;
    drop = dropMode;
    cancelTimer();
    if (dropMode) {
      discardPending();
      maybeRead();
    } else {
      // Chunks waiting for their latency were read before anything held: keep them first.
      for (Delayed d : delayed) {
        held.add(d.buf);
        heldBytes += d.buf.readableBytes();
      }
      delayed.clear();
      delayedBytes = 0;
      maybeRead();
    }
  }

  void replug() {
    if (!stopped) return;
    stopped = false;
    drop = false;
    if (!held.isEmpty() && dst() != null) {
      ByteBuf b;
      while ((b = held.poll()) != null) write(b); // held bytes first, at once: they already waited
      heldBytes = 0;
      dst().flush();
    }
    maybeRead();
    maybeSendFin();
  }

  // --- ends -----------------------------------------------------------------------------------

  /** The source closed: pass its FIN on once everything before it has been delivered. */
  void onSourceEnded() {
    srcEnded = true;
    maybeSendFin();
  }

  private void maybeSendFin() {
    if (!srcEnded || finSent || stopped || !delayed.isEmpty()) return;
    finSent = true;
    Channel dst = dst();
    if (dst != null && dst.isActive()) {
      dst.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    } else if (dst != null) {
      dst.close();
    }
  }

  /** The flow is over: give every buffer back. */
  void release() {
    cancelTimer();
    discardPending();
  }

  private void discardPending() {
    long n = 0;
    for (ByteBuf b : held) {
      n += b.readableBytes();
      b.release();
    }
    for (Delayed d : delayed) {
      n += d.buf.readableBytes();
      d.buf.release();
    }
    held.clear();
    delayed.clear();
    delayedBytes = 0;
    heldBytes = 0;
    droppedBytes += n;
  }

  private void cancelTimer() {
    if (timer != null) {
      timer.cancel(false);
      timer = null;
    }
  }
}
