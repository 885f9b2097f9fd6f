package io.blastradius.core.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.blastradius.core.event.Event;
import io.blastradius.core.event.Fault;
import io.blastradius.core.event.Outcome;
import io.blastradius.core.load.FaultPlan;
import io.blastradius.core.load.LoadConfig;
import io.blastradius.core.policy.PolicySpec;
import io.blastradius.core.server.ServerConfig;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * golang/go#63422 end to end, small: real server, real proxy, real pool, one process. HTTP/1 loses
 * about one request per unplug; naive HTTP/2 loses nearly every request after the first unplug.
 */
@Timeout(120)
class CascadeTest {
  static final int REQUESTS = 200;
  static final int UNPLUG_EVERY = 100; // unplugs before requests 50 and 150
  static final Duration TIMEOUT = Duration.ofMillis(25);

  static List<Event> run(String policy) throws Exception {
    LoadConfig load = LoadConfig.sequential(REQUESTS, TIMEOUT);
    return Runs.collect(RunConfig.of("cascade-test", PolicySpec.parse(policy), load, ServerConfig.defaults(),
        FaultPlan.unplugEvery(UNPLUG_EVERY)));
  }

  static long failures(List<Event> events) {
    return finished(events).stream().filter(f -> f.outcome().isFailure()).count();
  }

  static List<Event.RequestFinished> finished(List<Event> events) {
    return events.stream().filter(Event.RequestFinished.class::isInstance).map(Event.RequestFinished.class::cast).toList();
  }

  static long unplugs(List<Event> events) {
    return events.stream().filter(e -> e instanceof Event.FlowFaulted f && f.fault() == Fault.UNPLUG).count();
  }

  @Test
  void h1LosesAboutOneRequestPerUnplug() throws Exception {
    List<Event> events = run("h1");
    assertEquals(REQUESTS, finished(events).size(), "every request ends");
    long unplugs = unplugs(events);
    assertEquals(2, unplugs, "the schedule unplugs before requests 50 and 150");
    long failed = failures(events);
    assertTrue(failed >= 1 && failed <= unplugs + 1, "h1 fails at most one request per unplug, plus one: " + failed);
    long dials = events.stream().filter(Event.ConnectionDialed.class::isInstance).count();
    assertTrue(dials >= 1 + unplugs, "each timed-out request's connection is closed and a new one dialed: " + dials);
  }

  @Test
  void h2NaiveCascades() throws Exception {
    List<Event> events = run("h2-naive");
    List<Event.RequestFinished> done = finished(events);
    assertEquals(REQUESTS, done.size());
    long afterFirstUnplug = done.stream().filter(f -> f.requestId() >= UNPLUG_EVERY / 2).count();
    long failedAfter = done.stream().filter(f -> f.requestId() >= UNPLUG_EVERY / 2 && f.outcome().isFailure()).count();
    assertTrue(failedAfter >= 0.95 * afterFirstUnplug,
        "h2-naive fails >= 95% of requests after the first unplug: " + failedAfter + "/" + afterFirstUnplug);
    assertTrue(done.stream().filter(f -> f.requestId() < UNPLUG_EVERY / 2).allMatch(f -> f.outcome() == Outcome.OK),
        "before the unplug every request succeeds");
    long dead = done.stream().filter(f -> f.requestId() >= UNPLUG_EVERY / 2).map(Event.RequestFinished::connId).distinct().count();
    assertEquals(1, dead, "the dead connection takes every later request");
    assertTrue(events.stream().anyMatch(e -> e instanceof Event.StreamReset r && r.sent() && r.errorCode() == 8),
        "timed-out streams are reset with RST_STREAM(CANCEL)");
  }

  @Test
  void healthyNetworkLosesNothing() throws Exception {
    for (String policy : List.of("h1", "h2-naive")) {
      List<Event> events = Runs.collect(RunConfig.of("healthy", PolicySpec.parse(policy),
          LoadConfig.sequential(3000, Duration.ofSeconds(2)), ServerConfig.defaults(), FaultPlan.none()));
      assertEquals(3000, finished(events).size(), policy);
      assertEquals(0, failures(events), policy + " fails nothing on a healthy network");
      assertEquals(1, events.stream().filter(Event.ConnectionDialed.class::isInstance).count(), policy + " reuses one connection");
    }
  }

  @Test
  void concurrentWorkersShareOneHttp2Connection() throws Exception {
    List<Event> events = Runs.collect(RunConfig.of("concurrent", PolicySpec.parse("h2-naive"),
        LoadConfig.sequential(2000, Duration.ofSeconds(2)).withWorkers(16), ServerConfig.defaults(), FaultPlan.none()));
    assertEquals(2000, finished(events).stream().filter(f -> f.outcome() == Outcome.OK).count());
    assertEquals(1, events.stream().filter(Event.ConnectionDialed.class::isInstance).count(),
        "16 workers' first requests wait for one dial instead of opening 16 connections");
  }
}
