package io.blastradius.core.live;

import io.blastradius.core.event.CloseReason;
import io.blastradius.core.event.Event;
import io.blastradius.core.event.Event.ConnStatus;
import io.blastradius.core.event.Fault;
import io.blastradius.core.policy.Protocol;
import io.blastradius.core.proxy.FlowInfo.FlowState;
import io.blastradius.core.score.ConnectionFlows;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@link LiveModel}'s connections and proxy flows: each connection's card state ({@link Conn}),
 * each flow's ({@link Flow}), which request is on which connection, and the join of connections to
 * flows by port ({@link ConnectionFlows}, the scorecard's join). A connection or flow closed long
 * before the latest event is forgotten (never one closed by the run's end), so memory follows the
 * open ones, not the run's length.
 *
 * <p>Not thread-safe: guarded by the model's lock, like everything the model folds.
 */
final class ConnectionFold {
  private static final long SECOND = 1_000_000_000L;

  private final long retainClosedNanos;
  private final TreeMap<Long, Conn> conns = new TreeMap<>();
  private final Map<Integer, Flow> flows = new HashMap<>();
  /** Joins connections to flows by port: the same join the scorecard uses. */
  private final ConnectionFlows joins = new ConnectionFlows();
  /** requestId -> connection the request is on now (active streams). */
  private final Map<Long, Conn> assigned = new HashMap<>();
  private long connectionsOpened, evictions;
  private int openConnections;

  ConnectionFold(long retainClosedNanos) {
    this.retainClosedNanos = retainClosedNanos;
  }

  void assigned(Event.RequestAssigned a) {
    Conn c = conn(a.connId(), a.t());
    Conn before = assigned.put(a.requestId(), c);
    if (before != c) {
      if (before != null) before.active(-1);
      c.active(+1);
    }
  }

  void finished(Event.RequestFinished f) {
    Conn on = assigned.remove(f.requestId());
    if (on != null) on.active(-1);
    Conn c = f.connId() != 0 ? conns.get(f.connId()) : on;
    if (c == null) return;
    switch (f.outcome()) {
      case OK -> {
        c.ok++;
        c.lastLifeAt = Math.max(c.lastLifeAt, f.t());
      }
      case TIMEOUT, ERROR -> c.failed++;
      case CANCELLED -> c.cancelled++;
    }
    c.touch();
  }

  void retried(Event.RequestRetried r) {
    Conn before = assigned.remove(r.requestId());
    if (before != null) before.active(-1);
  }

  void slotsHeld(Event.SlotsHeld h) {
    Conn c = conn(h.connId(), h.t());
    c.held = h.held();
    c.touch();
  }

  void streamReset(Event.StreamReset r) {
    if (!r.sent()) return;
    Conn c = conn(r.connId(), r.t());
    c.resetsSent++;
    c.touch();
  }

  void pingSent(Event.PingSent p) {
    Conn c = conn(p.connId(), p.t());
    c.pingOutstanding = true;
    c.pingSentAt = p.t();
    c.pingsSent++;
    c.touch();
  }

  void pingAcked(Event.PingAcked p) {
    Conn c = conn(p.connId(), p.t());
    c.pingOutstanding = false;
    c.lastLifeAt = Math.max(c.lastLifeAt, p.t());
    c.touch();
  }

  void dialed(Event.ConnectionDialed d) {
    Conn c = conn(d.connId(), d.t());
    c.protocol = d.protocol();
    c.touch();
  }

  void ready(Event.ConnectionReady r) {
    Conn c = conn(r.connId(), r.t());
    c.readyAt = r.t();
    c.port = r.localPort();
    c.peerMax = r.maxConcurrentStreams();
    c.lastLifeAt = Math.max(c.lastLifeAt, r.t());
    if (c.protocol == null) c.protocol = r.maxConcurrentStreams() == 1 ? Protocol.H1 : Protocol.H2;
    // Ready again with many streams: an HTTP/1.1 connection switched to HTTP/2 (h2c Upgrade, RFC 7540 §3.2).
    else if (c.protocol == Protocol.H1 && r.maxConcurrentStreams() > 1) c.protocol = Protocol.H2;
    if (c.flow == null && c.closedAt < 0) {
      joins.accept(r);
      Integer fid = joins.flowOf(r.connId());
      Flow f = fid == null ? null : flows.get(fid);
      if (f != null && f.conn == null) join(c, f);
    }
    c.touch();
  }

  void statusChanged(Event.ConnectionStatusChanged s) {
    Conn c = conn(s.connId(), s.t());
    if (s.status() == ConnStatus.EVICTED && c.status != ConnStatus.EVICTED) evictions++;
    c.status = s.status();
    c.why = s.why() == null ? "" : s.why();
    c.touch();
  }

  void closed(Event.ConnectionClosed cl) {
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

  void goAway(Event.GoAwayReceived g) {
    Conn c = conn(g.connId(), g.t());
    c.goAway = true;
    c.touch();
  }

  void flowOpened(Event.FlowOpened o) {
    Flow f = new Flow(o.flowId(), o.clientPort());
    flows.put(f.id, f);
    joins.accept(o);
    Long cid = joins.connOf(o.flowId());
    Conn c = cid == null ? null : conns.get(cid);
    if (c != null && c.closedAt < 0 && c.flow == null) join(c, f);
  }

  /** Applies a flow fault to its flow; returns the id of the flow's connection, 0 if none is known. */
  long flowFaulted(Event.FlowFaulted ff) {
    Flow f = flows.get(ff.flowId());
    Fault fault = ff.fault();
    if (f != null && f.state != FlowState.CLOSED) {
      if (fault.isUnplug()) {
        f.state = switch (fault) {
          case UNPLUG_UPSTREAM -> FlowState.UNPLUGGED_UPSTREAM;
          case UNPLUG_DOWNSTREAM -> FlowState.UNPLUGGED_DOWNSTREAM;
          default -> FlowState.UNPLUGGED;
        };
      } else if (fault == Fault.REPLUG) {
        f.state = FlowState.PLUGGED;
      }
    }
    if (f != null && f.conn != null) f.conn.touch();
    return f != null && f.conn != null ? f.conn.id : 0;
  }

  /** Another process's flow: it never joins a connection. */
  void flowOutside(Event.FlowOutside x) {
    Flow f = flows.remove(x.flowId());
    joins.forgetFlow(x.flowId());
    if (f != null && f.conn != null) {
      f.conn.flow = null;
      f.conn.touch();
    }
  }

  void flowClosed(Event.FlowClosed fc) {
    Flow f = flows.get(fc.flowId());
    if (f == null) return;
    if (f.state != FlowState.CLOSED) f.beforeClose = f.state;
    f.state = FlowState.CLOSED;
    f.closedAt = fc.t();
    joins.forgetFlow(f.id);
    if (f.conn != null) f.conn.touch();
  }

  private static void join(Conn c, Flow f) {
    c.flow = f;
    f.conn = c;
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

  /** Forgets connections and flows closed long before {@code lastEventT} (never shutdown ones). */
  void prune(long lastEventT) {
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

  /** The connections shown as of {@code now}: open ones, shutdown ones, and recently closed ones. */
  List<ConnView> views(long now) {
    List<ConnView> views = new ArrayList<>(conns.size());
    for (Conn c : conns.values()) {
      if (c.closedAt >= 0
          && c.closeReason != CloseReason.SHUTDOWN
          && now - c.closedAt > retainClosedNanos) continue;
      views.add(c.view());
    }
    return List.copyOf(views);
  }

  /** Flows held (the flow table and the join's). */
  int flowsHeld() {
    return flows.size() + joins.size();
  }

  long connectionsOpened() { return connectionsOpened; }
  long evictions() { return evictions; }
  int openConnections() { return openConnections; }
}
