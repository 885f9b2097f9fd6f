package io.blastradius.core.policy;

import java.util.List;

/**
 * The decisions of a connection pool, with no sockets, threads or sleeps: every method takes the
 * state it decides over and {@code now}, and answers with a {@link Placement} or with calls on
 * {@link Actions}. The transport feeds it events in the order they happened on the pool's event
 * loop. One instance serves one pool (one run) and may keep state across connections (e.g. a
 * host's failure streak); per-connection state goes in {@link Conn#policyState}.
 *
 * <p>Each implementation documents the real client it models and the trade-off it makes.
 */
public interface PoolPolicy {
  long NO_TIMER = Long.MAX_VALUE;

  /** The id a user types ({@code h2-naive}, ...). */
  String id();

  Protocol protocol();

  /**
   * Where the next request goes. {@code conns} are the pool's open connections in dial order
   * (ready or still connecting); {@code dialing} is how many of them are not ready yet.
   */
  Placement place(List<Conn> conns, int dialing, long now);

  /** TCP connected and (HTTP/2) the peer's first SETTINGS read. */
  default void onReady(Conn c, long now, Actions a) {}

  /** A request's HEADERS were written on {@code s}. */
  default void onStreamOpened(Conn c, Stream s, long now, Actions a) {}

  /** A complete response arrived on {@code s}; it is already off {@link Conn#streams()}. */
  default void onStreamSucceeded(Conn c, Stream s, long now, Actions a) {}

  /**
   * {@code s} hit its request timeout. The transport has already removed it from the
   * connection's streams and (HTTP/2) written RST_STREAM(CANCEL); HTTP/1 policies decide what
   * happens to the connection.
   */
  default void onStreamTimedOut(Conn c, Stream s, long now, Actions a) {}

  /** The caller cancelled {@code s} before its deadline; handled like a timeout on the wire. */
  default void onStreamCancelled(Conn c, Stream s, long now, Actions a) {
    onStreamTimedOut(c, s, now, a);
  }

  /** The server reset {@code s} or the stream failed otherwise; it is already removed. */
  default void onStreamFailed(Conn c, Stream s, long now, Actions a) {}

  /** Any frame was read ({@link Conn#frameRead} has run). */
  default void onFrameRead(Conn c, FrameType type, int streamId, long now, Actions a) {}

  /** A PING ACK was read; {@code ours} when it answers the outstanding ping. */
  default void onPingAck(Conn c, long payload, boolean ours, long now, Actions a) {}

  /** The connection closed, for whatever reason. */
  default void onClosed(Conn c, long now) {}

  /** The earliest time this policy wants {@link #onTimer} for {@code c}, or NO_TIMER. */
  default long nextTimer(Conn c, long now) {
    return NO_TIMER;
  }

  default void onTimer(Conn c, long now, Actions a) {}

  /** A request finished with this outcome (host-level policies count streaks here). */
  default void onRequestOutcome(boolean ok, long now) {}

  /** Whether a request whose connection this policy killed may be placed again (retry). */
  default boolean retryOnEviction() {
    return false;
  }
}
