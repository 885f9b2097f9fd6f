package io.blastradius.core.event;

/** How a request ended, as its caller saw it. */
public enum Outcome {
  OK,
  /** The request's own deadline passed before a complete response arrived. */
  TIMEOUT,
  /** The client gave up on purpose before the deadline (a user cancel, not a failure of the network). */
  CANCELLED,
  /** Anything else: the connection closed, a GOAWAY, an eviction, no connection could be had. */
  ERROR;

  public boolean isFailure() {
    return this == TIMEOUT || this == ERROR;
  }
}
