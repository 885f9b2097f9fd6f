package io.blastradius.core.live;

/**
 * What a connection card shows, derived from the pool's and the proxy's events. When several
 * apply, the most final wins: CLOSED/EVICTED, then DRAINING, SUSPECT (the policy reacted),
 * UNPLUGGED (the network is cut but the policy has not noticed), LIVE, CONNECTING.
 */
public enum ConnState {
  /** Dialed; TCP or the peer's SETTINGS not yet done. */
  CONNECTING,
  /** Ready and, as far as the pool knows, healthy. */
  LIVE,
  /** Its proxy flow was unplugged (both ways or one way) and the policy has not reacted. */
  UNPLUGGED,
  /** The policy suspects it is dead: no new streams until evidence of life. */
  SUSPECT,
  /** The policy stopped new streams on it; it closes when its last stream ends. */
  DRAINING,
  /** The policy judged it dead and closed it. */
  EVICTED,
  /** Closed for any other reason (request aborted, idle, GOAWAY, peer, I/O error, shutdown). */
  CLOSED;

  public boolean isClosed() {
    return this == EVICTED || this == CLOSED;
  }
}
