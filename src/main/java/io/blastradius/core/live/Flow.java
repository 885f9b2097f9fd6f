package io.blastradius.core.live;

import io.blastradius.core.proxy.FlowInfo.FlowState;

/**
 * A proxy flow as {@link LiveModel} folds it, and the connection it carries once joined.
 *
 * <p>Not thread-safe: guarded by the model's lock.
 */
final class Flow {
  final int id;
  final int port;
  FlowState state = FlowState.PLUGGED;
  /** The state the flow had when it closed (what a connection shut down with the run looked like). */
  FlowState beforeClose = FlowState.PLUGGED;
  long closedAt = -1;
  Conn conn;

  Flow(int id, int port) {
    this.id = id;
    this.port = port;
  }

  boolean unplugged() {
    return state.isUnplugged();
  }
}
