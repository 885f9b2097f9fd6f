package io.blastradius.core.live;

import io.blastradius.core.event.Event;
import java.util.ArrayList;
import java.util.List;

/**
 * The last events folded by {@link LiveModel}, all kinds, for the event log: a fixed ring, each
 * event numbered by its fold order from 0. Bounded: the oldest is overwritten.
 *
 * <p>Not thread-safe: {@link LiveModel} uses it under its lock.
 */
final class EventRing {
  private final Event[] ring;
  private long nextSeq;

  EventRing(int capacity) {
    if (capacity < 1) throw new IllegalArgumentException("ringCapacity must be >= 1");
    this.ring = new Event[capacity];
  }

  /** Keeps {@code e} and returns its sequence number. */
  long add(Event e) {
    long seq = nextSeq++;
    ring[(int) (seq % ring.length)] = e;
    return seq;
  }

  /** Events with sequence number {@code >= seq} still in the ring. */
  EventPage after(long seq) {
    long oldest = Math.max(0, nextSeq - ring.length);
    long from = Math.max(Math.max(seq, 0), oldest);
    long dropped = Math.max(0, oldest - Math.max(seq, 0));
    List<Event> out = new ArrayList<>((int) Math.max(0, nextSeq - from));
    for (long s = from; s < nextSeq; s++) out.add(ring[(int) (s % ring.length)]);
    return new EventPage(from, out, nextSeq, dropped);
  }
}
