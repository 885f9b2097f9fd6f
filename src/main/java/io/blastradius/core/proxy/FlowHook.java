package io.blastradius.core.proxy;

import io.netty.channel.Channel;

/**
 * Lets a caller put its own handlers on a flow's two sockets (fault handlers of the external mode,
 * for instance) before the flow relays its first byte.
 *
 * <p>What a handler sees: the relay writes every chunk it moves to the destination socket's
 * pipeline, so an outbound handler there sees each chunk as a {@code write}, and a flow's next
 * chunk is read only once that write's promise completes (backpressure: a handler that holds a
 * promise stops the source). A source's FIN is passed on as an empty write followed by a close.
 *
 * <p>Threading: called on the flow's event loop, which both channels share; it must not block.
 * A hook that throws is ignored: the flow goes on without it.
 */
@FunctionalInterface
public interface FlowHook {
  /**
   * The flow's connection to the target is up and nothing has been relayed yet.
   *
   * @param client the accepted socket (server-to-client bytes are written to it)
   * @param server the socket to the target (client-to-server bytes are written to it)
   */
  void connected(int flowId, Channel client, Channel server);

  FlowHook NONE = (flowId, client, server) -> {};

  /** This hook, then {@code next}: how several concerns (faults, capture, a wire tap) share a proxy. */
  default FlowHook andThen(FlowHook next) {
    FlowHook first = this;
    return (flowId, client, server) -> {
      try {
        first.connected(flowId, client, server);
      } finally {
        next.connected(flowId, client, server);
      }
    };
  }
}
