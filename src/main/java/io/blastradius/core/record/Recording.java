package io.blastradius.core.record;

import io.blastradius.core.event.Event;
import io.blastradius.core.score.Scorecard;
import java.util.List;
import java.util.Objects;

/**
 * A recording read back.
 *
 * @param header line 1
 * @param events every event read intact, in the order written
 * @param summary the scorecard the writer computed when the run ended; {@code null} when the file
 *     is truncated or has no summary line
 * @param truncated the file ended (or was damaged) before its end; {@code events} are those read
 *     intact up to that point
 */
public record Recording(RecordingHeader header, List<Event> events, Scorecard summary, boolean truncated) {

  public Recording {
    Objects.requireNonNull(header, "header");
    events = List.copyOf(events);
  }

  /** The scorecard recomputed from the events, under the header's policy. */
  public Scorecard rescore() {
    return Scorecard.of(header.policy(), events);
  }
}
