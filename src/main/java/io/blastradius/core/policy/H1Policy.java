package io.blastradius.core.policy;

import io.blastradius.core.event.CloseReason;
import java.time.Duration;
import java.util.List;

/**
 * {@code h1}: Go net/http's HTTP/1.1 Transport.
 *
 * <p>One request per connection at a time. When a request times out or is cancelled,
 * {@code persistConn.cancelRequest} closes the connection at once: whatever the network did, the
 * next request dials a fresh connection. That is why a black-holed flow costs HTTP/1 exactly one
 * request. The cost is a new TCP handshake after every timeout, healthy network or not. Idle
 * connections close after {@code idle} (Go's IdleConnTimeout, 90 s).
 */
public final class H1Policy implements PoolPolicy {
  public static final PolicyInfo INFO = new PolicyInfo(
      "h1", Protocol.H1,
      "Go net/http HTTP/1.1 Transport (persistConn.cancelRequest)",
      "HTTP/1.1 keep-alive. A timeout or cancel closes the connection at once, so a dead flow costs"
          + " one request and the next request dials a new connection. Parameter: idle (90s).",
      H1Policy::new);

  private final long idleNanos;

  public H1Policy(PolicySpec spec) {
    PolicySpec.Params p = spec.reader();
    this.idleNanos = p.duration("idle", Duration.ofSeconds(90)).toNanos();
    p.checkAllUsed();
  }

  @Override
  public String id() {
    return "h1";
  }

  @Override
  public Protocol protocol() {
    return Protocol.H1;
  }

  @Override
  public Placement place(List<Conn> conns, int dialing, long now) {
    // Go takes the most recently used idle connection (the end of its idle list).
    Conn best = null;
    for (Conn c : conns) {
      if (c.isReady() && c.activeStreams() == 0 && (best == null || c.lastStreamEndedAt() >= best.lastStreamEndedAt())) {
        best = c;
      }
    }
    return best != null ? Placement.use(best) : Placement.DIAL;
  }

  @Override
  public void onStreamTimedOut(Conn c, Stream s, long now, Actions a) {
    a.close(c, CloseReason.REQUEST_ABORTED, "request " + s.requestId + " timed out");
  }

  @Override
  public void onStreamCancelled(Conn c, Stream s, long now, Actions a) {
    a.close(c, CloseReason.REQUEST_ABORTED, "request " + s.requestId + " cancelled");
  }

  @Override
  public long nextTimer(Conn c, long now) {
    return c.activeStreams() == 0 ? c.lastStreamEndedAt() + idleNanos : NO_TIMER;
  }

  @Override
  public void onTimer(Conn c, long now, Actions a) {
    if (c.activeStreams() == 0 && now - c.lastStreamEndedAt() >= idleNanos) {
      a.close(c, CloseReason.IDLE, "idle for " + Duration.ofNanos(idleNanos).toSeconds() + "s");
    }
  }
}
