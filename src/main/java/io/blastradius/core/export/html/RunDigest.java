package io.blastradius.core.export.html;

import io.blastradius.core.event.CloseReason;
import io.blastradius.core.event.Event;
import io.blastradius.core.event.Outcome;
import io.blastradius.core.policy.Protocol;
import io.blastradius.core.record.RecordingHeader;
import io.blastradius.core.score.ConnectionFlows;
import io.blastradius.core.score.ScoreAccumulator;
import io.blastradius.core.score.Scorecard;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Folds a run's events, one at a time and in log order, into a {@link RunReport}: the report is a
 * pure function of the recording, and its building holds no list of events. Memory is bounded by
 * the number of connections and faults (each kept exactly), the requests in flight at one moment,
 * and {@link #TIMELINE_BUCKETS} buckets per connection lifetime; not by the number of requests.
 *
 * <p>Where a request lands: on its connection's lane at the time it was put on that connection
 * (its last {@code RequestAssigned}; its start if it never reached one), coloured by how it
 * ended; in the run's totals and the per-second chart at the time it finished, which is when a
 * failure is counted.
 *
 * <p>Not thread-safe: feed it from one thread.
 */
public final class RunDigest implements Consumer<Event> {
  /** Timeline buckets over a run: about one per pixel of a wide screen. */
  public static final int TIMELINE_BUCKETS = 2048;
  /** The finest timeline bucket. */
  public static final long FINEST_BUCKET_NANOS = 1_000_000L;
  /** Policy verdicts kept per connection (an adaptive policy may flip one thousands of times). */
  public static final int MAX_STATUSES = 32;

  /** Lane channels. */
  public static final int OK = 0, FAILED = 1, CANCELLED = 2, RETRIED = 3, PING = 4;
  static final int LANE_CHANNELS = 5, FINISH_CHANNELS = 3;

  private final ScoreAccumulator score = new ScoreAccumulator();
  private final ConnectionFlows flows = new ConnectionFlows();
  private final BucketGrid timeline = new BucketGrid(FINEST_BUCKET_NANOS, TIMELINE_BUCKETS);
  private final BucketGrid seconds = new BucketGrid(1_000_000_000L, 4096);
  private final BucketGrid.Row finished = timeline.row(FINISH_CHANNELS);
  private final BucketGrid.Row perSecond = seconds.row(FINISH_CHANNELS);
  private final BucketGrid.Row unplaced = timeline.row(LANE_CHANNELS);
  private final Map<Long, Track> connections = new TreeMap<>();
  private final List<RunReport.FaultMark> faults = new ArrayList<>();
  /** requestId -> {t, connId} of its current assignment: requests in flight on a connection. */
  private final Map<Long, long[]> placed = new HashMap<>();
  private long lastT;
  private long events;

  @Override
  public void accept(Event e) {
    events++;
    score.accept(e);
    long t = e.t();
    if (t > lastT) lastT = t;
    if (e instanceof Event.RequestStarted) {
      return; // Counted by the scorecard; drawn when it finishes.
    } else if (e instanceof Event.RequestAssigned a) {
      placed.put(a.requestId(), new long[] {t, a.connId()});
    } else if (e instanceof Event.RequestFinished f) {
      finish(f);
    } else if (e instanceof Event.RequestRetried r) {
      long[] p = placed.remove(r.requestId());
      Track c = connections.get(r.fromConnId());
      if (c != null) {
        c.retried++;
        c.lane.add(timeline.index(p != null ? p[0] : t), RETRIED);
      }
    } else if (e instanceof Event.ConnectionDialed d) {
      connections.put(d.connId(), new Track(d.connId(), d.protocol(), t, timeline.row(LANE_CHANNELS)));
    } else if (e instanceof Event.ConnectionReady r) {
      flows.accept(r);
      Track c = track(r.connId(), t);
      c.readyAt = t;
      c.localPort = r.localPort();
      c.maxStreams = r.maxConcurrentStreams();
      Integer flow = flows.flowOf(r.connId());
      if (flow != null) c.flowId = flow;
    } else if (e instanceof Event.FlowOpened o) {
      flows.accept(o);
      Long conn = flows.connOf(o.flowId());
      Track c = conn == null ? null : connections.get(conn);
      if (c != null && c.flowId == 0) c.flowId = o.flowId();
    } else if (e instanceof Event.FlowFaulted f) {
      Long conn = flows.connOf(f.flowId());
      faults.add(new RunReport.FaultMark(t, f.flowId(), conn == null ? 0 : conn, f.fault(), f.detail()));
    } else if (e instanceof Event.ConnectionStatusChanged s) {
      Track c = track(s.connId(), t);
      if (c.statuses.size() < MAX_STATUSES) c.statuses.add(new RunReport.Status(t, s.status(), s.why()));
      else c.statusesDropped++;
    } else if (e instanceof Event.ConnectionClosed c) {
      Track k = track(c.connId(), t);
      k.closedAt = t;
      k.closeReason = c.reason();
      k.closeDetail = c.detail();
    } else if (e instanceof Event.PingSent p) {
      Track c = track(p.connId(), t);
      c.pings++;
      c.lane.add(timeline.index(t), PING);
    } else if (e instanceof Event.GoAwayReceived g) {
      track(g.connId(), t).goAways++;
    }
  }

  private void finish(Event.RequestFinished f) {
    long[] p = placed.remove(f.requestId());
    Outcome o = f.outcome();
    int ch = o == Outcome.OK ? OK : o == Outcome.CANCELLED ? CANCELLED : o != null && o.isFailure() ? FAILED : -1;
    if (ch < 0) return; // An outcome this version does not know: the scorecard skips it too.
    finished.add(timeline.index(f.t()), ch);
    perSecond.add(seconds.index(f.t()), ch);
    if (f.connId() == 0) {
      unplaced.add(timeline.index(f.t() - f.latencyNanos()), ch);
      return;
    }
    Track c = track(f.connId(), f.t());
    long at = p != null && p[1] == f.connId() ? p[0] : f.t() - f.latencyNanos();
    c.lane.add(timeline.index(at), ch);
    if (ch == OK) c.ok++;
    else if (ch == FAILED) c.failed++;
    else c.cancelled++;
  }

  /** The connection's track; one is made for a connection whose dial the log does not hold. */
  private Track track(long connId, long t) {
    return connections.computeIfAbsent(connId, id -> new Track(id, null, t, timeline.row(LANE_CHANNELS)));
  }

  /** Events accepted so far. */
  public long events() {
    return events;
  }

  /**
   * The report of the events accepted so far.
   *
   * @param label what to call the run
   * @param recorded the recording's own scorecard, {@code null} if it has none
   */
  public RunReport result(String label, RecordingHeader header, Scorecard recorded) {
    // Make sure the grid spans the run's last moment, so the charts run to its end.
    timeline.index(lastT);
    seconds.index(lastT);
    List<RunReport.Connection> conns = new ArrayList<>(connections.size());
    for (Track c : connections.values()) conns.add(c.result());
    return new RunReport(
        label, header, score.result(header.policy()), recorded, events, lastT,
        timeline.width(), RunReport.Counts.of(finished), seconds.width(), RunReport.Counts.of(perSecond),
        faults, conns, RunReport.Counts.of(unplaced));
  }

  /** What is known of one connection. */
  private static final class Track {
    final long id;
    final Protocol protocol;
    final long dialedAt;
    final BucketGrid.Row lane;
    long readyAt = -1, closedAt = -1;
    int localPort, maxStreams, flowId;
    CloseReason closeReason;
    String closeDetail;
    long ok, failed, cancelled, retried, pings, goAways;
    final List<RunReport.Status> statuses = new ArrayList<>(2);
    int statusesDropped;

    Track(long id, Protocol protocol, long dialedAt, BucketGrid.Row lane) {
      this.id = id;
      this.protocol = protocol;
      this.dialedAt = dialedAt;
      this.lane = lane;
    }

    RunReport.Connection result() {
      return new RunReport.Connection(
          id, protocol, dialedAt, readyAt, localPort, maxStreams, flowId, closedAt, closeReason,
          closeDetail, ok, failed, cancelled, retried, pings, goAways, statuses, statusesDropped,
          RunReport.Counts.of(lane));
    }
  }
}
