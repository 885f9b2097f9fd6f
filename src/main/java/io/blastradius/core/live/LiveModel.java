package io.blastradius.core.live;

import io.blastradius.core.event.CloseReason;
import io.blastradius.core.event.Event;
import io.blastradius.core.wire.WireFold;
import io.blastradius.core.event.Event.ConnStatus;
import io.blastradius.core.event.EventSink;
import io.blastradius.core.event.Fault;
import io.blastradius.core.policy.Protocol;
import io.blastradius.core.proxy.FlowInfo.FlowState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Folds a run's events into what the workbench shows: one {@link ConnView} per connection, run
 * {@link Totals}, per-second {@link SeriesView}s and a ring of recent events.
 *
 * <p>The connections and flows ({@link Conn}, {@link Flow}) and their join are folded here; the
 * rates and series by {@link RunSeries}, the ring by {@link EventRing}, the key events by
 * {@link KeyRing}, the request timeline by {@link RequestLanes}, the scorecard by
 * {@link io.blastradius.core.score.ScoreAccumulator} and the wire by {@link WireFold}.
 *
 * <h2>Threading contract</h2>
 *
 * <ul>
 *   <li>{@link #accept} may be called from any number of threads (the pool's and the proxy's event
 *       loops) at load-generator rates. It only appends to a lock-free queue
 *       ({@link ConcurrentLinkedQueue}, one CAS) and bumps a counter: it never folds, never
 *       blocks, never throws. Events are folded in the order they were enqueued.
 *   <li>Readers ({@link #snapshot}, {@link #eventsAfter}) take {@link #lock}, drain the queue,
 *       fold what was pending and build immutable results. The UI calls {@code snapshot} at most
 *       once per pulse from the FX thread, so the fold's cost (a few map operations per event) is
 *       paid there in one batch, and producers never wait for the UI.
 *   <li>Bound: if nobody reads (no window), the queue could grow without end. When more than
 *       {@link #MAX_PENDING} events are pending, the producer that notices it {@code tryLock}s and
 *       folds the backlog itself; if a reader holds the lock, it just enqueues (the reader drains).
 *   <li>All fields below marked "Guarded by lock" are touched only with {@link #lock} held.
 * </ul>
 *
 * <h2>Purity</h2>
 *
 * The state is a pure function of the events fed, in order; {@code snapshot(now)} is a pure
 * function of that state and {@code now} (which only decides the requests-per-second window and
 * which closed connections are still shown). Feeding a recording up to time t and asking for
 * {@code snapshot(t)} replays the run as it looked then: see {@link #replay}. No clock is read.
 *
 * <h2>Joining connections to flows</h2>
 *
 * A connection joins its proxy flow by port: {@code ConnectionReady.localPort ==
 * FlowOpened.clientPort}, through {@link io.blastradius.core.score.ConnectionFlows}, the same join
 * the scorecard uses. Either may come first; ports are reused over a run, so a connection or flow
 * that closes is forgotten by the join, and only open ones are matched.
 *
 * <p>An outside flow ({@code FlowOutside}: another process connected to the proxy) never joins a
 * connection: it leaves the join and the flow table as soon as it is known to be outside, and is
 * shown only as a {@link io.blastradius.core.wire.FlowWire} flagged {@code outside}, which the wire
 * fold forgets like any closed flow. So outside connections, however many, cost nothing once closed.
 */
public final class LiveModel implements EventSink {
  /** Events kept for the event log. */
  public static final int DEFAULT_RING = 10_000;
  /** Seconds of series kept (the oldest half is dropped beyond this). */
  public static final int MAX_SECONDS = 3_600;
  /** Flow-fault markers kept. */
  public static final int MAX_MARKERS = 1_000;
  /** Pending events beyond which a producer folds the backlog itself. */
  public static final int MAX_PENDING = 200_000;
  /** How long closed connections stay in snapshots (the UI fades them out meanwhile). */
  public static final long DEFAULT_RETAIN_CLOSED_NANOS = 6_000_000_000L;

  private static final long SECOND = 1_000_000_000L;

  private final ConcurrentLinkedQueue<Event> queue = new ConcurrentLinkedQueue<>();
  private final AtomicInteger pending = new AtomicInteger();
  private final ReentrantLock lock = new ReentrantLock();
  private final long retainClosedNanos;

  // ---- fold state. Guarded by lock. ----
  private long folded;
  private long lastEventT = -1;
  private String policy = "";
  private String scenario = "";
  private boolean finished;
  private final TreeMap<Long, Conn> conns = new TreeMap<>();
  private final Map<Integer, Flow> flows = new HashMap<>();
  /** Joins connections to flows by port: the same join the scorecard uses. */
  private final io.blastradius.core.score.ConnectionFlows joins = new io.blastradius.core.score.ConnectionFlows();
  /** requestId -> connection the request is on now (active streams). */
  private final Map<Long, Conn> assigned = new HashMap<>();
  private long requests, finishedCount, ok, timeouts, errors, cancelled, retries;
  private long connectionsOpened, evictions, unplugs, pingsSent, pingsAcked, goAways;
  private int openConnections;
  /** Rate buckets, per-second series and fault markers. */
  private final RunSeries series = new RunSeries();
  /** Every kind of event, the last few thousand, for the event log. */
  private final EventRing ring;
  private final RequestLanes lanes = new RequestLanes();
  /** Key events kept apart from the ring, so requests never push a fault or a lifecycle event out. */
  public static final int KEY_RING = KeyRing.CAPACITY;
  private final KeyRing keyRing = new KeyRing();
  /** The run's scorecard, folded from the same events as everything else here. */
  private final io.blastradius.core.score.ScoreAccumulator score = new io.blastradius.core.score.ScoreAccumulator();
  /** Per flow, what the proxy's wire decoder saw (empty unless it runs), and which flows are outside. */
  private final WireFold wire = new WireFold();

  public LiveModel() {
    this(DEFAULT_RING, DEFAULT_RETAIN_CLOSED_NANOS);
  }

  public LiveModel(int ringCapacity, long retainClosedNanos) {
    this.ring = new EventRing(ringCapacity);
    this.retainClosedNanos = retainClosedNanos;
  }

  /** A model fed every event of {@code events} with {@code t <= upTo}, in order. */
  public static LiveModel replay(Iterable<Event> events, long upTo) {
    LiveModel m = new LiveModel();
    for (Event e : events) if (e.t() <= upTo) m.accept(e);
    return m;
  }

  /** Cheap and non-blocking; see the class header. */
  @Override
  public void accept(Event event) {
    if (event == null) return;
    queue.offer(event);
    if (pending.incrementAndGet() > MAX_PENDING && lock.tryLock()) {
      try {
        drainLocked();
      } catch (RuntimeException ignored) {
        // A sink never throws into the run (EventSink contract).
      } finally {
        lock.unlock();
      }
    }
  }

  /** Folds pending events and returns the state as of run time {@code now} (nanoseconds). */
  public LiveSnapshot snapshot(long now) {
    lock.lock();
    try {
      drainLocked();
      return buildLocked(now);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Events with sequence number {@code >= seq} still in the ring (sequence numbers count folded
   * events from 0). Folds pending events first.
   */
  public EventPage eventsAfter(long seq) {
    lock.lock();
    try {
      drainLocked();
      return ring.after(seq);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Key events (see {@link KeyEvents#isKey}) with sequence numbers in [{@code fromSeq}, {@code
   * toSeq}), oldest first. Folds pending events first.
   */
  public KeyEvents keyEvents(long fromSeq, long toSeq) {
    lock.lock();
    try {
      drainLocked();
      return keyRing.between(fromSeq, toSeq);
    } finally {
      lock.unlock();
    }
  }

  /** The request timeline per connection, as folded so far (folds pending events first). */
  public LanesView lanes() {
    lock.lock();
    try {
      drainLocked();
      return lanes.view();
    } finally {
      lock.unlock();
    }
  }

  /** The scorecard of the events folded so far (the CLI's, for the same events). */
  public io.blastradius.core.score.Scorecard scorecard() {
    return scorecard("");
  }

  /** The scorecard, named by the run's RunStarted policy, or {@code orElse} if none was seen. */
  public io.blastradius.core.score.Scorecard scorecard(String orElse) {
    lock.lock();
    try {
      drainLocked();
      return score.result(policy.isEmpty() ? orElse : policy);
    } finally {
      lock.unlock();
    }
  }

  // ------------------------------------------------------------------ fold

  private void drainLocked() {
    Event e;
    while ((e = queue.poll()) != null) {
      pending.decrementAndGet();
      fold(e);
    }
  }

  private void fold(Event e) {
    folded++;
    keyRing.offer(e, ring.add(e));
    long t = e.t();
    if (t > lastEventT) lastEventT = t;
    lanes.accept(e);
    score.accept(e);
    // Hot kinds first: requests make up almost every event.
    if (e instanceof Event.RequestStarted) {
      requests++;
    } else if (e instanceof Event.RequestAssigned a) {
      Conn c = conn(a.connId(), t);
      Conn before = assigned.put(a.requestId(), c);
      if (before != c) {
        if (before != null) before.active(-1);
        c.active(+1);
      }
    } else if (e instanceof Event.RequestFinished f) {
      onFinished(f);
    } else if (e instanceof Event.RequestRetried r) {
      retries++;
      Conn before = assigned.remove(r.requestId());
      if (before != null) before.active(-1);
    } else if (e instanceof Event.SlotsHeld h) {
      Conn c = conn(h.connId(), t);
      c.held = h.held();
      c.touch();
    } else if (e instanceof Event.StreamReset r) {
      if (r.sent()) {
        Conn c = conn(r.connId(), t);
        c.resetsSent++;
        c.touch();
      }
    } else if (e instanceof Event.PingSent p) {
      pingsSent++;
      Conn c = conn(p.connId(), t);
      c.pingOutstanding = true;
      c.pingSentAt = t;
      c.pingsSent++;
      c.touch();
    } else if (e instanceof Event.PingAcked p) {
      pingsAcked++;
      Conn c = conn(p.connId(), t);
      c.pingOutstanding = false;
      c.lastLifeAt = Math.max(c.lastLifeAt, t);
      c.touch();
    } else if (e instanceof Event.ConnectionDialed d) {
      Conn c = conn(d.connId(), t);
      c.protocol = d.protocol();
      c.touch();
    } else if (e instanceof Event.ConnectionReady r) {
      onReady(r);
    } else if (e instanceof Event.ConnectionStatusChanged s) {
      Conn c = conn(s.connId(), t);
      if (s.status() == ConnStatus.EVICTED && c.status != ConnStatus.EVICTED) evictions++;
      c.status = s.status();
      c.why = s.why() == null ? "" : s.why();
      c.touch();
    } else if (e instanceof Event.ConnectionClosed cl) {
      onClosed(cl);
    } else if (e instanceof Event.GoAwayReceived g) {
      goAways++;
      Conn c = conn(g.connId(), t);
      c.goAway = true;
      c.touch();
    } else if (e instanceof Event.FlowOpened o) {
      onFlowOpened(o);
    } else if (e instanceof Event.FlowFaulted f) {
      onFlowFaulted(f);
    } else if (e instanceof Event.FlowOutside x) {
      wire.apply(x);
      Flow f = flows.remove(x.flowId());
      joins.forgetFlow(x.flowId());
      if (f != null && f.conn != null) {
        f.conn.flow = null;
        f.conn.touch();
      }
    } else if (e instanceof Event.FlowClosed fc) {
      wire.apply(fc);
      Flow f = flows.get(fc.flowId());
      if (f != null) {
        if (f.state != FlowState.CLOSED) f.beforeClose = f.state;
        f.state = FlowState.CLOSED;
        f.closedAt = t;
        joins.forgetFlow(f.id);
        if (f.conn != null) f.conn.touch();
      }
    } else if (e instanceof Event.RunStarted s) {
      policy = s.policy();
      scenario = s.scenario();
    } else if (e instanceof Event.RunFinished) {
      finished = true;
    } else {
      wire.apply(e); // the wire decoder's events, when it runs
    }
    // ServerPingReceived, ServerGoAwaySent: the log shows them; no card state.
    pruneLocked();
  }

  private void onFinished(Event.RequestFinished f) {
    long t = f.t();
    finishedCount++;
    Conn on = assigned.remove(f.requestId());
    if (on != null) on.active(-1);
    Conn c = f.connId() != 0 ? conns.get(f.connId()) : on;
    switch (f.outcome()) {
      case OK -> ok++;
      case TIMEOUT -> timeouts++;
      case ERROR -> errors++;
      case CANCELLED -> cancelled++;
    }
    if (c != null) {
      switch (f.outcome()) {
        case OK -> {
          c.ok++;
          c.lastLifeAt = Math.max(c.lastLifeAt, t);
        }
        case TIMEOUT, ERROR -> c.failed++;
        case CANCELLED -> c.cancelled++;
      }
      c.touch();
    }
    series.finished(t, f.outcome());
  }

  private void onReady(Event.ConnectionReady r) {
    Conn c = conn(r.connId(), r.t());
    c.readyAt = r.t();
    c.port = r.localPort();
    c.peerMax = r.maxConcurrentStreams();
    c.lastLifeAt = Math.max(c.lastLifeAt, r.t());
    if (c.protocol == null) c.protocol = r.maxConcurrentStreams() == 1 ? Protocol.H1 : Protocol.H2;
    if (c.flow == null && c.closedAt < 0) {
      joins.accept(r);
      Integer fid = joins.flowOf(r.connId());
      Flow f = fid == null ? null : flows.get(fid);
      if (f != null && f.conn == null) join(c, f);
    }
    c.touch();
  }

  private void onFlowOpened(Event.FlowOpened o) {
    Flow f = new Flow(o.flowId(), o.clientPort());
    flows.put(f.id, f);
    joins.accept(o);
    Long cid = joins.connOf(o.flowId());
    Conn c = cid == null ? null : conns.get(cid);
    if (c != null && c.closedAt < 0 && c.flow == null) join(c, f);
  }

  private static void join(Conn c, Flow f) {
    c.flow = f;
    f.conn = c;
    c.touch();
  }

  private void onFlowFaulted(Event.FlowFaulted ff) {
    Flow f = flows.get(ff.flowId());
    Fault fault = ff.fault();
    switch (fault) {
      case UNPLUG, UNPLUG_UPSTREAM, UNPLUG_DOWNSTREAM -> {
        unplugs++;
        if (f != null && f.state != FlowState.CLOSED) {
          f.state = switch (fault) {
            case UNPLUG_UPSTREAM -> FlowState.UNPLUGGED_UPSTREAM;
            case UNPLUG_DOWNSTREAM -> FlowState.UNPLUGGED_DOWNSTREAM;
            default -> FlowState.UNPLUGGED;
          };
        }
        marker(ff, f);
      }
      case REPLUG -> {
        if (f != null && f.state != FlowState.CLOSED) f.state = FlowState.PLUGGED;
        marker(ff, f);
      }
      case RESET, CLOSE, LATENCY -> marker(ff, f);
    }
    if (f != null && f.conn != null) f.conn.touch();
  }

  private void marker(Event.FlowFaulted ff, Flow f) {
    long connId = f != null && f.conn != null ? f.conn.id : 0;
    series.mark(new SeriesView.Marker(ff.t(), ff.flowId(), connId, ff.fault()));
    lanes.mark(ff.t(), ff.flowId(), connId, ff.fault());
  }

  private void onClosed(Event.ConnectionClosed cl) {
    Conn c = conn(cl.connId(), cl.t());
    if (c.closedAt >= 0) return;
    c.closedAt = cl.t();
    c.closeReason = cl.reason();
    if (cl.reason() == CloseReason.EVICTED && c.status != ConnStatus.EVICTED) evictions++;
    if (c.dialed) openConnections--;
    joins.forgetConnection(c.id); // its port may be reused; the join's table stays small
    // Streams still counted on it are gone with it.
    if (c.active > 0) assigned.values().removeIf(x -> x == c);
    c.active = 0;
    c.pingOutstanding = false;
    c.touch();
  }

  /** The connection with this id, created on first mention. */
  private Conn conn(long id, long t) {
    Conn c = conns.get(id);
    if (c == null) {
      c = new Conn(id);
      c.dialedAt = t;
      c.dialed = true;
      conns.put(id, c);
      connectionsOpened++;
      openConnections++;
    }
    return c;
  }

  /** Forgets connections and flows closed long before the latest event (never shutdown ones). */
  private void pruneLocked() {
    if ((folded & 1023) != 0) return; // amortised
    long horizon = lastEventT - Math.max(retainClosedNanos, SECOND) * 2;
    for (Iterator<Conn> it = conns.values().iterator(); it.hasNext(); ) {
      Conn c = it.next();
      if (c.closedAt >= 0 && c.closedAt < horizon && c.closeReason != CloseReason.SHUTDOWN) {
        it.remove();
        if (c.flow != null && c.flow.conn == c) c.flow.conn = null;
      }
    }
    flows.values().removeIf(f -> f.state == FlowState.CLOSED && f.closedAt < horizon);
  }

  /** Flows the fold holds (its flow table and the join's): bounded by the open ones (tests). */
  int flowsHeld() {
    lock.lock();
    try {
      drainLocked();
      return flows.size() + joins.size();
    } finally {
      lock.unlock();
    }
  }

  // ------------------------------------------------------------------ build

  private LiveSnapshot buildLocked(long now) {
    List<ConnView> views = new ArrayList<>(conns.size());
    for (Conn c : conns.values()) {
      if (c.closedAt >= 0
          && c.closeReason != CloseReason.SHUTDOWN
          && now - c.closedAt > retainClosedNanos) continue;
      views.add(c.view());
    }
    long[] lastSecond = series.lastSecond(now);
    long done = lastSecond[0], failed = lastSecond[1];
    Totals totals = new Totals(
        requests, finishedCount, ok, timeouts + errors, timeouts, errors, cancelled, retries,
        openConnections, connectionsOpened, evictions, unplugs, pingsSent, pingsAcked, goAways,
        done, failed);
    SeriesView seriesView = series.view();
    return new LiveSnapshot(
        now, folded, lastEventT, policy, scenario, finished, totals, List.copyOf(views), seriesView, wire.flows());
  }
}
