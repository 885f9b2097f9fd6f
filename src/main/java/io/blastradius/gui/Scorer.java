package io.blastradius.gui;

import io.blastradius.core.event.CloseReason;
import io.blastradius.core.event.Event;
import io.blastradius.core.event.Fault;
import io.blastradius.core.event.Outcome;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Turns one run's events into its scorecard row. Pure; called off the FX thread. */
@FunctionalInterface
public interface Scorer {
  ScoreRow score(String policy, List<Event> events);

  /**
   * A stand-in computed here until the shared Scorecard lands on main: counts only, with
   * magnification, time to evict and false evictions left unmeasured.
   */
  static Scorer counting() {
    return (policy, events) -> {
      long requests = 0, ok = 0, failed = 0, cancelled = 0, unplugs = 0, conns = 0, pings = 0, evictions = 0;
      Map<String, Long> goAways = new HashMap<>();
      long[] lat = new long[1024];
      int n = 0;
      long first = Long.MAX_VALUE, last = Long.MIN_VALUE;
      for (Event e : events) {
        first = Math.min(first, e.t());
        last = Math.max(last, e.t());
        if (e instanceof Event.RequestStarted) requests++;
        else if (e instanceof Event.RequestFinished f) {
          if (f.outcome() == Outcome.OK) ok++;
          else if (f.outcome() == Outcome.CANCELLED) cancelled++;
          else failed++;
          if (n == lat.length) lat = Arrays.copyOf(lat, n * 2);
          lat[n++] = f.latencyNanos();
        } else if (e instanceof Event.FlowFaulted f
            && (f.fault() == Fault.UNPLUG || f.fault() == Fault.UNPLUG_UPSTREAM || f.fault() == Fault.UNPLUG_DOWNSTREAM)) unplugs++;
        else if (e instanceof Event.ConnectionDialed) conns++;
        else if (e instanceof Event.PingSent) pings++;
        else if (e instanceof Event.ConnectionClosed c && c.reason() == CloseReason.EVICTED) evictions++;
        else if (e instanceof Event.GoAwayReceived g) goAways.merge(Long.toString(g.errorCode()), 1L, Long::sum);
      }
      Arrays.sort(lat, 0, n);
      double p50 = n == 0 ? Double.NaN : lat[(int) Math.min(n - 1, Math.ceil(n * 0.50) - 1)] / 1e3;
      double p99 = n == 0 ? Double.NaN : lat[(int) Math.min(n - 1, Math.ceil(n * 0.99) - 1)] / 1e3;
      double max = n == 0 ? Double.NaN : lat[n - 1] / 1e3;
      return new ScoreRow(policy, requests, ok, failed, cancelled, unplugs,
          unplugs == 0 ? Double.NaN : (double) failed / unplugs, Double.NaN, Double.NaN, conns, pings,
          goAways, evictions, -1, p50, p99, max, events.isEmpty() ? 0 : (last - first) / 1e6);
    };
  }
}
