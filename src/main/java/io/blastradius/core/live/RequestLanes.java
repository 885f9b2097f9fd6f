package io.blastradius.core.live;

import io.blastradius.core.event.Event;
import io.blastradius.core.event.Fault;
import io.blastradius.core.event.Outcome;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The request timeline per connection ("swimlanes"): every finished request counted in a time
 * bucket of the lane of the connection it ended on, by outcome; every flow fault marked on the
 * lane of the connection its flow carried. Fed by {@link LiveModel}'s fold, in event order.
 *
 * <h2>Bounded memory</h2>
 *
 * Requests are never kept: each lane is {@link #BUCKETS} counters per outcome. Buckets start
 * {@link #MIN_WIDTH_NANOS} wide; when the run outgrows {@code BUCKETS × width}, the width doubles
 * and every lane merges its buckets pairwise. So a 0.2 s run is drawn in 1 ms buckets and an hour
 * in 8 s ones, with the same memory. A lane is reused by the next new connection once its
 * connection closed (HTTP/1 churn does not add lanes without end); beyond {@link #MAX_LANES} open
 * at once, further connections share the last lane. Markers are capped at {@link #MAX_MARKERS}.
 * The same buckets summed over lanes are the run's rate and cumulative-failure series.
 *
 * <p>Not thread-safe: {@link LiveModel} calls it under its lock.
 */
public final class RequestLanes {
  public static final int BUCKETS = 512;
  public static final long MIN_WIDTH_NANOS = 1_000_000L;
  public static final int MAX_LANES = 128;
  public static final int MAX_MARKERS = 1_000;
  /** Connections remembered per lane, for its label. */
  static final int MAX_OCCUPANTS = 16;

  private long width = MIN_WIDTH_NANOS;
  private int span; // buckets in use: 1 + the highest bucket index counted
  private final List<Lane> lanes = new ArrayList<>();
  private final Map<Long, Lane> laneOf = new HashMap<>(); // open connections only
  private final Lane unplaced = new Lane(-1); // requests that never reached a connection
  private final int[] totalOk = new int[BUCKETS];
  private final int[] totalFailed = new int[BUCKETS];
  private final int[] totalCancelled = new int[BUCKETS];
  private long failedTotal;
  private final ArrayDeque<LanesView.Mark> marks = new ArrayDeque<>();
  private long version;
  private LanesView cached;

  /** Folds one event (only requests, connection lifetimes and their ends matter here). */
  public void accept(Event e) {
    if (e instanceof Event.RequestFinished f) {
      Lane l = f.connId() == 0 ? unplaced : lane(f.connId(), f.t());
      count(l, f.t(), f.outcome());
    } else if (e instanceof Event.ConnectionDialed d) {
      lane(d.connId(), d.t());
    } else if (e instanceof Event.RequestAssigned a) {
      lane(a.connId(), a.t());
    } else if (e instanceof Event.ConnectionClosed c) {
      Lane l = laneOf.remove(c.connId());
      if (l != null) {
        l.occupied = false;
        l.closedAt = c.t();
        l.closeReason = c.reason();
        l.cache = null;
        version++;
      }
    }
  }

  /** A flow fault on the lane of {@code connId} (0: its connection was not known). */
  public void mark(long t, int flowId, long connId, Fault fault) {
    Lane l = connId == 0 ? null : laneOf.get(connId);
    int index = l == null ? -1 : l.index;
    if (l == null && connId != 0) { // closed already: find the lane that carried it
      for (Lane x : lanes) if (x.carried(connId)) index = x.index;
    }
    marks.addLast(new LanesView.Mark(t, flowId, connId, index, fault));
    if (marks.size() > MAX_MARKERS) marks.removeFirst();
    bucket(t); // the axis covers the fault even before a request ends after it
    version++;
  }

  private Lane lane(long connId, long t) {
    Lane l = laneOf.get(connId);
    if (l != null) return l;
    for (Lane x : lanes) {
      if (!x.occupied && x.index < MAX_LANES - 1) {
        l = x;
        break;
      }
    }
    if (l == null) {
      if (lanes.size() < MAX_LANES) {
        l = new Lane(lanes.size());
        lanes.add(l);
      } else {
        l = lanes.get(MAX_LANES - 1); // shared overflow lane
      }
    }
    l.occupy(connId, t);
    laneOf.put(connId, l);
    version++;
    return l;
  }

  private void count(Lane l, long t, Outcome o) {
    int b = bucket(t);
    switch (o) {
      case OK -> {
        l.ok[b]++;
        totalOk[b]++;
      }
      case TIMEOUT, ERROR -> {
        l.failed[b]++;
        totalFailed[b]++;
        l.failedTotal++;
        failedTotal++;
      }
      case CANCELLED -> {
        l.cancelled[b]++;
        totalCancelled[b]++;
      }
    }
    l.cache = null;
    version++;
  }

  /** The bucket of run time {@code t}, widening the buckets first if needed. */
  private int bucket(long t) {
    long idx = Math.max(0, t) / width;
    while (idx >= BUCKETS) {
      width *= 2;
      for (Lane l : lanes) l.coarsen();
      unplaced.coarsen();
      coarsen(totalOk);
      coarsen(totalFailed);
      coarsen(totalCancelled);
      span = (span + 1) / 2;
      idx = Math.max(0, t) / width;
    }
    int b = (int) idx;
    if (b + 1 > span) {
      span = b + 1;
      version++;
    }
    return b;
  }

  private static void coarsen(int[] a) {
    for (int i = 0; i < BUCKETS / 2; i++) a[i] = a[2 * i] + a[2 * i + 1];
    Arrays.fill(a, BUCKETS / 2, BUCKETS, 0);
  }

  /** An immutable copy; unchanged lanes reuse their last copy. */
  public LanesView view() {
    if (cached != null && cached.version() == version) return cached;
    List<LanesView.Lane> out = new ArrayList<>(lanes.size() + 1);
    for (Lane l : lanes) out.add(l.view(span));
    LanesView.Lane none = unplaced.ok.length > 0 && (unplaced.failedTotal > 0 || any(unplaced.ok, span) || any(unplaced.cancelled, span))
        ? unplaced.view(span) : null;
    cached = new LanesView(version, width, span,
        Arrays.copyOf(totalOk, span), Arrays.copyOf(totalFailed, span), Arrays.copyOf(totalCancelled, span),
        failedTotal, List.copyOf(out), none, List.copyOf(marks));
    return cached;
  }

  private static boolean any(int[] a, int n) {
    for (int i = 0; i < n; i++) if (a[i] != 0) return true;
    return false;
  }

  /** One lane being folded. */
  private static final class Lane {
    final int index;
    final int[] ok = new int[BUCKETS], failed = new int[BUCKETS], cancelled = new int[BUCKETS];
    final ArrayDeque<Long> occupants = new ArrayDeque<>();
    long carriedCount, failedTotal, openedAt, closedAt = -1;
    io.blastradius.core.event.CloseReason closeReason;
    boolean occupied;
    LanesView.Lane cache;
    int cacheSpan = -1;

    Lane(int index) {
      this.index = index;
    }

    void occupy(long connId, long t) {
      if (!occupied || occupants.isEmpty() || occupants.peekLast() != connId) {
        occupants.addLast(connId);
        if (occupants.size() > MAX_OCCUPANTS) occupants.removeFirst();
        carriedCount++;
      }
      occupied = true;
      openedAt = t;
      closedAt = -1;
      closeReason = null;
      cache = null;
    }

    boolean carried(long connId) {
      return occupants.contains(connId);
    }

    void coarsen() {
      RequestLanes.coarsen(ok);
      RequestLanes.coarsen(failed);
      RequestLanes.coarsen(cancelled);
      cache = null;
    }

    LanesView.Lane view(int span) {
      if (cache != null && cacheSpan == span) return cache;
      cache = new LanesView.Lane(index, occupants.isEmpty() ? 0 : occupants.peekLast(),
          List.copyOf(occupants), carriedCount, occupied, openedAt, closedAt, closeReason, failedTotal,
          Arrays.copyOf(ok, span), Arrays.copyOf(failed, span), Arrays.copyOf(cancelled, span));
      cacheSpan = span;
      return cache;
    }
  }
}
