package io.blastradius.core.policy;

import io.blastradius.core.event.CloseReason;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.function.LongPredicate;
import java.util.function.LongUnaryOperator;

/**
 * A tiny discrete-event pool on top of {@link PolicyHarness}: closed-loop workers issue requests,
 * the policy places them, a fake network carries requests, responses and PINGs with a fixed
 * one-way delay, and faults black-hole a flow ({@link #unplugAll}) or delay one
 * ({@link #spike}). A fake gRPC server counts ping strikes the way grpc-go's does (a PING within
 * MinTime of the last is a strike unless the server wrote HEADERS or DATA since; more than 2 is
 * GOAWAY). Everything runs on the harness' FakeClock: no sockets, no threads, no sleeps.
 */
final class PoolSim {
  static final long MS = PolicyHarness.MS;
  static final long US = 1_000L;

  final PolicyHarness h;
  long oneWay = 100 * US;
  long dialTime = 1 * MS;
  long timeout = 10 * MS;
  int peerMaxStreams = 250;
  /** Server handler time per request id. */
  LongUnaryOperator handler = id -> 200 * US;
  /** Requests the caller cancels halfway through their handler time. */
  LongPredicate cancels = id -> false;
  /** Unplug every open connection before issuing every n-th request (0: never). */
  int unplugEvery;

  // Results.
  long ok;
  long failed;
  long rejected;
  long dials;
  long goaways;
  long issued;
  /** Failures counted per unplug (index = unplug number, 0 = before the first). */
  final List<Long> failuresPerUnplug = new ArrayList<>(List.of(0L));
  /** Streams in flight on the unplugged connections at each unplug. */
  final List<Integer> inFlightAtUnplug = new ArrayList<>();

  private final PriorityQueue<Ev> events = new PriorityQueue<>();
  private long seq;
  private final Map<Conn, Net> nets = new HashMap<>();
  private final List<Req> waiting = new ArrayList<>();
  private final Map<Long, Req> byStream = new HashMap<>();
  private final Map<Stream, Long> resetAt = new HashMap<>();
  private long nextRequestId = 1;
  private long limit;
  private long unfinished;
  private final java.util.Set<Integer> idleWorkers = new java.util.HashSet<>();

  private record Ev(long t, long seq, Runnable run) implements Comparable<Ev> {
    @Override
    public int compareTo(Ev o) {
      return t != o.t ? Long.compare(t, o.t) : Long.compare(seq, o.seq);
    }
  }

  /** Per-connection network and server state. */
  private static final class Net {
    long deadFrom = Long.MAX_VALUE;
    long spikeFrom = Long.MAX_VALUE;
    long spikeTo = Long.MIN_VALUE;
    long spikeExtra;
    long lastToClient = Long.MIN_VALUE;
    // grpc-go server ping policing
    long serverLastPingAt = Long.MIN_VALUE;
    int strikes;
    boolean resetStrikes;
    boolean goaway;
  }

  private final class Req {
    final long id = nextRequestId++;
    final int worker;
    final long issuedAt;
    Conn conn;
    Stream stream;
    boolean done;
    boolean retried;

    Req(int worker, long issuedAt) {
      this.worker = worker;
      this.issuedAt = issuedAt;
    }
  }

  PoolSim(PolicyHarness h) {
    this.h = h;
    h.listener = new PolicyHarness.Listener() {
      @Override
      public void pingSent(Conn c, long payload) {
        onPing(c, payload);
      }

      @Override
      public void closed(Conn c, CloseReason reason, List<Stream> failedStreams) {
        onClosed(c, reason, failedStreams);
      }
    };
  }

  PoolSim(String spec) {
    this(new PolicyHarness(spec));
  }

  long now() {
    return h.now();
  }

  private void at(long t, Runnable r) {
    events.add(new Ev(Math.max(t, now()), seq++, r));
  }

  private Net net(Conn c) {
    return nets.computeIfAbsent(c, k -> new Net());
  }

  private long delay(Conn c, long t) {
    Net n = net(c);
    return oneWay + (t >= n.spikeFrom && t < n.spikeTo ? n.spikeExtra : 0);
  }

  /** When something the server writes at {@code t} reaches the client (in order), or MAX if lost. */
  private long toClient(Conn c, long t) {
    Net n = net(c);
    long arrive = Math.max(n.lastToClient, t + delay(c, t));
    if (arrive >= n.deadFrom || n.goaway) return Long.MAX_VALUE;
    n.lastToClient = arrive;
    return arrive;
  }

  /** When something the client writes at {@code t} reaches the server, or MAX if lost. */
  private long toServer(Conn c, long t) {
    long arrive = t + delay(c, t);
    return arrive >= net(c).deadFrom ? Long.MAX_VALUE : arrive;
  }

  // ---- Faults ----

  /** Black-holes every open connection from now on. */
  void unplugAll() {
    int inFlight = 0;
    for (Conn c : h.conns) {
      net(c).deadFrom = Math.min(net(c).deadFrom, now());
      inFlight += c.activeStreams();
    }
    for (Req r : waiting) if (!r.done) inFlight++;
    inFlightAtUnplug.add(inFlight);
    failuresPerUnplug.add(0L);
  }

  /** Unplugs every open connection at time {@code t}. */
  void unplugAt(long t) {
    at(t, this::unplugAll);
  }

  /** Adds {@code extra} one-way delay on {@code c} during [from, to). */
  void spike(Conn c, long from, long to, long extra) {
    Net n = net(c);
    n.spikeFrom = from;
    n.spikeTo = to;
    n.spikeExtra = extra;
  }

  // ---- Running ----

  /** Runs {@code workers} closed-loop callers until {@code requests} were issued and finished. */
  PoolSim run(int workers, long requests) {
    limit = issued + requests;
    for (int w = 0; w < workers; w++) {
      int worker = w;
      at(now(), () -> issue(worker));
    }
    idleWorkers.clear();
    loop(Long.MAX_VALUE);
    return this;
  }

  /** Runs until simulated time {@code t} (timers included). */
  void runUntil(long t) {
    loop(t);
  }

  private void loop(long until) {
    int guard = 0;
    while (until != Long.MAX_VALUE || issued < limit || unfinished > 0) {
      Ev next = events.peek();
      long te = next == null ? Long.MAX_VALUE : next.t;
      long tt = h.nextTimer();
      long t = Math.min(te, tt);
      if (t > until || t == Long.MAX_VALUE) break;
      if (tt <= te) {
        h.advanceTo(Math.max(tt, now()));
        replace();
        if (++guard > 1_000_000) throw new IllegalStateException("timer loop at " + now());
        continue;
      }
      events.poll();
      if (t > now()) h.clock.set(t);
      next.run.run();
    }
    if (until != Long.MAX_VALUE && until > now()) h.advanceTo(until);
  }

  private void issue(int worker) {
    if (issued >= limit) {
      idleWorkers.add(worker);
      return;
    }
    issued++;
    if (unplugEvery > 0 && issued % unplugEvery == 0) unplugAll();
    Req r = new Req(worker, now());
    unfinished++;
    at(r.issuedAt + timeout, () -> expire(r));
    if (cancels.test(r.id)) at(r.issuedAt + handler.applyAsLong(r.id) / 2, () -> cancel(r));
    place(r);
  }

  /** Asks the policy; returns true if the request left the waiting list. */
  private boolean place(Req r) {
    Placement p = h.place();
    if (p instanceof Placement.Use u) {
      waiting.remove(r);
      start(r, u.conn());
      return true;
    }
    if (p instanceof Placement.Reject) {
      waiting.remove(r);
      rejected++;
      finish(r, false);
      return true;
    }
    if (!waiting.contains(r)) waiting.add(r);
    if (p instanceof Placement.Dial) {
      dials++;
      Conn c = h.dial();
      at(now() + dialTime, () -> {
        if (c.isClosed()) return;
        h.ready(c, peerMaxStreams);
        replace();
      });
    } else if (p instanceof Placement.Wait w && w.until() != Long.MAX_VALUE) {
      at(w.until(), this::replace);
    }
    return false;
  }

  private void replace() {
    for (Req r : new ArrayList<>(waiting)) {
      if (!r.done && waiting.contains(r)) place(r);
    }
  }

  private void start(Req r, Conn c) {
    r.conn = c;
    r.stream = h.open(c, r.id);
    byStream.put(key(c, r.stream.id), r);
    Stream s = r.stream;
    long atServer = toServer(c, now());
    if (atServer == Long.MAX_VALUE) return;
    long respondAt = atServer + handler.applyAsLong(r.id);
    at(respondAt, () -> respond(r, c, s));
  }

  private static long key(Conn c, int streamId) {
    return c.id * 1_000_000L + streamId;
  }

  private void respond(Req r, Conn c, Stream s) {
    if (c.isClosed()) return;
    // The server drops the response if our RST_STREAM reached it first.
    Long rst = resetAt.get(s);
    if (rst != null && toServer(c, rst) <= now()) return;
    net(c).resetStrikes = true;
    long arrive = toClient(c, now());
    if (arrive == Long.MAX_VALUE) return;
    at(arrive, () -> deliver(r, c, s));
  }

  private void deliver(Req r, Conn c, Stream s) {
    if (c.isClosed()) return;
    if (!r.done && r.stream == s && c.streams().get(s.id) == s) {
      h.succeed(c, s);
      finish(r, true);
      replace();
    } else {
      // The answer to a stream we already reset: still frames read on the connection.
      h.frame(c, FrameType.HEADERS, s.id);
      h.frame(c, FrameType.DATA, s.id);
      replace();
    }
  }

  private void expire(Req r) {
    if (r.done) return;
    if (r.stream != null && r.conn.streams().get(r.stream.id) == r.stream) {
      resetAt.put(r.stream, now());
      h.timeout(r.conn, r.stream);
      finish(r, false);
    } else {
      waiting.remove(r);
      finish(r, false);
    }
    replace();
  }

  private void cancel(Req r) {
    if (r.done) return;
    if (r.stream != null && r.conn.streams().get(r.stream.id) == r.stream) {
      resetAt.put(r.stream, now());
      h.cancel(r.conn, r.stream);
      r.done = true;
      unfinished--;
      ok++; // a deliberate cancel is not a failure
      at(now(), () -> issue(r.worker));
      replace();
    }
  }

  private void finish(Req r, boolean success) {
    if (r.done) return;
    r.done = true;
    unfinished--;
    if (success) {
      ok++;
    } else {
      failed++;
      int last = failuresPerUnplug.size() - 1;
      failuresPerUnplug.set(last, failuresPerUnplug.get(last) + 1);
    }
    at(now(), () -> issue(r.worker));
  }

  private void onPing(Conn c, long payload) {
    long atServer = toServer(c, now());
    if (atServer == Long.MAX_VALUE) return;
    at(atServer, () -> {
      Net n = net(c);
      if (n.goaway) return;
      // grpc-go http2_server.handlePing, MinTime 5 min: any earlier ping is a strike unless the
      // server wrote HEADERS or DATA since the last one.
      if (n.resetStrikes) {
        n.strikes = 0;
        n.resetStrikes = false;
      } else if (n.serverLastPingAt != Long.MIN_VALUE && now() - n.serverLastPingAt < 300_000 * MS) {
        n.strikes++;
      }
      n.serverLastPingAt = now();
      if (n.strikes > 2) {
        n.goaway = true;
        goaways++;
        return;
      }
      long arrive = toClient(c, now());
      if (arrive == Long.MAX_VALUE) return;
      at(arrive, () -> {
        if (!c.isClosed()) {
          h.ack(c, payload);
          replace();
        }
      });
    });
  }

  private void onClosed(Conn c, CloseReason reason, List<Stream> failedStreams) {
    for (Stream s : failedStreams) {
      Req r = byStream.get(key(c, s.id));
      if (r == null || r.done) continue;
      if (reason == CloseReason.EVICTED && h.policy.retryOnEviction() && !r.retried) {
        r.retried = true;
        r.stream = null;
        r.conn = null;
        at(now(), () -> {
          if (!r.done) place(r);
        });
      } else {
        finish(r, false);
      }
    }
    at(now(), this::replace);
  }

  // ---- Results ----

  /** EVICTED closes of connections whose flow was never black-holed: live ones. */
  long falseEvictions() {
    long n = 0;
    for (PolicyHarness.Act a : h.acts("close")) {
      if (!a.detail().startsWith("EVICTED")) continue;
      for (Conn c : h.closedConns) {
        if (c.id == a.connId() && net(c).deadFrom == Long.MAX_VALUE) n++;
      }
    }
    return n;
  }

  long evictions() {
    return h.count(a -> a.kind().equals("close") && a.detail().startsWith("EVICTED"));
  }

  long pings() {
    return h.acts("ping").size();
  }

  long maxFailuresPerUnplug() {
    long m = 0;
    for (int i = 1; i < failuresPerUnplug.size(); i++) m = Math.max(m, failuresPerUnplug.get(i));
    return m;
  }

  @Override
  public String toString() {
    return h.policy.id() + ": issued=" + issued + " ok=" + ok + " failed=" + failed + " rejected=" + rejected
        + " dials=" + dials + " evictions=" + evictions() + " pings=" + pings() + " goaways=" + goaways
        + " failuresPerUnplug=" + failuresPerUnplug + " inFlightAtUnplug=" + inFlightAtUnplug;
  }

}
