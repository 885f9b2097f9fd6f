package io.blastradius.core.score;

import io.blastradius.core.event.Event;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What one policy's run cost, computed from its events alone, so a run, a replay of its recording
 * and a GUI view all score it the same way. The component names are the CLI's JSON field names
 * and the CSV header: never rename one.
 *
 * @param policy the policy spec as given
 * @param requests requests issued ({@code RequestStarted})
 * @param ok requests that ended {@code OK}
 * @param failed requests that ended {@code TIMEOUT} or {@code ERROR}
 * @param cancelled requests the client cancelled on purpose
 * @param unplugs faults that black-holed a flow ({@code UNPLUG}, {@code UNPLUG_UPSTREAM}, {@code
 *     UNPLUG_DOWNSTREAM})
 * @param failuresPerUnplug {@code failed / unplugs}; {@code null} when nothing was unplugged
 * @param magnification how many failures each unavoidable failure turned into: {@code failed}
 *     divided by the sum, over unplugs, of {@code max(1, requests in flight on the unplugged
 *     flow's connection at the unplug instant)}. The requests in flight at the unplug are lost
 *     whatever the policy does; when nothing was in flight (an unplug between two sequential
 *     requests) the next request on the connection is still lost, since no policy can know before
 *     trying it, hence the floor of 1. So 1.0 is the best possible and golang/go#63422's HTTP/2
 *     case is about 8,000. {@code null} when nothing was unplugged
 * @param timeToEvictMillis how long the pool kept putting requests on a dead connection: per
 *     unplug, from the unplug to the last {@code RequestAssigned} on that flow's connection before
 *     the flow was replugged (0 if none); the maximum over unplugs, in milliseconds. {@code null}
 *     when nothing was unplugged
 * @param connectionsOpened connections dialed
 * @param pingsSent PINGs the client sent (a cost: servers punish ping floods)
 * @param goAways GOAWAY frames the client received, by RFC 9113 §7 error-code name (e.g. {@code
 *     ENHANCE_YOUR_CALM}); unknown codes appear as hex ({@code 0x1f}). Sorted by name
 * @param evictions connections a policy closed as dead ({@code CloseReason.EVICTED})
 * @param falseEvictions evictions of connections whose flow no fault had unplugged, reset or
 *     closed before the eviction (a slow server mistaken for a dead network). A connection that
 *     was never joined to a flow is not counted: nothing shows it was healthy
 * @param p50Micros median latency of successful requests, microseconds (0 when none)
 * @param p99Micros 99th percentile of the same
 * @param maxMicros the slowest successful request, exact
 * @param wallMillis {@code RunFinished.t - RunStarted.t}, or the span of all events without both
 */
public record Scorecard(
    String policy,
    long requests,
    long ok,
    long failed,
    long cancelled,
    long unplugs,
    Double failuresPerUnplug,
    Double magnification,
    Double timeToEvictMillis,
    long connectionsOpened,
    long pingsSent,
    Map<String, Long> goAways,
    long evictions,
    long falseEvictions,
    long p50Micros,
    long p99Micros,
    long maxMicros,
    double wallMillis) {

  private static final List<String> COLUMNS =
      List.of(
          "policy",
          "requests",
          "ok",
          "failed",
          "cancelled",
          "unplugs",
          "failuresPerUnplug",
          "magnification",
          "timeToEvictMillis",
          "connectionsOpened",
          "pingsSent",
          "goAways",
          "evictions",
          "falseEvictions",
          "p50Micros",
          "p99Micros",
          "maxMicros",
          "wallMillis");

  public Scorecard {
    Objects.requireNonNull(policy, "policy");
    goAways = Collections.unmodifiableMap(new TreeMap<>(goAways == null ? Map.of() : goAways));
  }

  /** Scores {@code events} (in the order they were logged) for {@code policy}. */
  public static Scorecard of(String policy, List<? extends Event> events) {
    ScoreAccumulator acc = new ScoreAccumulator();
    acc.acceptAll(events);
    return acc.result(policy);
  }

  /**
   * Scores {@code events} under the policy named by their {@code RunStarted} (empty if there is
   * none).
   */
  public static Scorecard of(List<? extends Event> events) {
    String policy = "";
    for (Event e : events) {
      if (e instanceof Event.RunStarted r && r.policy() != null) {
        policy = r.policy();
        break;
      }
    }
    return of(policy, events);
  }

  /** The field names in order: the CSV header, the JSON fields and the table's row labels. */
  public static List<String> columns() {
    return COLUMNS;
  }

  /** Field name to value, in {@link #columns()} order (nullable values stay null). */
  public Map<String, Object> asMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("policy", policy);
    m.put("requests", requests);
    m.put("ok", ok);
    m.put("failed", failed);
    m.put("cancelled", cancelled);
    m.put("unplugs", unplugs);
    m.put("failuresPerUnplug", failuresPerUnplug);
    m.put("magnification", magnification);
    m.put("timeToEvictMillis", timeToEvictMillis);
    m.put("connectionsOpened", connectionsOpened);
    m.put("pingsSent", pingsSent);
    m.put("goAways", goAways);
    m.put("evictions", evictions);
    m.put("falseEvictions", falseEvictions);
    m.put("p50Micros", p50Micros);
    m.put("p99Micros", p99Micros);
    m.put("maxMicros", maxMicros);
    m.put("wallMillis", wallMillis);
    return m;
  }

  /**
   * The fields where {@code other} differs from this, one line each, e.g. {@code "failed: 3 vs
   * 4"} (this value first); empty when equal.
   */
  public List<String> differences(Scorecard other) {
    List<String> out = new ArrayList<>();
    Map<String, Object> mine = asMap();
    Map<String, Object> theirs = other.asMap();
    for (String c : COLUMNS) {
      Object a = mine.get(c);
      Object b = theirs.get(c);
      if (!Objects.equals(a, b)) out.add(c + ": " + ScorecardFormat.plain(a) + " vs " + ScorecardFormat.plain(b));
    }
    return out;
  }

  /**
   * An aligned text table, one row per field and one column per scorecard (headed by its
   * policy), for the CLI's {@code run} and {@code compare}. Absent values print as {@code -}.
   */
  public static String table(List<Scorecard> cards) {
    return ScorecardFormat.table(cards);
  }

  /** One row per scorecard with only {@code columns} (names from {@link #columns()}). */
  public static String rows(List<Scorecard> cards, List<String> columns) {
    return ScorecardFormat.rows(cards, columns);
  }

  /**
   * CSV (RFC 4180): the {@link #columns()} header, then one row per scorecard. Decimals are
   * written in full, absent values as empty cells, goAways as {@code ENHANCE_YOUR_CALM=3;NO_ERROR=1}.
   */
  public static void writeCsv(List<Scorecard> cards, Appendable out) throws IOException {
    ScorecardFormat.csv(cards, out);
  }

  /**
   * As {@link #writeCsv(List, Appendable)} with one more column at the end, {@code engine}: which
   * engine made each scorecard ({@code real} or {@code sim}), {@code engines.get(i)} for card i.
   */
  public static void writeCsv(List<Scorecard> cards, List<String> engines, Appendable out) throws IOException {
    if (engines.size() != cards.size()) throw new IllegalArgumentException(engines.size() + " engines for " + cards.size() + " scorecards");
    ScorecardFormat.csv(cards, engines, out);
  }

  public static String csv(List<Scorecard> cards) {
    StringBuilder b = new StringBuilder();
    try {
      writeCsv(cards, b);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // StringBuilder does not throw
    }
    return b.toString();
  }
}
