package io.blastradius.core.run;

import io.blastradius.core.event.Event;
import io.blastradius.core.event.EventLog;
import io.blastradius.core.event.EventSink;
import java.io.IOException;
import java.util.List;

/** Running a config to its end, for the CLI, benches, comparisons and tests. */
public final class Runs {
  private Runs() {}

  /**
   * Runs {@code config} to completion on a fresh stack and returns every event, in order. Stops
   * the run if it takes longer than {@code limitMillis}.
   */
  public static List<Event> collect(RunConfig config, EventSink also, long limitMillis)
      throws IOException, InterruptedException {
    EventLog log = new EventLog();
    Run run = Run.start(config, EventSink.tee(log, also));
    run.await(limitMillis);
    return log.snapshot();
  }

  public static List<Event> collect(RunConfig config) throws IOException, InterruptedException {
    return collect(config, EventSink.NONE, Long.MAX_VALUE / 4);
  }
}
