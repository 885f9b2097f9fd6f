package io.blastradius.core.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.blastradius.core.event.Event;
import io.blastradius.core.event.EventLog;
import io.blastradius.core.load.FaultPlan;
import io.blastradius.core.load.LoadConfig;
import io.blastradius.core.policy.PolicySpec;
import io.blastradius.core.server.ServerConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class RunLifecycleTest {

  static boolean ioThreadsAlive() {
    return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.isAlive() && t.getName().startsWith("blastradius-io"));
  }

  static void awaitNoIoThreads() throws InterruptedException {
    long until = System.nanoTime() + 10_000_000_000L;
    while (ioThreadsAlive() && System.nanoTime() < until) Thread.sleep(10); // bounded poll for shutdown
  }

  @Test
  void portInUseNamesTheAddressAndLeavesNothingRunning() throws Exception {
    awaitNoIoThreads();
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      int port = taken.getLocalPort();
      RunConfig config = RunConfig.of("t", PolicySpec.parse("h2-naive"), LoadConfig.sequential(10, Duration.ofSeconds(1)),
          ServerConfig.defaults().withPort(port), FaultPlan.none());
      IOException e = assertThrows(IOException.class, () -> Run.start(config, new EventLog()));
      assertTrue(e.getMessage().contains("127.0.0.1:" + port), e.getMessage());
    }
    awaitNoIoThreads();
    assertTrue(!ioThreadsAlive(), "no event-loop thread survives a failed start");
  }

  @Test
  void stopEndsALongRunAndRecordsIt() throws Exception {
    EventLog log = new EventLog();
    Run run = Run.start(RunConfig.of("t", PolicySpec.parse("h2-naive"), LoadConfig.sequential(10_000_000, Duration.ofSeconds(1)),
        ServerConfig.defaults(), FaultPlan.none()), log);
    while (run.issued() < 100) Thread.onSpinWait();
    run.stop();
    run.done().get();
    List<Event> events = log.snapshot();
    assertTrue(events.get(events.size() - 1) instanceof Event.RunFinished f && f.stopped(), "RunFinished(stopped) is the last event");
    long started = events.stream().filter(Event.RequestStarted.class::isInstance).count();
    long finished = events.stream().filter(Event.RequestFinished.class::isInstance).count();
    assertEquals(started, finished, "every started request has an ending, even when stopped");
    awaitNoIoThreads();
    assertTrue(!ioThreadsAlive());
  }
}
