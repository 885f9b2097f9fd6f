package io.blastradius.core.policy;

import io.blastradius.core.event.CloseReason;
import io.blastradius.core.event.Event;
import io.blastradius.core.event.Event.ConnStatus;
import io.blastradius.core.pool.Link;
import io.blastradius.core.pool.PoolCore;
import io.blastradius.core.pool.Transport;
import io.blastradius.core.sim.SimScheduler;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Drives a {@link PoolPolicy} inside the real {@link PoolCore}, step by step, in virtual time:
 * the core applies the policy's {@link Actions}, fails streams when a connection closes, drains,
 * re-arms and fires timers, exactly as in a run. The test plays the wire (a scripted
 * {@link Transport}: what the peer sends is what the test says) and chooses where requests go:
 * {@link #dial} and {@link #open} script the core's next placement, while {@link #place} asks
 * the policy under test what it would decide. Every action the policy asks for is recorded as an
 * {@link Act} when asked (before the core applies it), and so is a close the core makes itself
 * when a DRAINING connection runs out of streams.
 */
final class PolicyHarness {
  static final long MS = 1_000_000L;
  /** Requests opened by the harness never time out unless the test says so. */
  private static final long FOREVER = Long.MAX_VALUE / 4;

  /** One recorded action. {@code kind} is ping, close, status or hold. */
  record Act(long t, String kind, long connId, String detail) {}

  final PoolPolicy policy;
  /** Open connections (connecting or ready) in dial order: the core's own list. */
  final List<Conn> conns;
  final List<Act> acts = new ArrayList<>();

  private final SimScheduler sched = new SimScheduler();
  private final PoolCore core;
  private final Map<Conn, Link> links = new IdentityHashMap<>();
  private final Map<Stream, PoolCore.Handle> requests = new IdentityHashMap<>();
  private final Map<Link, int[]> nextStreamId = new HashMap<>();
  private Placement scripted;
  private boolean holdTrigger;
  private long nextRequestId = 1;

  PolicyHarness(PoolPolicy policy) {
    this.policy = policy;
    this.core = new PoolCore(sched, new ScriptedWire(), new Recorded(), this::onEvent);
    this.conns = core.connections();
  }

  PolicyHarness(String spec) {
    this(Policies.create(spec));
  }

  long now() {
    return sched.nanoTime();
  }

  // ---- Connections ----

  /** Dials a connection (not ready yet): the core is told to dial for a request that then gives up. */
  Conn dial() {
    scripted = Placement.DIAL;
    holdTrigger = true; // the core places waiting requests again at once: keep this one waiting
    PoolCore.Handle trigger = core.submit(nextRequestId++, 0, FOREVER, -1, (id, o) -> {});
    trigger.cancel();
    holdTrigger = false;
    settle();
    return conns.get(conns.size() - 1);
  }

  Conn ready(Conn c, int peerMaxStreams) {
    links.get(c).ready(peerMaxStreams);
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

  /** What the policy under test decides for the next request (nothing is placed). */
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

  /** A request the core puts on {@code c}: HEADERS written, {@code onStreamOpened} called. */
  Stream open(Conn c, long requestId) {
    if (!c.isReady()) throw new IllegalStateException(c + " not ready");
    scripted = new Placement.Use(c);
    PoolCore.Handle h = core.submit(requestId, 0, FOREVER, -1, (id, o) -> {});
    Stream s = null;
    for (Stream x : c.streams().values()) if (x.requestId == requestId) s = x;
    if (s == null) throw new IllegalStateException("request " + requestId + " did not open a stream on " + c);
    requests.put(s, h);
    settle();
    return s;
  }

  /** The response arrives: HEADERS and DATA (END_STREAM) for the stream. */
  void succeed(Conn c, Stream s) {
    Link l = links.get(c);
    l.status(s.id, 200);
    l.frame(FrameType.HEADERS, s.id);
    l.frame(FrameType.DATA, s.id);
    l.complete(s.id);
    settle();
  }

  /** The request's deadline passes now: the core resets the stream and tells the policy. */
  void timeout(Conn c, Stream s) {
    requests.get(s).timeOut();
    settle();
  }

  /** The caller cancels the request now. */
  void cancel(Conn c, Stream s) {
    requests.get(s).cancel();
    settle();
  }

  void frame(Conn c, FrameType type, int streamId) {
    links.get(c).frame(type, streamId);
    settle();
  }

  /** The PING ACK for the outstanding ping arrives. */
  void ack(Conn c) {
    ack(c, c.pingPayload());
  }

  void ack(Conn c, long payload) {
    Link l = links.get(c);
    l.frame(FrameType.PING, 0);
    l.pingAck(payload);
    settle();
  }

  /** The connection is gone under the pool: an I/O error (IO_ERROR) or the peer closed it. */
  void lose(Conn c, CloseReason reason) {
    Link l = links.get(c);
    if (reason == CloseReason.IO_ERROR) l.failed(new IOException("connection lost"));
    l.inactive();
    settle();
  }

  // ---- Time ----

  void advanceMillis(long ms) {
    advanceTo(now() + ms * MS);
  }

  /** Fires every timer due up to {@code t}, in deadline order, then sets the clock to t. */
  void advanceTo(long t) {
    sched.advanceTo(t);
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

  /** Runs what the step left due now (a timer at a deadline already past fires at once). */
  private void settle() {
    sched.advanceTo(now());
  }

  private void onEvent(Event e) {
    if (e instanceof Event.ConnectionClosed c && c.reason() == CloseReason.DRAINED) {
      acts.add(new Act(c.t(), "close", c.connId(), CloseReason.DRAINED + ": " + c.detail() + " (transport)"));
    }
  }

  /** The wire the test plays: writes go nowhere; stream ids as a client allocates them. */
  private final class ScriptedWire implements Transport {
    @Override
    public Wire dial(Link link) {
      links.put(link.conn(), link);
      int[] next = {1};
      return new Wire() {
        @Override
        public int send() {
          int id = next[0];
          next[0] += 2;
          return id;
        }

        @Override public void reset(int streamId) {}
        @Override public void ping(long payload) {}
        @Override public void close() {}
        @Override public int localPort() { return 0; }
      };
    }
  }

  /**
   * The policy under test as the core sees it: every decision delegated, every action recorded
   * when asked; the core's next placement is the harness' script when there is one.
   */
  private final class Recorded implements PoolPolicy {
    @Override public String id() { return policy.id(); }
    @Override public Protocol protocol() { return policy.protocol(); }

    @Override
    public Placement place(List<Conn> cs, int dialing, long now) {
      Placement p = scripted;
      scripted = null;
      if (p != null) return p;
      return holdTrigger ? new Placement.Wait(Long.MAX_VALUE) : policy.place(cs, dialing, now);
    }

    @Override public void onReady(Conn c, long now, Actions a) { policy.onReady(c, now, rec(a)); }
    @Override public void onStreamOpened(Conn c, Stream s, long now, Actions a) { policy.onStreamOpened(c, s, now, rec(a)); }
    @Override public void onStreamSucceeded(Conn c, Stream s, long now, Actions a) { policy.onStreamSucceeded(c, s, now, rec(a)); }
    @Override public void onStreamTimedOut(Conn c, Stream s, long now, Actions a) { policy.onStreamTimedOut(c, s, now, rec(a)); }
    @Override public void onStreamCancelled(Conn c, Stream s, long now, Actions a) { policy.onStreamCancelled(c, s, now, rec(a)); }
    @Override public void onStreamFailed(Conn c, Stream s, long now, Actions a) { policy.onStreamFailed(c, s, now, rec(a)); }
    @Override public void onFrameRead(Conn c, FrameType t, int sid, long now, Actions a) { policy.onFrameRead(c, t, sid, now, rec(a)); }
    @Override public void onPingAck(Conn c, long p, boolean ours, long now, Actions a) { policy.onPingAck(c, p, ours, now, rec(a)); }
    @Override public void onClosed(Conn c, long now) { policy.onClosed(c, now); }
    @Override public long nextTimer(Conn c, long now) { return policy.nextTimer(c, now); }
    @Override public void onTimer(Conn c, long now, Actions a) { policy.onTimer(c, now, rec(a)); }
    @Override public void onRequestOutcome(boolean ok, long now) { policy.onRequestOutcome(ok, now); }
    @Override public boolean retryOnEviction() { return policy.retryOnEviction(); }

    private Actions rec(Actions a) {
      return new Actions() {
        @Override
        public void sendPing(Conn c) {
          acts.add(new Act(now(), "ping", c.id, ""));
          a.sendPing(c);
        }

        @Override
        public void close(Conn c, CloseReason reason, String detail) {
          acts.add(new Act(now(), "close", c.id, reason + ": " + detail));
          a.close(c, reason, detail);
        }

        @Override
        public void setStatus(Conn c, ConnStatus status, String why) {
          acts.add(new Act(now(), "status", c.id, status + ": " + why));
          a.setStatus(c, status, why);
        }

        @Override
        public void holdSlots(Conn c, int held) {
          acts.add(new Act(now(), "hold", c.id, Integer.toString(held)));
          a.holdSlots(c, held);
        }
      };
    }
  }
}
