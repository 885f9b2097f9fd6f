package io.blastradius.core.policy;

import io.blastradius.core.event.CloseReason;
import io.blastradius.core.event.Event.ConnStatus;

/**
 * What a policy may ask the transport to do. The pool implements it with sockets; tests with a
 * recorder. Calls take effect after the policy method returns, in order.
 */
public interface Actions {
  /** Send a PING on the connection (the transport records it in {@link Conn#pingSent}). */
  void sendPing(Conn c);

  /**
   * Close the connection now. Streams still on it fail with {@code reason}; with the retry
   * modifier, idempotent ones are placed again once.
   */
  void close(Conn c, CloseReason reason, String detail);

  /** Change the connection's status (and say why); DRAINING connections close when empty. */
  void setStatus(Conn c, ConnStatus status, String why);

  /** Set the held-slot count (announced as a SlotsHeld event). */
  void holdSlots(Conn c, int held);
}
