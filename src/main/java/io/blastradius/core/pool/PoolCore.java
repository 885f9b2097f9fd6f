package io.blastradius.core.pool;

import io.blastradius.core.event.CloseReason;
import io.blastradius.core.event.Event;
import io.blastradius.core.event.Event.ConnStatus;
import io.blastradius.core.event.EventSink;
import io.blastradius.core.event.Outcome;
import io.blastradius.core.policy.Actions;
import io.blastradius.core.policy.Conn;
import io.blastradius.core.policy.FrameType;
import io.blastradius.core.policy.Placement;
import io.blastradius.core.policy.PoolPolicy;
import io.blastradius.core.policy.Protocol;
import io.blastradius.core.policy.Stream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The decisions of an HTTP client connection pool around its {@link PoolPolicy}, with no sockets
 * and no clock of its own: the waiting queue, placement, request deadlines and cancels, policy
 * timers, retries, and the effects of the policy's {@link Actions}. Time and deferred work come
 * from a {@link Scheduler}; the wire is a {@link Transport} that reports what it reads through
 * each connection's {@link Link}. Real mode puts Netty under it ({@link ClientPool}), simulation
 * mode a virtual network ({@code core.sim}); the same core, the same policy, the same events.
 *
 * <p>Threading: confined to the scheduler's thread, so nothing here is locked. {@link #submit}
 * and {@link #close} must be called on it; callbacks run on it.
 *
 * <p>Ordering contract with policies: a policy method's {@link Actions} are applied after the
 * method returns, in order; then timers are re-armed and waiting requests placed again. A
 * request's callback runs after the policy has seen how it ended, so the next request of a
 * sequential caller meets the connection as the policy left it.
 */
public final class PoolCore {

  /** Told how each request ended; runs on the scheduler's thread. */
  @FunctionalInterface
  public interface Callback {
    void done(long requestId, Outcome outcome);
  }

  private static final long MIN_WAIT_NANOS = 100_000;

  final Scheduler scheduler;
  private final Transport transport;
  private final PoolPolicy policy;
  final EventSink sink;

  private final List<Link> conns = new ArrayList<>(); // open (or dialing), in dial order
  private final List<Conn> connViews = new ArrayList<>(); // the same, as the policy sees them
  private final ArrayDeque<Request> waiting = new ArrayDeque<>();
  private final PoolEffects effects = new PoolEffects(this);
  private long nextConnId = 1;
  private int dialing;
  private boolean closed;
  private boolean placing;
  private boolean placeAgain;
  private Scheduler.Cancellable wake;
  private long wakeAt = Long.MAX_VALUE;

  public PoolCore(Scheduler scheduler, Transport transport, PoolPolicy policy, EventSink sink) {
    this.scheduler = scheduler;
    this.transport = transport;
    this.policy = policy;
    this.sink = sink;
  }

  public Scheduler scheduler() {
    return scheduler;
  }

  public PoolPolicy policy() {
    return policy;
  }

  public Protocol protocol() {
    return policy.protocol();
  }

  /** Connections open or dialing, as the policy sees them (scheduler thread only). */
  public List<Conn> connections() {
    return connViews;
  }

  /** Requests waiting for a connection (scheduler thread only). */
  public int waiting() {
    return waiting.size();
  }

  /** A request in the pool, for a caller whose own deadline or cancel lives outside the pool. */
  public interface Handle {
    long id();

    /** The caller gives up now (a user cancel): CANCELLED. Scheduler thread only. */
    void cancel();

    /** The caller's own deadline passed now (a Go context deadline): TIMEOUT. Scheduler thread only. */
    void timeOut();
  }

  /**
   * Issues a request that times out after {@code timeoutNanos}; {@code cancelAfterNanos} >= 0
   * makes the caller cancel it at that point instead (if sooner). Scheduler thread only.
   */
  public Handle submit(long requestId, int worker, long timeoutNanos, long cancelAfterNanos, Callback callback) {
    assert scheduler.inLoop();
    long now = scheduler.nanoTime();
    Request r = new Request(this, requestId, worker, now, now + timeoutNanos,
        cancelAfterNanos >= 0 ? now + cancelAfterNanos : -1, callback);
    sink.accept(new Event.RequestStarted(now, requestId, worker));
    if (closed) {
      finish(r, Outcome.CANCELLED, "pool closed", now);
      return r;
    }
    long abortIn = r.nextAbortAt() - now;
    r.timer = scheduler.schedule(r, Math.max(0, abortIn));
    place(r, now);
    afterChange();
    return r;
  }

  // ---------------------------------------------------------------- placement

  /** Asks the policy where {@code r} goes and acts on the answer. */
  private void place(Request r, long now) {
    Placement p = policy.place(connViews, dialing, now);
    if (p instanceof Placement.Use use) {
      Link pc = find(use.conn());
      if (pc == null || !use.conn().isReady()) {
        throw new IllegalStateException(policy.id() + " placed a request on " + use.conn() + ", which is not a ready connection of this pool");
      }
      assign(r, pc, now);
    } else if (p instanceof Placement.Dial) {
      if (!r.dialRequested) {
        r.dialRequested = true;
        dial(now);
      }
      waiting.add(r);
    } else if (p instanceof Placement.Wait w) {
      waiting.add(r);
      // A deadline already past would re-place in a loop: ask again no sooner than 100 us.
      if (w.until() != Long.MAX_VALUE) wakeAt(Math.max(w.until(), now + MIN_WAIT_NANOS), now);
    } else if (p instanceof Placement.Reject rej) {
      finish(r, Outcome.ERROR, rej.why(), now);
    }
  }

  private void assign(Request r, Link pc, long now) {
    r.dialRequested = false;
    r.conn = pc;
    int streamId = pc.wire == null ? -1 : pc.wire.send();
    if (streamId < 0) {
      r.conn = null;
      finish(r, Outcome.ERROR, "write failed", now);
      return;
    }
    r.stream = pc.conn.openStream(streamId, r.id, now);
    pc.inFlight.put(streamId, r);
    sink.accept(new Event.RequestAssigned(now, r.id, pc.conn.id, streamId));
    policy.onStreamOpened(pc.conn, r.stream, now, effects);
    effects.apply(now, pc);
  }

  /** Places waiting requests again after anything changed; re-entrant calls coalesce. */
  private void afterChange() {
    if (placing) {
      placeAgain = true;
      return;
    }
    placing = true;
    try {
      int rounds = 0;
      do {
        placeAgain = false;
        int n = waiting.size();
        long now = scheduler.nanoTime();
        for (int i = 0; i < n && !waiting.isEmpty(); i++) {
          Request r = waiting.poll();
          if (!r.done) place(r, now);
        }
      } while (placeAgain && ++rounds < 8);
    } finally {
      placing = false;
    }
  }

  private void wakeAt(long until, long now) {
    if (wake != null && wakeAt <= until) return;
    if (wake != null) wake.cancel();
    wakeAt = until;
    wake = scheduler.schedule(() -> {
      wake = null;
      wakeAt = Long.MAX_VALUE;
      afterChange();
    }, until - now);
  }

  // ---------------------------------------------------------------- dialing

  private void dial(long now) {
    long id = nextConnId++;
    Conn conn = new Conn(id, policy.protocol(), now);
    Link pc = new Link(conn, this);
    conns.add(pc);
    connViews.add(conn);
    dialing++;
    sink.accept(new Event.ConnectionDialed(now, id, policy.protocol()));
    Transport.Wire w = transport.dial(pc);
    if (pc.wire == null && !conn.isClosed()) pc.wire = w;
  }

  void onDialFailed(Link pc, String why) {
    long now = scheduler.nanoTime();
    if (pc.conn.isClosed()) return;
    closeConn(pc, CloseReason.IO_ERROR, why, now);
    for (Request r : waiting) {
      if (r.dialRequested && !r.done) {
        waiting.remove(r);
        finish(r, Outcome.ERROR, why, now);
        break;
      }
    }
    afterChange();
  }

  /** Called by a connection once it can carry requests. */
  void onReady(Link pc, int peerMaxStreams) {
    long now = scheduler.nanoTime();
    if (pc.conn.isClosed()) return;
    if (!pc.conn.isReady()) {
      dialing--;
      pc.conn.markReady(peerMaxStreams, now);
      sink.accept(new Event.ConnectionReady(now, pc.conn.id, pc.localPort(), peerMaxStreams));
      policy.onReady(pc.conn, now, effects);
      effects.apply(now, pc);
      // The request that asked for this dial no longer owns a pending dial.
      for (Request r : waiting) {
        if (r.dialRequested) {
          r.dialRequested = false;
          break;
        }
      }
    }
    afterChange();
  }

  // ---------------------------------------------------------------- responses and frames

  /** A complete response arrived for {@code r}. */
  void onResponse(Link pc, Request r, int status) {
    if (r.done) return;
    long now = scheduler.nanoTime();
    Stream s = r.stream;
    pc.conn.endStream(s.id, now);
    pc.forget(r);
    boolean ok = status == 200;
    if (ok) {
      policy.onStreamSucceeded(pc.conn, s, now, effects);
    } else {
      policy.onStreamFailed(pc.conn, s, now, effects);
    }
    effects.apply(now, pc);
    finish(r, ok ? Outcome.OK : Outcome.ERROR, ok ? null : "HTTP " + status, now);
    drainIfEmpty(pc, now);
    afterChange();
  }

  /** The peer reset a stream. */
  void onStreamReset(Link pc, int streamId, long errorCode) {
    Request r = pc.inFlight.get(streamId);
    if (r == null) return;
    long now = scheduler.nanoTime();
    sink.accept(new Event.StreamReset(now, pc.conn.id, r.stream.id, errorCode, false));
    if (r.done) return;
    pc.conn.endStream(r.stream.id, now);
    pc.forget(r);
    policy.onStreamFailed(pc.conn, r.stream, now, effects);
    effects.apply(now, pc);
    finish(r, Outcome.ERROR, "RST_STREAM(" + H2Codes.name(errorCode) + ")", now);
    drainIfEmpty(pc, now);
    afterChange();
  }

  /** The HTTP/2 codec reset a stream by itself (not an abort of ours): it crossed the wire too. */
  void onOwnReset(Link pc, int streamId, long errorCode) {
    sink.accept(new Event.StreamReset(scheduler.nanoTime(), pc.conn.id, streamId, errorCode, true));
  }

  void onFrame(Link pc, FrameType type, int streamId) {
    long now = scheduler.nanoTime();
    pc.conn.frameRead(type, streamId, now);
    policy.onFrameRead(pc.conn, type, streamId, now, effects);
    effects.apply(now, pc);
  }

  void onPingAck(Link pc, long payload) {
    long now = scheduler.nanoTime();
    long sentAt = pc.conn.pingSentAt();
    boolean ours = pc.conn.pingAcked(payload, now);
    sink.accept(new Event.PingAcked(now, pc.conn.id, payload, ours ? now - sentAt : -1));
    policy.onPingAck(pc.conn, payload, ours, now, effects);
    effects.apply(now, pc);
    afterChange();
  }

  void onGoAway(Link pc, long errorCode, int lastStreamId) {
    long now = scheduler.nanoTime();
    pc.goAwayReceived = true;
    sink.accept(new Event.GoAwayReceived(now, pc.conn.id, errorCode, lastStreamId));
    // Streams above lastStreamId were never processed: fail them now (they may be retried).
    List<Request> refused = new ArrayList<>();
    for (Request r : pc.inFlight.values()) {
      if (r.stream != null && r.stream.id > lastStreamId) refused.add(r);
    }
    for (Request r : refused) {
      pc.conn.endStream(r.stream.id, now);
      pc.forget(r);
      finish(r, Outcome.ERROR, "GOAWAY(" + H2Codes.name(errorCode) + ")", now);
    }
    if (pc.conn.status() != ConnStatus.DRAINING) {
      pc.conn.setStatus(ConnStatus.DRAINING);
      sink.accept(new Event.ConnectionStatusChanged(now, pc.conn.id, ConnStatus.DRAINING, "GOAWAY(" + H2Codes.name(errorCode) + ")"));
    }
    drainIfEmpty(pc, now);
    afterChange();
  }

  /** The channel closed under us (peer close, reset, or our own close). */
  void onInactive(Link pc) {
    long now = scheduler.nanoTime();
    if (pc.conn.isClosed()) return;
    CloseReason reason;
    String detail;
    if (pc.goAwayReceived) {
      reason = CloseReason.GOAWAY;
      detail = "closed after GOAWAY";
    } else if (pc.failure != null) {
      reason = CloseReason.IO_ERROR;
      detail = String.valueOf(pc.failure.getMessage());
    } else {
      reason = CloseReason.PEER_CLOSED;
      detail = "peer closed the connection";
    }
    if (!pc.conn.isReady() && !pc.conn.isClosed()) {
      onDialFailed(pc, "dial failed: " + detail);
      return;
    }
    closeConn(pc, reason, detail, now);
    afterChange();
  }

  // ---------------------------------------------------------------- timeouts, cancels, timers

  /** The request's deadline passed or its caller gave up: TIMEOUT or CANCELLED, now. */
  void abort(Request r, Outcome outcome) {
    if (r.done) return;
    long now = scheduler.nanoTime();
    Link pc = r.conn;
    if (pc == null) {
      waiting.remove(r);
      finish(r, outcome, outcome == Outcome.TIMEOUT ? "timeout waiting for a connection" : "cancelled", now);
      afterChange();
      return;
    }
    Stream s = r.stream;
    pc.conn.endStream(s.id, now);
    pc.forget(r);
    if (pc.wire != null) pc.wire.reset(s.id);
    if (pc.conn.protocol == Protocol.H2) {
      sink.accept(new Event.StreamReset(now, pc.conn.id, s.id, H2Codes.CANCEL, true));
    }
    if (outcome == Outcome.TIMEOUT) {
      policy.onStreamTimedOut(pc.conn, s, now, effects);
    } else {
      policy.onStreamCancelled(pc.conn, s, now, effects);
    }
    effects.apply(now, pc);
    finish(r, outcome, outcome == Outcome.TIMEOUT ? "timeout" : "cancelled", now);
    drainIfEmpty(pc, now);
    afterChange();
  }

  void rearmTimer(Link pc, long now) {
    if (pc.conn.isClosed()) return;
    long at = policy.nextTimer(pc.conn, now);
    if (at == PoolPolicy.NO_TIMER || at >= pc.timerAt) return; // a sooner timer is already set
    if (pc.timer != null) pc.timer.cancel();
    pc.timerAt = at;
    pc.timer = scheduler.schedule(() -> onConnTimer(pc), at - now);
  }

  private void onConnTimer(Link pc) {
    pc.timer = null;
    pc.timerAt = Long.MAX_VALUE;
    if (pc.conn.isClosed()) return;
    long now = scheduler.nanoTime();
    long at = policy.nextTimer(pc.conn, now);
    if (at != PoolPolicy.NO_TIMER && at <= now) {
      policy.onTimer(pc.conn, now, effects);
      effects.apply(now, pc);
    }
    rearmTimer(pc, now);
    afterChange();
  }

  void drainIfEmpty(Link pc, long now) {
    if (!pc.conn.isClosed() && pc.conn.status() == ConnStatus.DRAINING && pc.conn.activeStreams() == 0) {
      closeConn(pc, pc.goAwayReceived ? CloseReason.GOAWAY : CloseReason.DRAINED, "no streams left", now);
    }
  }

  // ---------------------------------------------------------------- endings

  private void finish(Request r, Outcome outcome, String error, long now) {
    if (r.done) return;
    r.done = true;
    if (r.timer != null) r.timer.cancel();
    long connId = r.conn == null ? 0 : r.conn.conn.id;
    int streamId = r.stream == null ? 0 : r.stream.id;
    if (r.conn != null && outcome != Outcome.CANCELLED) r.conn.conn.countOutcome(outcome == Outcome.OK);
    sink.accept(new Event.RequestFinished(now, r.id, connId, streamId, outcome, error, now - r.startedAt));
    if (outcome != Outcome.CANCELLED) policy.onRequestOutcome(outcome == Outcome.OK, now);
    r.callback.done(r.id, outcome);
  }

  void closeConn(Link pc, CloseReason reason, String detail, long now) {
    Conn c = pc.conn;
    if (c.isClosed()) return;
    if (!c.isReady()) dialing--;
    c.markClosed();
    conns.remove(pc);
    connViews.remove(c);
    if (pc.timer != null) pc.timer.cancel();
    sink.accept(new Event.ConnectionClosed(now, c.id, reason, detail));
    boolean retry = reason == CloseReason.EVICTED && policy.retryOnEviction();
    List<Request> orphans = new ArrayList<>();
    for (Request r : pc.inFlight.values()) orphans.add(r);
    for (Request r : orphans) {
      if (r.done) continue;
      if (r.stream != null) c.endStream(r.stream.id, now);
      pc.forget(r);
      if (retry && !r.retried && now < r.deadline) {
        r.retried = true;
        r.conn = null;
        r.stream = null;
        sink.accept(new Event.RequestRetried(now, r.id, c.id, reason.name().toLowerCase()));
        waiting.addFirst(r);
      } else {
        finish(r, reason == CloseReason.SHUTDOWN ? Outcome.CANCELLED : Outcome.ERROR, "connection " + reason.name().toLowerCase() + ": " + detail, now);
      }
    }
    policy.onClosed(c, now);
    if (pc.wire != null) pc.wire.close();
  }

  Link find(Conn c) {
    for (Link pc : conns) {
      if (pc.conn == c) return pc;
    }
    return null;
  }

  /** Fails what is waiting or in flight (as CANCELLED) and closes every connection. Loop only. */
  public void close() {
    assert scheduler.inLoop();
    if (closed) return;
    closed = true;
    long now = scheduler.nanoTime();
    if (wake != null) wake.cancel();
    while (!waiting.isEmpty()) finish(waiting.poll(), Outcome.CANCELLED, "pool closed", now);
    for (Link pc : new ArrayList<>(conns)) closeConn(pc, CloseReason.SHUTDOWN, "run ended", now);
  }
}
