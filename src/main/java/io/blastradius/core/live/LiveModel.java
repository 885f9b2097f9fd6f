package io.blastradius.core.live;

import io.blastradius.core.event.Event;
import io.blastradius.core.wire.WireFold;
import io.blastradius.core.event.EventSink;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Folds a run's events into what the workbench shows: one {@link ConnView} per connection, run
 * {@link Totals}, per-second {@link SeriesView}s and a ring of recent events.
 *
 * <p>The connections and flows ({@link Conn}, {@link Flow}) and their join are folded by
 * {@link ConnectionFold}; the run's totals here; the rates and series by {@link RunSeries}, the ring by {@link EventRing}, the key events by
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

  private final ConcurrentLinkedQueue<Event> queue = new ConcurrentLinkedQueue<>();
  private final AtomicInteger pending = new AtomicInteger();
  private final ReentrantLock lock = new ReentrantLock();

  // ---- fold state. Guarded by lock. ----
  private long folded;
  private long lastEventT = -1;
  private String policy = "";
  private String scenario = "";
  private boolean finished;
  /** Connections, flows, their join, and which request is on which connection. */
  private final ConnectionFold connections;
  private long requests, finishedCount, ok, timeouts, errors, cancelled, retries;
  private long unplugs, pingsSent, pingsAcked, goAways;
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
    this.connections = new ConnectionFold(retainClosedNanos);
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
      connections.assigned(a);
    } else if (e instanceof Event.RequestFinished f) {
      finishedCount++;
      switch (f.outcome()) {
        case OK -> ok++;
        case TIMEOUT -> timeouts++;
        case ERROR -> errors++;
        case CANCELLED -> cancelled++;
      }
      connections.finished(f);
      series.finished(t, f.outcome());
    } else if (e instanceof Event.RequestRetried r) {
      retries++;
      connections.retried(r);
    } else if (e instanceof Event.SlotsHeld h) {
      connections.slotsHeld(h);
    } else if (e instanceof Event.StreamReset r) {
      connections.streamReset(r);
    } else if (e instanceof Event.PingSent p) {
      pingsSent++;
      connections.pingSent(p);
    } else if (e instanceof Event.PingAcked p) {
      pingsAcked++;
      connections.pingAcked(p);
    } else if (e instanceof Event.ConnectionDialed d) {
      connections.dialed(d);
    } else if (e instanceof Event.ConnectionReady r) {
      connections.ready(r);
    } else if (e instanceof Event.ConnectionStatusChanged s) {
      connections.statusChanged(s);
    } else if (e instanceof Event.ConnectionClosed cl) {
      connections.closed(cl);
    } else if (e instanceof Event.GoAwayReceived g) {
      goAways++;
      connections.goAway(g);
    } else if (e instanceof Event.FlowOpened o) {
      connections.flowOpened(o);
    } else if (e instanceof Event.FlowFaulted ff) {
      if (ff.fault().isUnplug()) unplugs++;
      long connId = connections.flowFaulted(ff);
      // Every fault is marked: unplugs, replugs, resets, closes and latency.
      series.mark(new SeriesView.Marker(ff.t(), ff.flowId(), connId, ff.fault()));
      lanes.mark(ff.t(), ff.flowId(), connId, ff.fault());
    } else if (e instanceof Event.FlowOutside x) {
      wire.apply(x);
      connections.flowOutside(x);
    } else if (e instanceof Event.FlowClosed fc) {
      wire.apply(fc);
      connections.flowClosed(fc);
    } else if (e instanceof Event.RunStarted s) {
      policy = s.policy();
      scenario = s.scenario();
    } else if (e instanceof Event.RunFinished) {
      finished = true;
    } else {
      wire.apply(e); // the wire decoder's events, when it runs
    }
    // ServerPingReceived, ServerGoAwaySent: the log shows them; no card state.
    if ((folded & 1023) == 0) connections.prune(lastEventT); // amortised
  }

  /** Flows the fold holds (its flow table and the join's): bounded by the open ones (tests). */
  int flowsHeld() {
    lock.lock();
    try {
      drainLocked();
      return connections.flowsHeld();
    } finally {
      lock.unlock();
    }
  }

  // ------------------------------------------------------------------ build

  private LiveSnapshot buildLocked(long now) {
    long[] lastSecond = series.lastSecond(now);
    long done = lastSecond[0], failed = lastSecond[1];
    Totals totals = new Totals(
        requests, finishedCount, ok, timeouts + errors, timeouts, errors, cancelled, retries,
        connections.openConnections(), connections.connectionsOpened(), connections.evictions(), unplugs, pingsSent, pingsAcked, goAways,
        done, failed);
    SeriesView seriesView = series.view();
    return new LiveSnapshot(
        now, folded, lastEventT, policy, scenario, finished, totals, connections.views(now), seriesView, wire.flows());
  }
}
