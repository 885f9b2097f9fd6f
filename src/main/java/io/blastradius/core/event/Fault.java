package io.blastradius.core.event;

/** The closed set of things the fault proxy can do to a flow. */
public enum Fault {
  /** Stop moving bytes both ways; nothing is closed (a black-holed route). */
  UNPLUG,
  /** Stop moving client-to-server bytes only. */
  UNPLUG_UPSTREAM,
  /** Stop moving server-to-client bytes only. */
  UNPLUG_DOWNSTREAM,
  /** Move bytes again, delivering what was held. */
  REPLUG,
  /** Add a fixed delay to every chunk in both directions (0 removes it). */
  LATENCY,
  /** Abort both sockets with a TCP RST. */
  RESET,
  /** Close both sockets with a FIN. */
  CLOSE;

  /** This fault black-holes the flow, in one or both directions (a REPLUG undoes it). */
  public boolean isUnplug() {
    return this == UNPLUG || this == UNPLUG_UPSTREAM || this == UNPLUG_DOWNSTREAM;
  }

  /** After this fault the flow carries nothing more: unplugged, reset or closed. */
  public boolean killsFlow() {
    return isUnplug() || this == RESET || this == CLOSE;
  }
}
