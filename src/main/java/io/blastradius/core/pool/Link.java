package io.blastradius.core.pool;

import io.blastradius.core.policy.Conn;
import io.blastradius.core.policy.FrameType;
import io.netty.util.collection.IntObjectHashMap;

/**
 * One pooled connection as the {@link PoolCore} keeps it: the {@link Conn} the policy reads, the
 * requests on the wire by stream id, the policy timer, and the {@link Transport.Wire} under it.
 *
 * <p>The public methods are how a transport reports what it read; each runs the core's
 * decisions at once. Confined to the scheduler's thread.
 */
public final class Link {
  final Conn conn;
  final PoolCore core;
  Transport.Wire wire;
  /** Requests on the wire, by stream id (0 for HTTP/1's one request). */
  final IntObjectHashMap<Request> inFlight = new IntObjectHashMap<>(4);
  /** The policy timer currently scheduled, and for when. */
  Scheduler.Cancellable timer;
  long timerAt = Long.MAX_VALUE;
  /** Set by {@link #failed}; tells the close reason when the connection goes inactive. */
  Throwable failure;
  boolean goAwayReceived;

  Link(Conn conn, PoolCore core) {
    this.conn = conn;
    this.core = core;
  }

  /** The connection the policy sees. */
  public Conn conn() {
    return conn;
  }

  /** Connected and (HTTP/2) the peer's first SETTINGS read: it can carry requests. */
  public void ready(int peerMaxStreams) {
    core.onReady(this, peerMaxStreams);
  }

  /** A later SETTINGS frame changed the peer's limit. */
  public void peerMaxStreamsChanged(int peerMaxStreams) {
    conn.peerMaxStreamsChanged(peerMaxStreams);
  }

  /** Any frame was read: the policy's evidence of life. */
  public void frame(FrameType type, int streamId) {
    core.onFrame(this, type, streamId);
  }

  /** The response HEADERS of {@code streamId} carried {@code status}. */
  public void status(int streamId, int status) {
    Request r = inFlight.get(streamId);
    if (r != null) r.status = status;
  }

  /** The response of {@code streamId} ended (END_STREAM), with the status read before. */
  public void complete(int streamId) {
    Request r = inFlight.get(streamId);
    if (r != null) core.onResponse(this, r, r.status);
  }

  /** A complete response with {@code status} arrived on {@code streamId}. */
  public void response(int streamId, int status) {
    Request r = inFlight.get(streamId);
    if (r != null) core.onResponse(this, r, status);
  }

  /** The peer reset {@code streamId}. */
  public void streamReset(int streamId, long errorCode) {
    core.onStreamReset(this, streamId, errorCode);
  }

  /** This side reset {@code streamId} on its own (the HTTP/2 codec, not an abort of the core's): it crossed the wire too. */
  public void ownReset(int streamId, long errorCode) {
    core.onOwnReset(this, streamId, errorCode);
  }

  public void pingAck(long payload) {
    core.onPingAck(this, payload);
  }

  public void goAway(long errorCode, int lastStreamId) {
    core.onGoAway(this, errorCode, lastStreamId);
  }

  /** An I/O error; the close that follows is reported as IO_ERROR with its message. */
  public void failed(Throwable cause) {
    if (failure == null) failure = cause;
  }

  /** The connection closed under us (peer close, reset, our own close) or never opened. */
  public void inactive() {
    core.onInactive(this);
  }

  /** Dialing failed before the connection was ever ready; {@code why} names the target and the cause. */
  public void dialFailed(String why) {
    core.onDialFailed(this, why);
  }

  int localPort() {
    return wire == null ? 0 : wire.localPort();
  }

  void forget(Request r) {
    if (r.stream != null) inFlight.remove(r.stream.id);
  }
}
