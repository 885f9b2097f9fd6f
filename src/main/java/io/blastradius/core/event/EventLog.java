package io.blastradius.core.event;

import java.util.ArrayList;
import java.util.List;

/**
 * An append-only, thread-safe list of the events of a short run, for tests and small tools that
 * want the list itself. It holds at most {@link #capacity()} events: a long run's history belongs
 * in a recording on disk, and its summaries are folds computed as the events stream
 * ({@link io.blastradius.core.score.ScoringSink}, {@code LiveModel}, the recording writer), so no
 * front end keeps a run's events. Past the capacity, events are counted and dropped, and {@link
 * #snapshot()} refuses to return a list with a hole in it.
 *
 * <p>Threading: {@link #accept} may be called from any thread; appends are serialized by this
 * object's monitor (uncontended in practice: one pool event loop produces almost all events).
 * {@link #snapshot()} and {@link #since(int)} copy under the same monitor.
 */
public final class EventLog implements EventSink {
  /** Events kept by default: about 50 MB of the small request records. */
  public static final int DEFAULT_CAPACITY = 1_000_000;

  private final int capacity;
  private final List<Event> events = new ArrayList<>(1 << 12); // Guarded by this.
  private long dropped; // Guarded by this.

  public EventLog() {
    this(DEFAULT_CAPACITY);
  }

  public EventLog(int capacity) {
    if (capacity < 1) throw new IllegalArgumentException("capacity must be >= 1, not " + capacity);
    this.capacity = capacity;
  }

  /** Never throws (the sink contract): past the capacity the event is counted and dropped. */
  @Override
  public synchronized void accept(Event event) {
    if (events.size() < capacity) events.add(event);
    else dropped++;
  }

  /**
   * Every event, in order.
   *
   * @throws IllegalStateException if events were dropped past the capacity
   */
  public synchronized List<Event> snapshot() {
    if (dropped > 0) {
      throw new IllegalStateException("the event log holds at most " + capacity + " events and "
          + dropped + " more were dropped: fold the events as they stream, or record them to a file");
    }
    return List.copyOf(events);
  }

  /** Events from index {@code from} on, for consumers that poll incrementally. */
  public synchronized List<Event> since(int from) {
    return List.copyOf(events.subList(Math.min(from, events.size()), events.size()));
  }

  public synchronized int size() {
    return events.size();
  }

  public int capacity() {
    return capacity;
  }

  /** Events refused because the log was full. */
  public synchronized long dropped() {
    return dropped;
  }
}
