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

  /**
   * Runs {@code requests} healthy sequential requests per protocol on a throwaway stack and
   * discards them, so the measured run meets a JIT-compiled engine. A cold JVM needs tens of
   * milliseconds for its first requests: with a 10 ms timeout that alone would fail a few
   * requests that have nothing to do with the policy under test.
   */
  public static void warmUp(long requests) throws IOException, InterruptedException {
    if (requests <= 0) return;
    for (String policy : List.of("h1", "h2-naive")) {
      collect(RunConfig.of("warm-up", io.blastradius.core.policy.PolicySpec.of(policy),
          io.blastradius.core.load.LoadConfig.sequential(requests, java.time.Duration.ofSeconds(5)),
          io.blastradius.core.server.ServerConfig.defaults(), io.blastradius.core.load.FaultPlan.none()),
          e -> {}, 60_000);
    }
  }

  public static List<Event> collect(RunConfig config) throws IOException, InterruptedException {
    return collect(config, EventSink.NONE, Long.MAX_VALUE / 4);
  }

  /**
   * As {@link #collect(RunConfig, EventSink, long)} on the given engine: {@link Engine#SIM} runs
   * the config in virtual time ({@code limitMillis} does not apply: a simulated run ends by
   * itself), {@link Engine#REAL} on sockets.
   */
  public static List<Event> collect(RunConfig config, Engine engine, EventSink also, long limitMillis)
      throws IOException, InterruptedException {
    if (engine == Engine.REAL) return collect(config, also, limitMillis);
    EventLog log = new EventLog();
    io.blastradius.core.sim.SimRun.run(config, EventSink.tee(log, also));
    return log.snapshot();
  }
}
