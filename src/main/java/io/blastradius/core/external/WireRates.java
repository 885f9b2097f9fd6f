package io.blastradius.core.external;

import io.blastradius.core.event.Event;
import io.blastradius.core.event.Fault;
import io.netty.util.collection.IntObjectHashMap;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The external mode's wire chart as a fold of wire events: HTTP/2 streams (HTTP/1.1 requests) the
 * clients opened, the streams reset (RST_STREAM either way) and the ones the server answered
 * (its first HEADERS on a stream; an HTTP/1.1 response), counted in time buckets; flow faults as
 * markers. A pure function of the events in order, so the live workspace and a replayed recording
 * draw the same chart.
 *
 * <h2>Bounded memory</h2>
 *
 * {@link #BUCKETS} counters per kind: buckets start {@link #MIN_WIDTH_NANOS} wide and double
 * (merging pairwise) whenever the session outgrows them, as the run's request timeline does
 * ({@code core.live.RequestLanes}); at most {@link #MAX_MARKERS} markers; per open flow, its
 * streams not yet answered. A closed flow is forgotten.
 *
 * <p>Not thread-safe: its owner folds and takes views under one lock.
 */
public final class WireRates {
  public static final int BUCKETS = 240;
  public static final long MIN_WIDTH_NANOS = 250_000_000L;
  public static final int MAX_MARKERS = 500;

  /** A flow fault on the time axis. */
  public record Marker(long t, int flowId, Fault fault) {}

  /**
   * The counts as of a fold: bucket {@code i} covers [{@code i × widthNanos}, {@code (i+1) × widthNanos}).
   *
   * @param span buckets in use (every array has this length)
   * @param lastT the latest event time folded, or -1
   */
  public record View(long widthNanos, int span, int[] opened, int[] reset, int[] answered, long totalOpened,
      long totalReset, long totalAnswered, long lastT, List<Marker> markers) {
    public static final View EMPTY = new WireRates().view();
  }

  private static final class FlowStreams {
    int lastClientStream; // h2 stream ids only grow: a client HEADERS above it opens a stream
    final IntObjectHashMap<Boolean> unanswered = new IntObjectHashMap<>();
  }

  private long width = MIN_WIDTH_NANOS;
  private int span;
  private final int[] opened = new int[BUCKETS];
  private final int[] reset = new int[BUCKETS];
  private final int[] answered = new int[BUCKETS];
  private long totalOpened, totalReset, totalAnswered;
  private long lastT = -1;
  private final Map<Integer, FlowStreams> flows = new HashMap<>();
  private final ArrayDeque<Marker> markers = new ArrayDeque<>();

  /** Folds one event; events that are neither wire events nor flow faults or closes are ignored. */
  public void accept(Event e) {
    if (e instanceof Event.WireHeaders h) {
      FlowStreams f = flows.computeIfAbsent(h.flowId(), k -> new FlowStreams());
      if (h.fromClient()) {
        if (h.streamId() > f.lastClientStream) {
          f.lastClientStream = h.streamId();
          f.unanswered.put(h.streamId(), Boolean.TRUE);
          count(opened, h.t());
          totalOpened++;
        }
      } else if (f.unanswered.remove(h.streamId()) != null) {
        count(answered, h.t());
        totalAnswered++;
      }
    } else if (e instanceof Event.WireHttp1 h) {
      if (h.fromClient()) {
        count(opened, h.t());
        totalOpened++;
      } else {
        count(answered, h.t());
        totalAnswered++;
      }
    } else if (e instanceof Event.WireReset r) {
      FlowStreams f = flows.get(r.flowId());
      if (f != null) f.unanswered.remove(r.streamId());
      count(reset, r.t());
      totalReset++;
    } else if (e instanceof Event.FlowFaulted ff) {
      markers.addLast(new Marker(ff.t(), ff.flowId(), ff.fault()));
      if (markers.size() > MAX_MARKERS) markers.removeFirst();
      lastT = Math.max(lastT, ff.t());
    } else if (e instanceof Event.FlowClosed c) {
      flows.remove(c.flowId());
      lastT = Math.max(lastT, c.t());
    } else if (e instanceof Event.FlowOpened o) {
      flows.remove(o.flowId()); // a proxy that restarted numbers its flows from 1 again
      lastT = Math.max(lastT, o.t());
    }
  }

  private void count(int[] counts, long t) {
    lastT = Math.max(lastT, t);
    long at = Math.max(0, t);
    while (at / width >= BUCKETS) widen();
    int i = (int) (at / width);
    counts[i]++;
    span = Math.max(span, i + 1);
  }

  /** Doubles the bucket width, merging each pair of buckets. */
  private void widen() {
    for (int[] c : new int[][] {opened, reset, answered}) {
      for (int i = 0; i < BUCKETS / 2; i++) c[i] = c[2 * i] + c[2 * i + 1];
      Arrays.fill(c, BUCKETS / 2, BUCKETS, 0);
    }
    width *= 2;
    span = (span + 1) / 2;
  }

  /** Flows with streams tracked (tests: bounded by the open ones). */
  int flowsTracked() {
    return flows.size();
  }

  public View view() {
    return new View(width, span, Arrays.copyOf(opened, span), Arrays.copyOf(reset, span), Arrays.copyOf(answered, span),
        totalOpened, totalReset, totalAnswered, lastT, List.copyOf(markers));
  }
}
