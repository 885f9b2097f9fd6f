package io.blastradius.core.proxy;

import io.netty.channel.Channel;

/**
 * Watches a flow's client-side socket: {@link #install} adds its handlers to the accepted channel's
 * pipeline before the relay's own handler, so they see every chunk read from the client and every
 * chunk written to it. A tap must pass every message and event on unchanged and at once (see
 * {@code core.wire.WireDecoding}, the capture in {@code core.wire.Capture}).
 *
 * <p>Threading: called on the flow's event loop, once per flow, right after {@code FlowOpened}.
 */
@FunctionalInterface
public interface FlowTap {
  void install(int flowId, Channel client);

  /** The flow's connection to the target is up, just before the relay starts reading (on the flow's loop). */
  default void serverConnected(int flowId, Channel client, Channel server) {}
}
