package io.blastradius.core.live;

import io.blastradius.core.event.CloseReason;
import io.blastradius.core.event.Event.ConnStatus;
import io.blastradius.core.policy.Protocol;
import io.blastradius.core.proxy.FlowInfo.FlowState;

/**
 * A connection as {@link LiveModel} folds it: what its card shows, and the flow it joined.
 *
 * <p>Not thread-safe: guarded by the model's lock.
 */
final class Conn {
  final long id;
  Protocol protocol;
  boolean dialed;
  Flow flow;
  int port;
  ConnStatus status = ConnStatus.ACTIVE;
  String why = "";
  int active, held, peerMax;
  long ok, failed, cancelled, resetsSent, pingsSent;
  long dialedAt = -1, readyAt = -1, lastLifeAt = -1, pingSentAt = -1, closedAt = -1;
  boolean pingOutstanding, goAway;
  CloseReason closeReason;
  private ConnView cached;

  Conn(long id) {
    this.id = id;
  }

  void active(int delta) {
    active = Math.max(0, active + delta);
    touch();
  }

  void touch() {
    cached = null;
  }

  ConnState state() {
    // Closed by the run's end: the state it had at the end of the load (the shutdown is a detail).
    if (closedAt >= 0 && closeReason == CloseReason.SHUTDOWN) {
      if (status == ConnStatus.EVICTED) return ConnState.EVICTED;
      if (status == ConnStatus.DRAINING) return ConnState.DRAINING;
      if (status == ConnStatus.SUSPECT) return ConnState.SUSPECT;
      if (flow != null && (flow.state == FlowState.CLOSED ? flow.beforeClose : flow.state).isUnplugged()) {
        return ConnState.UNPLUGGED;
      }
      return readyAt >= 0 ? ConnState.LIVE : ConnState.CONNECTING;
    }
    if (closedAt >= 0) {
      return closeReason == CloseReason.EVICTED || status == ConnStatus.EVICTED
          ? ConnState.EVICTED
          : ConnState.CLOSED;
    }
    if (status == ConnStatus.EVICTED) return ConnState.EVICTED;
    if (status == ConnStatus.DRAINING) return ConnState.DRAINING;
    if (status == ConnStatus.SUSPECT) return ConnState.SUSPECT;
    if (flow != null && flow.unplugged()) return ConnState.UNPLUGGED;
    if (readyAt >= 0) return ConnState.LIVE;
    return ConnState.CONNECTING;
  }

  ConnView view() {
    ConnView v = cached;
    if (v == null) {
      v = new ConnView(
          id, protocol, flow == null ? 0 : flow.id, port, state(),
          flow == null ? null : flow.state, status, why, active, held, peerMax, ok, failed,
          cancelled, dialedAt, readyAt, lastLifeAt, pingOutstanding, pingSentAt, pingsSent,
          resetsSent, goAway, closedAt, closeReason);
      cached = v;
    }
    return v;
  }
}
