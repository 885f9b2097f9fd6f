package io.blastradius.core.run;

import io.blastradius.core.event.Event;
import io.blastradius.core.event.EventLog;
import io.blastradius.core.event.EventSink;
import io.blastradius.core.score.Scorecard;
import io.blastradius.core.score.ScoringSink;
import java.io.IOException;
import java.util.List;

/** Running a config to its end, for the CLI, benches, comparisons and tests. */
public final class Runs {
  private Runs() {}

  /**
   * Runs {@code config} to completion on a fresh stack and returns its scorecard, folded as the
   * events happen (nothing keeps them: an hours-long run needs no more memory than a short one).
   * {@code also} sees every event too (a recording writer). Stops the run if it takes longer than
   * {@code limitMillis}.
   */
  public static Scorecard score(RunConfig config, EventSink also, long limitMillis)
      throws IOException, InterruptedException {
    return score(config, also, limitMillis, run -> {});
  }

  /** As above; {@code started} is told the run once its stack is up (e.g. to learn the proxy's port). */
  public static Scorecard score(RunConfig config, EventSink also, long limitMillis,
      java.util.function.Consumer<Run> started) throws IOException, InterruptedException {
    ScoringSink score = new ScoringSink();
    Run run = Run.start(config, also == EventSink.NONE ? score : EventSink.tee(score, also));
    started.accept(run);
    run.await(limitMillis);
    return score.result(config.policy().toString());
  }

  /**
   * Runs {@code config} to completion on a fresh stack and returns every event, in order. Stops
   * the run if it takes longer than {@code limitMillis}. For tests and short runs only: it keeps
   * every event ({@link EventLog}'s capacity bounds it); front ends fold instead ({@link #score}).
   */
  public static List<Event> collect(RunConfig config, EventSink also, long limitMillis)
      throws IOException, InterruptedException {
    return collect(config, also, limitMillis, run -> {});
  }

  /** As above; {@code started} is told the run once its stack is up (e.g. to learn the proxy's port). */
  public static List<Event> collect(RunConfig config, EventSink also, long limitMillis,
      java.util.function.Consumer<Run> started) throws IOException, InterruptedException {
    EventLog log = new EventLog();
    Run run = Run.start(config, EventSink.tee(log, also));
    started.accept(run);
    run.await(limitMillis);
    return log.snapshot();
  }

  /** {@link #collect(RunConfig, EventSink, long)} with another client side (a real client library). */
  public static List<Event> collect(RunConfig config, ClientSide.Factory client, EventSink also, long limitMillis)
      throws IOException, InterruptedException {
    EventLog log = new EventLog();
    Run run = Run.start(config, EventSink.tee(log, also), client);
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
    warmUp(requests, WireOptions.NONE);
  }

  /** As {@link #warmUp(long)}, on the same kind of wire as the runs that follow (TLS, decoder). */
  public static void warmUp(long requests, WireOptions wire) throws IOException, InterruptedException {
    if (requests <= 0) return;
    for (String policy : List.of("h1", "h2-naive")) {
      score(RunConfig.of("warm-up", io.blastradius.core.policy.PolicySpec.of(policy),
          io.blastradius.core.load.LoadConfig.sequential(requests, java.time.Duration.ofSeconds(5)),
          io.blastradius.core.server.ServerConfig.defaults(), io.blastradius.core.load.FaultPlan.none())
          .withWire(wire),
          EventSink.NONE, 60_000);
    }
  }

  public static List<Event> collect(RunConfig config) throws IOException, InterruptedException {
    return collect(config, EventSink.NONE, Long.MAX_VALUE / 4);
  }

  /**
   * As {@link #score(RunConfig, EventSink, long)} on the given engine: {@link Engine#SIM} runs the
   * config in virtual time ({@code limitMillis} and {@code started} do not apply: a simulated run
   * ends by itself and has no sockets), {@link Engine#REAL} on sockets.
   */
  public static Scorecard score(RunConfig config, Engine engine, EventSink also, long limitMillis,
      java.util.function.Consumer<Run> started) throws IOException, InterruptedException {
    if (engine == Engine.REAL) return score(config, also, limitMillis, started);
    ScoringSink score = new ScoringSink();
    io.blastradius.core.sim.SimRun.run(config, also == EventSink.NONE ? score : EventSink.tee(score, also));
    return score.result(config.policy().toString());
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
