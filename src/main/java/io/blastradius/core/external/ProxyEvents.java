package io.blastradius.core.external;

import io.blastradius.core.event.Event;

/**
 * Receives every event of every external proxy, with the proxy it came from (flow ids are per
 * proxy). Same contract as {@link io.blastradius.core.event.EventSink}: called on I/O threads,
 * fast, thread-safe, never throws.
 */
@FunctionalInterface
public interface ProxyEvents {
  void accept(ExternalProxy proxy, Event event);

  /**
   * A change made to a proxy (through the API, the window or the CLI), in words: "toxic slow
   * added (downstream, latency=200 jitter=0)", "enabled", "disabled", "deleted".
   */
  default void changed(ExternalProxy proxy, String what) {}

  ProxyEvents NONE = (p, e) -> {};
}
