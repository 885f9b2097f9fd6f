package io.blastradius.core.export;

import com.fasterxml.jackson.core.JsonGenerator;
import io.blastradius.core.event.Event;
import io.blastradius.core.policy.Protocol;
import io.blastradius.core.record.RecordingJson;
import io.blastradius.core.score.ConnectionFlows;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.TreeSet;

/**
 * A HAR log written as a run's events stream (the format: {@link HarExporter}): {@link #accept}
 * each event in log order, then {@link #finish}. Entries go out through Jackson's streaming
 * {@link JsonGenerator} as soon as no older request is still in flight, so the log is sorted
 * oldest first while only the requests in flight and the entries waiting for them are held.
 *
 * <p>Bound: a request that starts and never finishes (a stopped run, a truncated recording) would
 * hold back every later entry; past {@link #MAX_HELD} waiting entries the oldest is written
 * anyway, so memory stays bounded and the log is then sorted only within that window (HAR 1.2
 * recommends, and does not require, the order: readers sort).
 *
 * <p>Not thread-safe: one thread feeds it.
 */
public final class HarWriter {
  /** Finished entries held back at most, waiting for an older request to finish. */
  public static final int MAX_HELD = 1 << 16;

  private static final Comparator<HarExporter.Entry> ORDER =
      Comparator.comparingLong(HarExporter.Entry::startedAt).thenComparingLong(HarExporter.Entry::requestId);

  /** A request in flight: when it started and who issued it. */
  private record Started(long t, long requestId, int worker) implements Comparable<Started> {
    @Override
    public int compareTo(Started o) {
      int c = Long.compare(t, o.t);
      return c != 0 ? c : Long.compare(requestId, o.requestId);
    }
  }

  private final HarExporter.Run run;
  private final JsonGenerator g;
  private final String url;
  private final int maxHeld;
  private final Map<Long, Started> started = new HashMap<>();
  private final TreeSet<Started> inFlight = new TreeSet<>();
  private final Map<Long, long[]> assigned = new HashMap<>(); // requestId -> {t, connId} of the last assignment
  /**
   * connId -> {requests assigned to it and not finished, 1 once closed}. A connection's close is
   * passed on to {@link #flows} (which may then forget its flow) only when its last request has
   * finished: the pool finishes a closed connection's requests just after ConnectionClosed, and
   * their entries still name the flow.
   */
  private final Map<Long, int[]> onConn = new HashMap<>();
  /** Connections whose protocol is not {@link #firstProtocol} (almost always none). */
  private final Map<Long, Protocol> otherProtocol = new HashMap<>();
  private final ConnectionFlows flows = new ConnectionFlows();
  private final PriorityQueue<HarExporter.Entry> held = new PriorityQueue<>(ORDER);
  private Protocol firstProtocol;
  private String policyId;
  private long written;
  private boolean finished;

  private HarWriter(HarExporter.Run run, OutputStream out, int maxHeld) throws IOException {
    this.run = run;
    this.maxHeld = maxHeld;
    this.url = "http://" + (run.host().contains(":") ? "[" + run.host() + "]" : run.host()) + "/";
    this.g = RecordingJson.mapper().getFactory().createGenerator(out);
    g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
    g.writeStartObject();
    g.writeObjectFieldStart("log");
    g.writeStringField("version", "1.2");
    g.writeObjectFieldStart("creator");
    g.writeStringField("name", "BlastRadius");
    g.writeStringField("version", run.appVersion() == null ? "" : run.appVersion());
    g.writeEndObject();
    g.writeArrayFieldStart("pages");
    g.writeEndArray();
    g.writeArrayFieldStart("entries");
  }

  /** Starts the log on {@code out} (not closed by this writer). */
  public static HarWriter open(HarExporter.Run run, OutputStream out) throws IOException {
    return new HarWriter(run, out, MAX_HELD);
  }

  /** As {@link #open}, holding back at most {@code maxHeld} entries; for tests of the bound. */
  static HarWriter open(HarExporter.Run run, OutputStream out, int maxHeld) throws IOException {
    return new HarWriter(run, out, maxHeld);
  }

  /** Folds the next event, in log order; writes the entries it releases. */
  public void accept(Event ev) throws IOException {
    if (ev instanceof Event.RequestStarted s) {
      Started st = new Started(s.t(), s.requestId(), s.worker());
      Started before = started.put(s.requestId(), st);
      if (before != null) inFlight.remove(before);
      inFlight.add(st);
    } else if (ev instanceof Event.RequestAssigned a) {
      long[] before = assigned.put(a.requestId(), new long[] {a.t(), a.connId()});
      if (before != null) leave(before[1]);
      onConn.computeIfAbsent(a.connId(), k -> new int[2])[0]++;
    } else if (ev instanceof Event.RequestRetried r) {
      long[] before = assigned.get(r.requestId());
      if (before != null) {
        leave(before[1]);
        before[1] = 0; // Still the time of its last assignment; no longer on that connection.
      }
    } else if (ev instanceof Event.RequestFinished f) {
      finished(f);
    } else if (ev instanceof Event.ConnectionDialed d) {
      if (firstProtocol == null) firstProtocol = d.protocol();
      else if (d.protocol() != firstProtocol) otherProtocol.put(d.connId(), d.protocol());
    } else if (ev instanceof Event.ConnectionClosed c) {
      int[] n = onConn.get(c.connId());
      if (n == null || n[0] == 0) {
        onConn.remove(c.connId());
        closed(c.connId());
      } else {
        n[1] = 1;
      }
    } else if (ev instanceof Event.ConnectionReady || ev instanceof Event.FlowOpened || ev instanceof Event.FlowClosed) {
      flows.accept(ev);
    } else if (ev instanceof Event.RunStarted r && policyId == null && r.policy() != null) {
      policyId = r.policy();
    }
  }

  private void finished(Event.RequestFinished f) throws IOException {
    Started s = started.remove(f.requestId());
    long[] at = assigned.remove(f.requestId());
    if (s != null) inFlight.remove(s);
    long start = s != null ? s.t() : f.t() - f.latencyNanos();
    Protocol p = f.connId() != 0 ? otherProtocol.getOrDefault(f.connId(), runProtocol()) : runProtocol();
    held.add(new HarExporter.Entry(f.requestId(), s != null ? s.worker() : -1, start, at != null ? at[0] : -1,
        f.latencyNanos(), f.connId(), f.streamId(), f.outcome(), f.error(), p == Protocol.H1 ? "HTTP/1.1" : "HTTP/2.0",
        f.connId() != 0 ? flows.flowOf(f.connId()) : null));
    if (at != null) leave(at[1]);
    release();
  }

  private void leave(long connId) {
    int[] n = onConn.get(connId);
    if (n != null && n[0] > 0 && --n[0] == 0 && n[1] == 1) {
      onConn.remove(connId);
      closed(connId);
    }
  }

  /** A connection closed and none of its requests is left to name its flow. */
  private void closed(long connId) {
    otherProtocol.remove(connId);
    flows.accept(new Event.ConnectionClosed(0, connId, null, null));
  }

  /** The first connection's protocol; before any, the policy's (requests that never got one). */
  private Protocol runProtocol() {
    if (firstProtocol != null) return firstProtocol;
    return policyId != null && policyId.startsWith("h1") ? Protocol.H1 : Protocol.H2;
  }

  /** Writes the held entries no request in flight is older than, and the oldest past the bound. */
  private void release() throws IOException {
    Started oldest = inFlight.isEmpty() ? null : inFlight.first();
    HarExporter.Entry e;
    while ((e = held.peek()) != null) {
      boolean olderInFlight = oldest != null
          && (oldest.t() < e.startedAt() || (oldest.t() == e.startedAt() && oldest.requestId() < e.requestId()));
      if (olderInFlight && held.size() <= maxHeld) break;
      held.poll();
      HarExporter.writeEntry(g, run, url, e);
      written++;
    }
  }

  /** Entries written so far. */
  public long entries() {
    return written;
  }

  /** Entries held back now (waiting for an older request in flight). */
  int heldNow() {
    return held.size();
  }

  /**
   * Writes what is held (requests still in flight never finished: they get no entry), ends the
   * log and flushes. Returns the number of entries. Idempotent.
   */
  public long finish() throws IOException {
    if (finished) return written;
    finished = true;
    HarExporter.Entry e;
    while ((e = held.poll()) != null) {
      HarExporter.writeEntry(g, run, url, e);
      written++;
    }
    g.writeEndArray();
    if (run.comment() != null) g.writeStringField("comment", run.comment());
    g.writeEndObject();
    g.writeEndObject();
    g.close(); // Flushes; the target stays open (AUTO_CLOSE_TARGET off).
    return written;
  }
}
