package io.blastradius.core.event;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.blastradius.core.policy.Protocol;

/**
 * Everything that happens in a run, as a closed family of immutable, timestamped values.
 * Summaries, scorecards, charts, replays and exports are all functions of a list of these.
 *
 * <p>{@code t} is nanoseconds since the run started, read from the run's one {@link
 * io.blastradius.core.time.Clock}. Connection ids are the pool's (1, 2, ...); flow ids are the
 * proxy's (1, 2, ...); a connection and its flow are joined by the client's local port.
 *
 * <p>The {@code kind} names are part of the recording format: never rename one, only add.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
  @JsonSubTypes.Type(value = Event.RunStarted.class, name = "run-started"),
  @JsonSubTypes.Type(value = Event.RunFinished.class, name = "run-finished"),
  @JsonSubTypes.Type(value = Event.RequestStarted.class, name = "request-started"),
  @JsonSubTypes.Type(value = Event.RequestAssigned.class, name = "request-assigned"),
  @JsonSubTypes.Type(value = Event.RequestRetried.class, name = "request-retried"),
  @JsonSubTypes.Type(value = Event.RequestFinished.class, name = "request-finished"),
  @JsonSubTypes.Type(value = Event.ConnectionDialed.class, name = "connection-dialed"),
  @JsonSubTypes.Type(value = Event.ConnectionReady.class, name = "connection-ready"),
  @JsonSubTypes.Type(value = Event.ConnectionStatusChanged.class, name = "connection-status"),
  @JsonSubTypes.Type(value = Event.SlotsHeld.class, name = "slots-held"),
  @JsonSubTypes.Type(value = Event.ConnectionClosed.class, name = "connection-closed"),
  @JsonSubTypes.Type(value = Event.StreamReset.class, name = "stream-reset"),
  @JsonSubTypes.Type(value = Event.PingSent.class, name = "ping-sent"),
  @JsonSubTypes.Type(value = Event.PingAcked.class, name = "ping-acked"),
  @JsonSubTypes.Type(value = Event.GoAwayReceived.class, name = "goaway-received"),
  @JsonSubTypes.Type(value = Event.FlowOpened.class, name = "flow-opened"),
  @JsonSubTypes.Type(value = Event.FlowFaulted.class, name = "flow-fault"),
  @JsonSubTypes.Type(value = Event.FlowClosed.class, name = "flow-closed"),
  @JsonSubTypes.Type(value = Event.FlowOutside.class, name = "flow-outside"),
  @JsonSubTypes.Type(value = Event.RunStalled.class, name = "run-stalled"),
  @JsonSubTypes.Type(value = Event.ServerPingReceived.class, name = "server-ping"),
  @JsonSubTypes.Type(value = Event.ServerGoAwaySent.class, name = "server-goaway"),
  @JsonSubTypes.Type(value = Event.WireProtocol.class, name = "wire-protocol"),
  @JsonSubTypes.Type(value = Event.WireHeaders.class, name = "wire-headers"),
  @JsonSubTypes.Type(value = Event.WireData.class, name = "wire-data"),
  @JsonSubTypes.Type(value = Event.WireReset.class, name = "wire-rst"),
  @JsonSubTypes.Type(value = Event.WirePing.class, name = "wire-ping"),
  @JsonSubTypes.Type(value = Event.WireSettings.class, name = "wire-settings"),
  @JsonSubTypes.Type(value = Event.WireGoAway.class, name = "wire-goaway"),
  @JsonSubTypes.Type(value = Event.WireWindowUpdate.class, name = "wire-window-update"),
  @JsonSubTypes.Type(value = Event.WireHttp1.class, name = "wire-h1"),
  @JsonSubTypes.Type(value = Event.WireUndecoded.class, name = "wire-undecoded"),
  @JsonSubTypes.Type(value = Event.WireSummary.class, name = "wire-summary"),
})
public sealed interface Event {

  /** Nanoseconds since the run started. */
  long t();

  /** A run began: which policy (with its parameters, as given) and which scenario. */
  record RunStarted(long t, String policy, String scenario) implements Event {}

  /**
   * No request ended for too long (the event loop died or hangs, the process ran out of file
   * descriptors): the run is stopped and {@link RunFinished} follows with what was done so far.
   */
  record RunStalled(long t, String why) implements Event {}

  /** A run ended (completed or stopped). */
  record RunFinished(long t, boolean stopped) implements Event {}

  /** A request was issued by a load worker. */
  record RequestStarted(long t, long requestId, int worker) implements Event {}

  /** The pool put a request on a connection; {@code streamId} is 0 for HTTP/1. */
  record RequestAssigned(long t, long requestId, long connId, int streamId) implements Event {}

  /** An attempt failed and the request is being placed again (the retry modifier). */
  record RequestRetried(long t, long requestId, long fromConnId, String why) implements Event {}

  /**
   * A request ended. {@code connId} is 0 when it never reached a connection. {@code error} names
   * the failure ({@code null} when OK). {@code latencyNanos} runs from RequestStarted.
   */
  record RequestFinished(
      long t, long requestId, long connId, int streamId, Outcome outcome, String error,
      long latencyNanos)
      implements Event {}

  record ConnectionDialed(long t, long connId, Protocol protocol) implements Event {}

  /**
   * The connection can carry requests: TCP connected and, for HTTP/2, the peer's SETTINGS read.
   * {@code maxConcurrentStreams} is the peer's limit (1 for HTTP/1).
   */
  record ConnectionReady(long t, long connId, int localPort, int maxConcurrentStreams)
      implements Event {}

  /** A policy changed what the pool may do with a connection, and why. */
  record ConnectionStatusChanged(long t, long connId, ConnStatus status, String why)
      implements Event {}

  /**
   * Slots a policy keeps counted against the peer's limit after their streams were reset
   * (h2-go-pending-resets' {@code pendingResets}). Emitted whenever the number changes.
   */
  record SlotsHeld(long t, long connId, int held) implements Event {}

  record ConnectionClosed(long t, long connId, CloseReason reason, String detail)
      implements Event {}

  /** An RST_STREAM, sent by the client ({@code sent}) or received from the server. */
  record StreamReset(long t, long connId, int streamId, long errorCode, boolean sent)
      implements Event {}

  record PingSent(long t, long connId, long payload) implements Event {}

  record PingAcked(long t, long connId, long payload, long rttNanos) implements Event {}

  record GoAwayReceived(long t, long connId, long errorCode, int lastStreamId) implements Event {}

  /** The proxy accepted a client connection; {@code clientPort} is that client's local port. */
  record FlowOpened(long t, int flowId, int clientPort) implements Event {}

  /** A fault was applied to a flow; {@code detail} carries parameters (e.g. "200ms"). */
  record FlowFaulted(long t, int flowId, Fault fault, String detail) implements Event {}

  record FlowClosed(long t, int flowId, String why) implements Event {}

  /**
   * The flow just opened is not one of the pool's connections (another process connected to the
   * proxy): the fault schedule never picks it and no pool connection joins it. Follows its
   * {@link FlowOpened}. Recordings made before this kind existed simply have none.
   */
  record FlowOutside(long t, int flowId, int clientPort) implements Event {}

  /** The embedded server read a PING; {@code strikes} after counting it. */
  record ServerPingReceived(long t, long serverConnId, int strikes) implements Event {}

  record ServerGoAwaySent(long t, long serverConnId, long errorCode, String debug)
      implements Event {}

  // --- the wire: what the fault proxy decoded from a flow's bytes (core.wire) -------------------
  // fromClient: the frame went from the pool (the client) towards the server; false: the other way.
  // The decoder sees the client's side of the flow: what the client wrote, what it was sent.

  /** A flow's protocol was recognised: "h2" (prior knowledge), "h2c-upgrade", "http/1.1". */
  record WireProtocol(long t, int flowId, String protocol) implements Event {}

  /** A HEADERS frame (with its CONTINUATIONs) on a stream. */
  record WireHeaders(long t, int flowId, int streamId, boolean fromClient, boolean endStream) implements Event {}

  /**
   * The DATA frame that ended a stream's side ({@code endStream} always true: DATA frames that do
   * not end their stream are only counted, in {@link WireSummary}); {@code bytes} is every DATA
   * payload byte of that stream and side.
   */
  record WireData(long t, int flowId, int streamId, boolean fromClient, long bytes, boolean endStream)
      implements Event {}

  /** An RST_STREAM with its error code (RFC 7540 §7). */
  record WireReset(long t, int flowId, int streamId, boolean fromClient, long errorCode) implements Event {}

  record WirePing(long t, int flowId, boolean fromClient, boolean ack, long payload) implements Event {}

  /** A SETTINGS frame (not an ACK); {@code maxConcurrentStreams} -1 when it does not set it. */
  record WireSettings(long t, int flowId, boolean fromClient, long maxConcurrentStreams) implements Event {}

  record WireGoAway(long t, int flowId, boolean fromClient, int lastStreamId, long errorCode) implements Event {}

  /** A connection-level WINDOW_UPDATE (stream 0); stream-level ones are only counted, in {@link WireSummary}. */
  record WireWindowUpdate(long t, int flowId, boolean fromClient, int streamId, int increment) implements Event {}

  /** An HTTP/1.1 message ended: a request ({@code status} 0) or a response with its status. */
  record WireHttp1(long t, int flowId, boolean fromClient, int status) implements Event {}

  /**
   * Bytes that do not parse (garbage, TLS not intercepted, a broken frame) at {@code offset} of
   * that side's byte stream. The decoder stops decoding the flow; the relay goes on untouched.
   */
  record WireUndecoded(long t, int flowId, boolean fromClient, long offset, String why) implements Event {}

  /** When a decoded flow ends: its frame counts, both ways together, including those not recorded one by one. */
  record WireSummary(long t, int flowId, long frames, long dataFrames, long dataBytes, long windowUpdates)
      implements Event {}

  /** What a policy allows on a connection. */
  enum ConnStatus {
    /** Takes new streams. */
    ACTIVE,
    /** Suspected dead: no new streams until evidence arrives (a PING ACK or a frame). */
    SUSPECT,
    /** No new streams ever; closes when its last stream ends. */
    DRAINING,
    /** Judged dead and closed by the policy. */
    EVICTED
  }
}
