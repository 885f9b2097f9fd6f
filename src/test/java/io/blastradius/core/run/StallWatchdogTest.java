package io.blastradius.core.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.blastradius.core.event.Event;
import io.blastradius.core.load.FaultPlan;
import io.blastradius.core.load.LoadConfig;
import io.blastradius.core.policy.PolicySpec;
import io.blastradius.core.server.ServerConfig;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A run that stops making progress (here: its event loop is held up, as when it died or the
 * process ran out of file descriptors) is stopped by the watchdog with a RunStalled event naming
 * why, and ends with the events so far instead of hanging forever.
 */
@Timeout(120)
class StallWatchdogTest {
  @Test
  void aRunWhoseLoopHangsIsStoppedWithTheResultsSoFar() throws Exception {
    ConcurrentLinkedQueue<Event> events = new ConcurrentLinkedQueue<>();
    CountDownLatch release = new CountDownLatch(1);
    AtomicLong finished = new AtomicLong();
    RunConfig config = RunConfig.of("stall", PolicySpec.parse("h1"), LoadConfig.sequential(1_000_000, Duration.ofSeconds(1)),
        ServerConfig.defaults(), FaultPlan.none());
    Run run = Run.start(config, e -> {
      events.add(e);
      if (e instanceof Event.RunStalled) release.countDown();
      if (e instanceof Event.RequestFinished && finished.incrementAndGet() == 100) {
        try {
          release.await(60, TimeUnit.SECONDS); // the loop thread hangs here
        } catch (InterruptedException ex) {
          Thread.currentThread().interrupt();
        }
      }
    }, Duration.ofSeconds(3));
    run.done().get(90, TimeUnit.SECONDS);
    assertNotNull(run.stalled());
    assertTrue(run.stalled().startsWith("no request ended for 3s after 100 of 1000000"), run.stalled());
    List<Event> all = List.copyOf(events);
    Event.RunStalled stalled = (Event.RunStalled) all.stream().filter(Event.RunStalled.class::isInstance).findFirst().orElseThrow();
    assertEquals(run.stalled(), stalled.why());
    Event last = all.get(all.size() - 1);
    assertEquals(new Event.RunFinished(last.t(), true), assertInstanceOf(Event.RunFinished.class, last), "stopped, last");
    assertTrue(all.stream().filter(Event.RequestFinished.class::isInstance).count() >= 100, "the results so far are kept");
  }

  @Test
  void theDefaultStallLimitCoversTheLongestLegitimateGap() {
    RunConfig quick = RunConfig.of("x", PolicySpec.parse("h1"), LoadConfig.sequential(1, Duration.ofMillis(10)),
        ServerConfig.defaults(), FaultPlan.none());
    assertEquals(Duration.ofSeconds(30), Run.stallAfter(quick), "never less than 30 s");
    RunConfig slow = RunConfig.of("x", PolicySpec.parse("h1"), LoadConfig.sequential(1, Duration.ofMinutes(1)),
        ServerConfig.defaults(), FaultPlan.none());
    assertEquals(Duration.ofMinutes(2), Run.stallAfter(slow), "a request may take its whole timeout");
  }
}
