package io.blastradius.core.policy;

import io.blastradius.core.event.CloseReason;
import io.blastradius.core.event.Event.ConnStatus;
import io.blastradius.core.time.FakeClock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Drives a {@link PoolPolicy} the way the transport does, with a {@link FakeClock} and no sockets:
 * each transport step updates the {@link Conn} first, then calls the policy, then applies the
 * {@link Actions} it asked for, in order, after the call returned. Every action is recorded as an
 * {@link Act} for assertions. Timers fire from {@link #advanceTo}/{@link #advanceMillis} in
 * deadline order, as the transport fires them.
 *
 * <p>Transport rules reproduced: a PING records {@link Conn#pingSent} with a fresh payload; a
 * close marks the connection closed, fails the streams still on it and calls {@code onClosed}; a
 * DRAINING connection is closed (DRAINED) once it has no streams; held slots and status are set
 * on the Conn.
 */
final class PolicyHarness {
  static final long MS = 1_000_000L;

  /** One recorded action. {@code kind} is ping, close, status or hold. */
  record Act(long t, String kind, long connId, String detail) {}

  /** Optional observer, for the simulation built on top. */
  interface Listener {
    default void pingSent(Conn c, long payload) {}

    /** {@code c} closed; {@code failed} are the streams that were still on it. */
    default void closed(Conn c, CloseReason reason, List<Stream> failed) {}
  }

  final FakeClock clock = new FakeClock();
  final PoolPolicy policy;
  /** Open connections (connecting or ready) in dial order. */
  final List<Conn> conns = new ArrayList<>();
  final List<Conn> closedConns = new ArrayList<>();
  final List<Act> acts = new ArrayList<>();
  Listener listener = new Listener() {};

  private final Deque<Runnable> pending = new ArrayDeque<>();
  private final Map<Conn, Integer> nextStreamId = new HashMap<>();
  private long nextConnId = 1;
  private long nextPayload = 1;
  private long nextRequestId = 1;

  final Actions actions = new Actions() {
    @Override
    public void sendPing(Conn c) {
      acts.add(new Act(now(), "ping", c.id, ""));
      pending.add(() -> {
        if (c.isClosed()) return;
        long payload = nextPayload++;
        c.pingSent(payload, now());
        listener.pingSent(c, payload);
      });
    }

    @Override
    public void close(Conn c, CloseReason reason, String detail) {
      acts.add(new Act(now(), "close", c.id, reason + ": " + detail));
      pending.add(() -> doClose(c, reason));
    }

    @Override
    public void setStatus(Conn c, ConnStatus status, String why) {
      acts.add(new Act(now(), "status", c.id, status + ": " + why));
      pending.add(() -> {
        c.setStatus(status);
        closeIfDrained(c);
      });
    }

    @Override
    public void holdSlots(Conn c, int held) {
      acts.add(new Act(now(), "hold", c.id, Integer.toString(held)));
      pending.add(() -> c.setHeldSlots(held));
    }
  };

  PolicyHarness(PoolPolicy policy) {
    this.policy = policy;
  }

  PolicyHarness(String spec) {
    this(Policies.create(spec));
  }

  long now() {
    return clock.nanoTime();
  }

  // ---- Connections ----

  /** Dials a connection (not ready yet). */
  Conn dial() {
    Conn c = new Conn(nextConnId++, policy.protocol(), now());
    conns.add(c);
    nextStreamId.put(c, 1);
    return c;
  }

  Conn ready(Conn c, int peerMaxStreams) {
    c.markReady(peerMaxStreams, now());
    policy.onReady(c, now(), actions);
    settle();
    return c;
  }

  /** A ready connection with the given SETTINGS_MAX_CONCURRENT_STREAMS. */
  Conn readyConn(int peerMaxStreams) {
    return ready(dial(), peerMaxStreams);
  }

  int dialing() {
    int n = 0;
    for (Conn c : conns) if (!c.isReady()) n++;
    return n;
  }

  Placement place() {
    return policy.place(List.copyOf(conns), dialing(), now());
  }

  /** Places a request and, on Use, opens its stream; returns the stream or null. */
  Stream placeAndOpen() {
    Placement p = place();
    return p instanceof Placement.Use u ? open(u.conn()) : null;
  }

  // ---- Streams ----

  Stream open(Conn c) {
    return open(c, nextRequestId++);
  }

  Stream open(Conn c, long requestId) {
    if (!c.isReady()) throw new IllegalStateException(c + " not ready");
    int id = nextStreamId.merge(c, 2, Integer::sum) - 2;
    Stream s = c.openStream(id, requestId, now());
    policy.onStreamOpened(c, s, now(), actions);
    settle();
    return s;
  }

  /** The response arrives: HEADERS and DATA (END_STREAM) for the stream, then success. */
  void succeed(Conn c, Stream s) {
    frame(c, FrameType.HEADERS, s.id);
    frame(c, FrameType.DATA, s.id);
    c.endStream(s.id, now());
    c.countOutcome(true);
    policy.onStreamSucceeded(c, s, now(), actions);
    flush();
    policy.onRequestOutcome(true, now());
    closeIfDrained(c);
    settle();
  }

  /** The request timeout fires: stream removed, RST_STREAM(CANCEL) written, policy told. */
  void timeout(Conn c, Stream s) {
    c.endStream(s.id, now());
    c.countOutcome(false);
    policy.onStreamTimedOut(c, s, now(), actions);
    flush();
    policy.onRequestOutcome(false, now());
    closeIfDrained(c);
    settle();
  }

  /** The caller cancels (counted as a failed request, as the client sees it). */
  void cancel(Conn c, Stream s) {
    c.endStream(s.id, now());
    policy.onStreamCancelled(c, s, now(), actions);
    flush();
    policy.onRequestOutcome(false, now());
    closeIfDrained(c);
    settle();
  }

  void frame(Conn c, FrameType type, int streamId) {
    c.frameRead(type, streamId, now());
    policy.onFrameRead(c, type, streamId, now(), actions);
    settle();
  }

  /** The PING ACK for the outstanding ping arrives. */
  void ack(Conn c) {
    ack(c, c.pingPayload());
  }

  void ack(Conn c, long payload) {
    frame(c, FrameType.PING, 0);
    boolean ours = c.pingAcked(payload, now());
    policy.onPingAck(c, payload, ours, now(), actions);
    settle();
  }

  /** A TCP error or peer close: the connection is gone. */
  void lose(Conn c, CloseReason reason) {
    doClose(c, reason);
    settle();
  }

  // ---- Time ----

  void advanceMillis(long ms) {
    advanceTo(now() + ms * MS);
  }

  /** Fires every policy timer due up to {@code t}, in deadline order, then sets the clock to t. */
  void advanceTo(long t) {
    while (true) {
      Conn due = null;
      long at = Long.MAX_VALUE;
      for (Conn c : conns) {
        long n = policy.nextTimer(c, now());
        if (n < at) {
          at = n;
          due = c;
        }
      }
      if (due == null || at > t) break;
      if (at > now()) clock.set(at);
      policy.onTimer(due, now(), actions);
      flush();
    }
    if (t > now()) clock.set(t);
  }

  /** The earliest timer any open connection wants, or NO_TIMER. */
  long nextTimer() {
    long at = PoolPolicy.NO_TIMER;
    for (Conn c : conns) at = Math.min(at, policy.nextTimer(c, now()));
    return at;
  }

  // ---- Records ----

  List<Act> acts(String kind) {
    return acts.stream().filter(a -> a.kind.equals(kind)).toList();
  }

  long count(String kind, Conn c) {
    return acts.stream().filter(a -> a.kind.equals(kind) && a.connId == c.id).count();
  }

  long count(Predicate<Act> p) {
    return acts.stream().filter(p).count();
  }

  // ---- Internals ----

  /** After a step: apply the actions, then fire timers already due (past deadlines fire at once). */
  private void settle() {
    flush();
    advanceTo(now());
  }

  void flush() {
    while (!pending.isEmpty()) pending.poll().run();
  }

  private void closeIfDrained(Conn c) {
    if (!c.isClosed() && c.status() == ConnStatus.DRAINING && c.activeStreams() == 0) {
      acts.add(new Act(now(), "close", c.id, CloseReason.DRAINED + ": drained (transport)"));
      doClose(c, CloseReason.DRAINED);
    }
  }

  private void doClose(Conn c, CloseReason reason) {
    if (c.isClosed()) return;
    c.markClosed();
    List<Stream> failed = new ArrayList<>(c.streams().values());
    for (Stream s : failed) {
      c.endStream(s.id, now());
      c.countOutcome(false);
    }
    conns.remove(c);
    closedConns.add(c);
    policy.onClosed(c, now());
    listener.closed(c, reason, failed);
    for (int i = 0; i < failed.size(); i++) policy.onRequestOutcome(false, now());
  }
}
