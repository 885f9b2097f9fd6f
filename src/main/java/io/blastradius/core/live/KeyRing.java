package io.blastradius.core.live;

import io.blastradius.core.event.Event;
import java.util.ArrayList;
import java.util.List;

/**
 * The last {@link #CAPACITY} key events ({@link KeyEvents#isKey}: connection lifecycle, flows and
 * faults, PINGs, GOAWAYs, run start and end) with their sequence numbers, kept apart from the
 * model's ring of all events so that requests, however many, never push them out. Bounded.
 *
 * <p>Not thread-safe: {@link LiveModel} uses it under its lock.
 */
final class KeyRing {
  static final int CAPACITY = 20_000;

  private final Event[] events = new Event[CAPACITY];
  private final long[] seqs = new long[CAPACITY];
  private long next;

  /** Keeps {@code e} (folded as sequence number {@code seq}) if it is a key event. */
  void offer(Event e, long seq) {
    if (!KeyEvents.isKey(e)) return;
    int k = (int) (next % CAPACITY);
    events[k] = e;
    seqs[k] = seq;
    next++;
  }

  /** Key events with sequence numbers in [{@code fromSeq}, {@code toSeq}), oldest first. */
  KeyEvents between(long fromSeq, long toSeq) {
    long oldest = Math.max(0, next - CAPACITY);
    // Sequence numbers increase along the ring: binary search for the first >= fromSeq.
    long lo = oldest, hi = next;
    while (lo < hi) {
      long mid = (lo + hi) >>> 1;
      if (seqs[(int) (mid % CAPACITY)] < fromSeq) lo = mid + 1;
      else hi = mid;
    }
    List<Event> out = new ArrayList<>();
    List<Long> at = new ArrayList<>();
    for (long k = lo; k < next; k++) {
      long s = seqs[(int) (k % CAPACITY)];
      if (s >= toSeq) break;
      out.add(events[(int) (k % CAPACITY)]);
      at.add(s);
    }
    long dropped = oldest > 0 && seqs[(int) (oldest % CAPACITY)] > fromSeq ? oldest : 0;
    return new KeyEvents(at.stream().mapToLong(Long::longValue).toArray(), out, dropped);
  }
}
