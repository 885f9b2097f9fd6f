package io.blastradius.core.live;

import io.blastradius.core.event.Event;
import java.util.List;

/**
 * Recent events from the model's ring: {@code events.get(i)} has sequence number
 * {@code firstSeq + i}; {@code nextSeq} is the number to ask for next; {@code dropped} counts
 * events after the asked-for sequence number that had already left the ring.
 */
public record EventPage(long firstSeq, List<Event> events, long nextSeq, long dropped) {}
