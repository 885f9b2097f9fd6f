package io.blastradius.core.live;

import io.blastradius.core.event.Event;
import java.util.List;

/**
 * Connection-lifecycle, flow, fault, PING/GOAWAY and run events from the model's key ring, which
 * requests never push out: {@code events.get(i)} has sequence number {@code seqs[i]} (the same
 * numbering as {@link EventPage}). {@code dropped} counts key events in the asked range that had
 * left the key ring too.
 */
public record KeyEvents(long[] seqs, List<Event> events, long dropped) {
  public static final KeyEvents NONE = new KeyEvents(new long[0], List.of(), 0);

  /** The events the key ring keeps: everything but the per-request kinds. */
  public static boolean isKey(Event e) {
    return !(e instanceof Event.RequestStarted || e instanceof Event.RequestAssigned
        || e instanceof Event.RequestFinished || e instanceof Event.RequestRetried
        || e instanceof Event.StreamReset || e instanceof Event.SlotsHeld);
  }
}
