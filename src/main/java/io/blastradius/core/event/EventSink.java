package io.blastradius.core.event;

import java.util.List;

/**
 * Receives events as they happen. Implementations must be fast, thread-safe and never throw:
 * they are called on I/O threads at load-generator rates.
 */
@FunctionalInterface
public interface EventSink {
  void accept(Event event);

  EventSink NONE = e -> {};

  /** One sink that feeds several, in order; a throwing sink does not stop the others. */
  static EventSink tee(List<? extends EventSink> sinks) {
    EventSink[] all = sinks.toArray(EventSink[]::new);
    return e -> {
      for (EventSink s : all) {
        try {
          s.accept(e);
        } catch (RuntimeException ignored) {
          // A listener must never break the run; see the interface contract.
        }
      }
    };
  }

  static EventSink tee(EventSink... sinks) {
    return tee(List.of(sinks));
  }
}
