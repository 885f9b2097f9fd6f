package io.blastradius.core.clients;

import io.blastradius.core.event.Event;
import io.blastradius.core.event.EventSink;
import io.blastradius.core.event.Outcome;
import io.blastradius.core.run.ClientSide;
import io.blastradius.core.time.Clock;
import io.netty.channel.EventLoop;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A real client library as the client side of a run. Subclasses only start a request with the
 * library's own API ({@link #send}) and report what the library said ({@link Pending#finish},
 * {@link Pending#onConnection}); this class turns that into the same events a pool emits, so a
 * real client gets the same scorecard, recording and replay as a model.
 *
 * <p>Outcomes come from the client's API alone: its own timeout error is {@code TIMEOUT}, any
 * other error {@code ERROR}, a response {@code OK} (status 200). A deliberate cancel (the
 * scenario's {@code cancelFraction}) calls the library's cancel and counts {@code CANCELLED} at
 * once. A backstop, far past the request's timeout, ends a request the library never answered
 * as {@code ERROR} so a run always finishes.
 *
 * <p>Threading: {@link #submit} runs on the driver's loop; libraries answer on their own threads;
 * {@link Pending#finish} is idempotent and hands the callback back to the loop.
 */
abstract class RealClient implements ClientSide {
  /** The backstop: this many request timeouts, and at least {@link #MIN_BACKSTOP_NANOS}. */
  private static final long BACKSTOP_TIMEOUTS = 50;
  private static final long MIN_BACKSTOP_NANOS = TimeUnit.SECONDS.toNanos(5);

  protected final EventLoop loop;
  protected final Clock clock;
  protected final EventSink sink;
  protected final ConnectionLedger ledger;
  /** Where every request goes: the fault proxy. */
  protected final URI uri;
  private final Map<Long, Pending> inFlight = new ConcurrentHashMap<>();
  private final AtomicBoolean closing = new AtomicBoolean();

  protected RealClient(EventLoop loop, InetSocketAddress target, Clock clock, EventSink sink, ConnectionLedger ledger) {
    this.loop = loop;
    this.clock = clock;
    this.sink = sink;
    this.ledger = ledger;
    this.uri = URI.create("http://" + target.getHostString() + ":" + target.getPort() + "/");
  }

  /** A request's cancel handle in the library's terms. */
  @FunctionalInterface
  protected interface Cancel {
    void cancel();
  }

  /**
   * Starts {@code p} with the library's asynchronous API and returns how to cancel it. Must not
   * block. Called on the driver's loop.
   */
  protected abstract Cancel send(Pending p, long timeoutNanos) throws Exception;

  /** Shuts the library down (its threads, pools, sockets). Called once, off the I/O threads. */
  protected abstract void shutdown() throws Exception;

  @Override
  public final EventLoop loop() {
    return loop;
  }

  @Override
  public final void submit(long requestId, int worker, long timeoutNanos, long cancelAfterNanos, Callback callback) {
    long now = clock.nanoTime();
    sink.accept(new Event.RequestStarted(now, requestId, worker));
    Pending p = new Pending(requestId, now, callback);
    if (closing.get()) {
      p.finish(Outcome.CANCELLED, "client closed");
      return;
    }
    inFlight.put(requestId, p);
    Cancel cancel;
    try {
      cancel = send(p, timeoutNanos);
    } catch (Exception e) {
      p.finish(Outcome.ERROR, "client refused the request: " + e);
      return;
    }
    if (cancelAfterNanos >= 0 && cancelAfterNanos < timeoutNanos) {
      p.timer = loop.schedule(() -> {
        if (p.finish(Outcome.CANCELLED, "cancelled by the caller")) cancel.cancel();
      }, cancelAfterNanos, TimeUnit.NANOSECONDS);
    } else {
      long backstop = Math.max(MIN_BACKSTOP_NANOS, timeoutNanos * BACKSTOP_TIMEOUTS);
      p.timer = loop.schedule(() -> {
        if (p.finish(Outcome.ERROR, "no outcome from the client " + backstop / 1_000_000 + " ms after its start")) {
          cancel.cancel();
        }
      }, backstop, TimeUnit.NANOSECONDS);
    }
    // The library may have answered before the timer existed: then nobody else cancels it.
    if (p.done.get()) p.timer.cancel(false);
  }

  @Override
  public final void close() {
    if (!closing.compareAndSet(false, true)) return;
    try {
      shutdown();
    } catch (Exception ignored) {
      // Best effort: what is still in flight is cancelled below either way.
    }
    for (Pending p : inFlight.values()) p.finish(Outcome.CANCELLED, "client closed");
  }

  /** Whether the run is tearing the client down (errors then are cancels, not failures). */
  protected final boolean closing() {
    return closing.get();
  }

  /** One request in flight in the library. */
  protected final class Pending {
    final long id;
    final long startedAt;
    private final Callback callback;
    private final AtomicBoolean done = new AtomicBoolean();
    private volatile long connId;
    private volatile ScheduledFuture<?> timer;

    Pending(long id, long startedAt, Callback callback) {
      this.id = id;
      this.startedAt = startedAt;
      this.callback = callback;
    }

    public long id() {
      return id;
    }

    /** The library put this request on its connection from local port {@code localPort}. */
    public void onConnection(int localPort) {
      if (done.get() || connId != 0) return;
      long conn = ledger.connectionFor(localPort);
      connId = conn;
      sink.accept(new Event.RequestAssigned(clock.nanoTime(), id, conn, 0));
    }

    /**
     * Ends the request (the first call wins; later ones return false). A failure while the client
     * is being closed is a cancel.
     */
    public boolean finish(Outcome outcome, String error) {
      if (!done.compareAndSet(false, true)) return false;
      if (outcome.isFailure() && closing.get()) outcome = Outcome.CANCELLED;
      inFlight.remove(id);
      ScheduledFuture<?> t = timer;
      if (t != null) t.cancel(false);
      long now = clock.nanoTime();
      sink.accept(new Event.RequestFinished(now, id, connId, 0, outcome, outcome == Outcome.OK ? null : error,
          now - startedAt));
      Outcome o = outcome;
      if (loop.inEventLoop()) {
        callback.done(id, o);
      } else {
        try {
          loop.execute(() -> callback.done(id, o));
        } catch (java.util.concurrent.RejectedExecutionException stopped) {
          // The run's loops are already down: nobody is waiting for this request any more.
        }
      }
      return true;
    }

    /** A response with {@code status}: OK for 200, ERROR otherwise. */
    public void finishStatus(int status) {
      finish(status == 200 ? Outcome.OK : Outcome.ERROR, "HTTP " + status);
    }
  }
}
