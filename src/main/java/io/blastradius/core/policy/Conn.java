package io.blastradius.core.policy;

import io.blastradius.core.event.Event.ConnStatus;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the pool knows about one connection: the facts the transport maintains (streams on the
 * wire, frames read, pings) and the few fields a policy owns (held slots, status, its own state).
 * No sockets: policies are tested by building these by hand.
 *
 * <p>Threading: confined to the pool's event loop. Nothing here is synchronized.
 */
public final class Conn {
  public static final long NEVER = Long.MIN_VALUE;

  public final long id;
  public final Protocol protocol;
  public final long dialedAt;

  // Maintained by the transport.
  boolean ready;
  boolean closed;
  int peerMaxStreams = Integer.MAX_VALUE;
  final Map<Integer, Stream> streams = new LinkedHashMap<>();
  long lastFrameReadAt = NEVER;
  long lastHeadersOrDataReadAt = NEVER;
  long lastStreamEndedAt;
  long pingPayload;
  long pingSentAt = NEVER;
  long lastPingAckAt = NEVER;
  long lastRttNanos = -1;
  long requestsOk;
  long requestsFailed;

  // Owned by the policy.
  int heldSlots;
  ConnStatus status = ConnStatus.ACTIVE;
  /** Free for the policy's own per-connection bookkeeping. */
  public Object policyState;

  public Conn(long id, Protocol protocol, long dialedAt) {
    this.id = id;
    this.protocol = protocol;
    this.dialedAt = dialedAt;
    this.lastStreamEndedAt = dialedAt;
  }

  public boolean isReady() { return ready && !closed; }
  public boolean isClosed() { return closed; }
  /** SETTINGS_MAX_CONCURRENT_STREAMS as the peer advertised it (1 for HTTP/1). */
  public int peerMaxStreams() { return peerMaxStreams; }
  /** Streams whose HEADERS were sent and that have neither ended nor been reset. */
  public int activeStreams() { return streams.size(); }
  public Map<Integer, Stream> streams() { return streams; }
  public int heldSlots() { return heldSlots; }
  public ConnStatus status() { return status; }
  public long lastFrameReadAt() { return lastFrameReadAt; }
  public long lastHeadersOrDataReadAt() { return lastHeadersOrDataReadAt; }
  /** When the last stream ended, or when dialed if none has; meaningful while idle. */
  public long lastStreamEndedAt() { return lastStreamEndedAt; }
  public boolean pingOutstanding() { return pingSentAt != NEVER; }
  public long pingSentAt() { return pingSentAt; }
  public long pingPayload() { return pingPayload; }
  public long lastPingAckAt() { return lastPingAckAt; }
  /** Round trip of the last PING, or -1 if none was acked. */
  public long lastRttNanos() { return lastRttNanos; }
  public long requestsOk() { return requestsOk; }
  public long requestsFailed() { return requestsFailed; }

  /** Slots the client counts against the peer's limit: streams on the wire plus held ones. */
  public int slotsUsed() { return streams.size() + heldSlots; }

  /** Whether one more stream fits under the peer's limit and the client's own cap. */
  public boolean hasRoom(int clientCap) {
    return slotsUsed() < Math.min(peerMaxStreams, clientCap);
  }

  public void setHeldSlots(int held) {
    if (held < 0) throw new IllegalArgumentException("held < 0: " + held);
    this.heldSlots = held;
  }

  public void setStatus(ConnStatus status) {
    this.status = status;
  }

  // ---- Transport-side mutators (also used by tests to script a connection). ----

  public Conn markReady(int peerMaxStreams, long now) {
    this.ready = true;
    this.peerMaxStreams = peerMaxStreams;
    this.lastFrameReadAt = now;
    return this;
  }

  /** A later SETTINGS frame changed the peer's limit. */
  public void peerMaxStreamsChanged(int peerMaxStreams) {
    this.peerMaxStreams = peerMaxStreams;
  }

  public void markClosed() {
    this.closed = true;
  }

  public Stream openStream(int streamId, long requestId, long now) {
    Stream s = new Stream(streamId, requestId, now);
    streams.put(streamId, s);
    return s;
  }

  /** Removes a stream that ended, was reset or failed; returns it, or null if unknown. */
  public Stream endStream(int streamId, long now) {
    Stream s = streams.remove(streamId);
    if (s != null && streams.isEmpty()) lastStreamEndedAt = now;
    return s;
  }

  /** A frame arrived; {@code streamId} 0 for connection frames. */
  public void frameRead(FrameType type, int streamId, long now) {
    lastFrameReadAt = now;
    if (type == FrameType.HEADERS || type == FrameType.DATA) lastHeadersOrDataReadAt = now;
    if (streamId != 0 && type.isStreamFrame()) {
      Stream s = streams.get(streamId);
      if (s != null) s.framesRead++;
    }
  }

  public void pingSent(long payload, long now) {
    pingPayload = payload;
    pingSentAt = now;
  }

  /** Records a PING ACK; returns true when it answers the outstanding ping. */
  public boolean pingAcked(long payload, long now) {
    lastPingAckAt = now;
    if (pingSentAt != NEVER && payload == pingPayload) {
      lastRttNanos = now - pingSentAt;
      pingSentAt = NEVER;
      return true;
    }
    return false;
  }

  public void countOutcome(boolean ok) {
    if (ok) requestsOk++;
    else requestsFailed++;
  }

  @Override
  public String toString() {
    return "Conn#" + id + "[" + protocol + " " + status + " streams=" + streams.size()
        + " held=" + heldSlots + "/" + peerMaxStreams + (closed ? " closed" : "") + "]";
  }
}
