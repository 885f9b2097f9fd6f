package io.blastradius.core.proxy;

/**
 * A snapshot of one flow, safe to read from any thread.
 *
 * @param clientPort the client's local port: joins the flow to the pool's connection
 * @param upBytes client-to-server bytes relayed; {@code lastUpAt} clock time of the last one (or -1)
 * @param heldBytes bytes read but held while unplugged, waiting for a replug
 */
public record FlowInfo(
    int id, int clientPort, FlowState state, long latencyNanos,
    long upBytes, long downBytes, long lastUpAt, long lastDownAt, long heldBytes) {

  public enum FlowState {
    PLUGGED, UNPLUGGED, UNPLUGGED_UPSTREAM, UNPLUGGED_DOWNSTREAM, CLOSED;

    /** Black-holed in one or both directions (the state an {@link io.blastradius.core.event.Fault#isUnplug} fault leaves). */
    public boolean isUnplugged() {
      return this == UNPLUGGED || this == UNPLUGGED_UPSTREAM || this == UNPLUGGED_DOWNSTREAM;
    }
  }

  /** Open and moving bytes both ways: the kind of flow the seed's schedule may unplug. */
  public boolean isLive() {
    return state == FlowState.PLUGGED;
  }
}
