package io.blastradius.core.score;

import io.blastradius.core.event.CloseReason;
import io.blastradius.core.event.Event;
import io.blastradius.core.event.Fault;
import io.blastradius.core.event.Outcome;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * Builds a {@link Scorecard} from events in one pass, so a recording writer or a live view can
 * score a run as it goes without keeping its events. {@link Scorecard#of(String, List)} is this
 * class fed a list.
 *
 * <p>Threading: not thread-safe; feed it from one thread (the recording's writer thread, or the
 * caller of {@code Scorecard.of}). {@link #result} may be called any number of times, and more
 * events accepted after it.
 *
 * <p>Unplugs happen to flows and requests to connections; {@link ConnectionFlows} joins the two.
 *
 * <p>Memory does not grow with the length of a run: what it holds is the requests in flight, the
 * open connections and flows (a connection's state goes once it and its flow have closed), the
 * open unplug windows, and a fixed-size latency histogram. {@link #retained()} counts it.
 */
public final class ScoreAccumulator {
  /** Faults after which a later eviction of the flow's connection was deserved. */
  private static boolean killsFlow(Fault f) {
    return f.killsFlow();
  }

  static boolean isUnplug(Fault f) {
    return f.isUnplug();
  }

  /** One unplug: when it happened and the last request put on its connection while it lasted. */
  private static final class DeadWindow {
    final long unpluggedAt;
    long lastAssignedAt = -1;

    DeadWindow(long unpluggedAt) {
      this.unpluggedAt = unpluggedAt;
    }
  }

  private long requests, ok, failed, cancelled, unplugs, connectionsOpened, pingsSent;
  private long evictions, falseEvictions;
  /** Σ over unplugs of max(1, requests in flight on the flow's connection at the unplug). */
  private long unplugCost;
  private final Map<Long, Long> goAwayCodes = new TreeMap<>();

  private long runStartedAt = Long.MIN_VALUE, runFinishedAt = Long.MIN_VALUE;
  private long firstT = Long.MAX_VALUE, lastT = Long.MIN_VALUE;
  private boolean any;

  /** requestId -> connId it is currently assigned to (only requests in flight on a connection). */
  private final Map<Long, Long> assignedTo = new HashMap<>();
  /**
   * connId -> {requests in flight on it, 1 once it closed}. A closed connection's entry goes when
   * its count reaches 0 (its orphans finish right after ConnectionClosed).
   */
  private final Map<Long, int[]> inFlight = new HashMap<>();

  private final ConnectionFlows flows = new ConnectionFlows();
  /** Flows a fault killed, until the flow and its connection have both closed. */
  private final Set<Integer> killedFlows = new HashSet<>();

  /** flowId -> unplug windows still open (no REPLUG yet, flow or connection still open). */
  private final Map<Integer, List<DeadWindow>> openWindows = new HashMap<>();
  /** The worst time to evict over unplug windows closed so far, in nanoseconds. */
  private long worstClosedWindow;

  /** Successful requests' latency in microseconds; 3 significant digits, resizes as needed. */
  private final Histogram latencyMicros = new Histogram(3);
  private long maxLatencyMicros;

  public void accept(Event e) {
    long t = e.t();
    any = true;
    if (t < firstT) firstT = t;
    if (t > lastT) lastT = t;
    // Ordered by frequency: the request events are nearly all of a run.
    if (e instanceof Event.RequestStarted) {
      requests++;
    } else if (e instanceof Event.RequestAssigned a) {
      Long prev = assignedTo.put(a.requestId(), a.connId());
      if (prev != null) leave(prev);
      inFlight.computeIfAbsent(a.connId(), k -> new int[2])[0]++;
      Integer flow = flows.flowOf(a.connId());
      if (flow != null) {
        List<DeadWindow> open = openWindows.get(flow);
        if (open != null) for (DeadWindow w : open) w.lastAssignedAt = t;
      }
    } else if (e instanceof Event.RequestFinished f) {
      Long conn = assignedTo.remove(f.requestId());
      if (conn != null) leave(conn);
      Outcome o = f.outcome();
      if (o == Outcome.OK) {
        ok++;
        long micros = Math.max(0, f.latencyNanos() / 1000);
        latencyMicros.recordValue(micros);
        if (micros > maxLatencyMicros) maxLatencyMicros = micros;
      } else if (o == Outcome.CANCELLED) {
        cancelled++;
      } else if (o != null && o.isFailure()) {
        failed++;
      }
    } else if (e instanceof Event.RequestRetried r) {
      Long conn = assignedTo.remove(r.requestId());
      if (conn != null) leave(conn);
    } else if (e instanceof Event.ConnectionDialed) {
      connectionsOpened++;
    } else if (e instanceof Event.ConnectionReady || e instanceof Event.FlowOpened) {
      flows.accept(e);
    } else if (e instanceof Event.FlowFaulted f) {
      fault(f);
    } else if (e instanceof Event.ConnectionClosed c) {
      if (c.reason() == CloseReason.EVICTED) {
        evictions++;
        Integer flow = flows.flowOf(c.connId());
        // A connection never joined to a flow is not counted false: nothing proves it healthy.
        if (flow != null && !killedFlows.contains(flow)) falseEvictions++;
      }
      int[] n = inFlight.get(c.connId());
      if (n != null) {
        if (n[0] == 0) inFlight.remove(c.connId());
        else n[1] = 1;
      }
      forget(flows.accept(e));
    } else if (e instanceof Event.FlowClosed) {
      forget(flows.accept(e));
    } else if (e instanceof Event.PingSent) {
      pingsSent++;
    } else if (e instanceof Event.GoAwayReceived g) {
      goAwayCodes.merge(g.errorCode(), 1L, Long::sum);
    } else if (e instanceof Event.RunStarted) {
      runStartedAt = t;
    } else if (e instanceof Event.RunFinished) {
      runFinishedAt = t;
    }
  }

  public void acceptAll(Iterable<? extends Event> events) {
    for (Event e : events) accept(e);
  }

  private void leave(long conn) {
    int[] n = inFlight.get(conn);
    if (n != null && n[0] > 0 && --n[0] == 0 && n[1] == 1) inFlight.remove(conn);
  }

  /** A flow and its connection have both closed: nothing more can happen on them. */
  private void forget(int flow) {
    if (flow == ConnectionFlows.NONE) return;
    killedFlows.remove(flow);
    closeWindows(openWindows.remove(flow));
  }

  private void closeWindows(List<DeadWindow> ws) {
    if (ws == null) return;
    for (DeadWindow w : ws) worstClosedWindow = Math.max(worstClosedWindow, cost(w));
  }

  private static long cost(DeadWindow w) {
    return w.lastAssignedAt >= w.unpluggedAt ? w.lastAssignedAt - w.unpluggedAt : 0;
  }

  private void fault(Event.FlowFaulted f) {
    Fault fault = f.fault();
    if (fault == null) return;
    if (killsFlow(fault)) killedFlows.add(f.flowId());
    if (isUnplug(fault)) {
      unplugs++;
      Long conn = flows.connOf(f.flowId());
      int[] n = conn == null ? null : inFlight.get(conn);
      unplugCost += Math.max(1, n == null ? 0 : n[0]);
      DeadWindow w = new DeadWindow(f.t());
      openWindows.computeIfAbsent(f.flowId(), k -> new ArrayList<>(1)).add(w);
    } else if (fault == Fault.REPLUG) {
      // Bytes move again: the connection is no longer dead, so requests put on it from now on
      // are not the policy's failure to evict.
      closeWindows(openWindows.remove(f.flowId()));
    }
  }

  /** Entries held for requests, connections and flows now: bounded by what is open, for tests. */
  public int retained() {
    int windows = 0;
    for (List<DeadWindow> ws : openWindows.values()) windows += ws.size();
    return assignedTo.size() + inFlight.size() + flows.size() + killedFlows.size() + windows;
  }

  public Scorecard result(String policy) {
    Double perUnplug = unplugs == 0 ? null : (double) failed / unplugs;
    Double magnification = unplugs == 0 ? null : (double) failed / unplugCost;
    Double timeToEvict = null;
    if (unplugs > 0) {
      long worst = worstClosedWindow;
      for (List<DeadWindow> ws : openWindows.values()) {
        for (DeadWindow w : ws) worst = Math.max(worst, cost(w));
      }
      timeToEvict = worst / 1e6;
    }
    Map<String, Long> goAways = new TreeMap<>();
    goAwayCodes.forEach((code, n) -> goAways.merge(Http2ErrorCodes.name(code), n, Long::sum));
    boolean hasLatency = latencyMicros.getTotalCount() > 0;
    long wallNanos;
    if (runStartedAt != Long.MIN_VALUE && runFinishedAt != Long.MIN_VALUE) {
      wallNanos = runFinishedAt - runStartedAt;
    } else {
      wallNanos = any ? lastT - firstT : 0;
    }
    return new Scorecard(
        policy,
        requests,
        ok,
        failed,
        cancelled,
        unplugs,
        perUnplug,
        magnification,
        timeToEvict,
        connectionsOpened,
        pingsSent,
        goAways,
        evictions,
        falseEvictions,
        // Percentiles are bucket upper bounds (exact below 2048 us, within 0.1 % above); never
        // let one exceed the exact maximum.
        hasLatency ? Math.min(maxLatencyMicros, latencyMicros.getValueAtPercentile(50)) : 0,
        hasLatency ? Math.min(maxLatencyMicros, latencyMicros.getValueAtPercentile(99)) : 0,
        hasLatency ? maxLatencyMicros : 0,
        wallNanos / 1e6);
  }
}
