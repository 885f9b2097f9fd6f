package io.blastradius.core.event;

/** Why the pool closed (or lost) a connection. */
public enum CloseReason {
  /** HTTP/1: a request on it timed out or was cancelled, so the connection was closed at once. */
  REQUEST_ABORTED,
  /** No streams for the idle timeout. */
  IDLE,
  /** A policy judged it dead (missed PING ACK, unhealthy) and closed it. */
  EVICTED,
  /** A policy stopped new streams on it and it closed once its last stream ended. */
  DRAINED,
  /** The peer sent GOAWAY. */
  GOAWAY,
  /** The peer closed the TCP connection (FIN). */
  PEER_CLOSED,
  /** A socket error: connection reset, refused, and the like. */
  IO_ERROR,
  /** The run ended. */
  SHUTDOWN
}
