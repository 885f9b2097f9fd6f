package io.blastradius.core.event;

import java.util.ArrayList;
import java.util.List;

/**
 * An append-only, thread-safe list of every event of a run.
 *
 * <p>Threading: {@link #accept} may be called from any thread; appends are serialized by this
 * object's monitor (uncontended in practice: one pool event loop produces almost all events).
 * {@link #snapshot()} and {@link #since(int)} copy under the same monitor.
 */
public final class EventLog implements EventSink {
  private final List<Event> events = new ArrayList<>(1 << 16); // Guarded by this.

  @Override
  public synchronized void accept(Event event) {
    events.add(event);
  }

  public synchronized List<Event> snapshot() {
    return List.copyOf(events);
  }

  /** Events from index {@code from} on, for consumers that poll incrementally. */
  public synchronized List<Event> since(int from) {
    return List.copyOf(events.subList(Math.min(from, events.size()), events.size()));
  }

  public synchronized int size() {
    return events.size();
  }
}
