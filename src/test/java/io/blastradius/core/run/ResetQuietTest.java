package io.blastradius.core.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.blastradius.core.event.Event;
import io.blastradius.core.event.Fault;
import io.blastradius.core.load.FaultPlan;
import io.blastradius.core.load.LoadConfig;
import io.blastradius.core.policy.PolicySpec;
import io.blastradius.core.server.ServerConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The proxy's reset fault sends an RST to both the pool and the server: each side's connection
 * ends as a failure of that connection, never as a Netty WARNING with a stack trace on stderr.
 */
@Timeout(120)
class ResetQuietTest {
  @Test
  void aResetFlowLogsNoWarningOnEitherSide() throws Exception {
    List<String> warnings = new ArrayList<>();
    Handler capture = new Handler() {
      @Override
      public synchronized void publish(LogRecord r) {
        if (r.getLevel().intValue() >= Level.WARNING.intValue()) warnings.add(r.getLoggerName() + ": " + r.getMessage());
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    Logger root = Logger.getLogger("");
    root.addHandler(capture);
    try {
      for (String policy : List.of("h2-naive", "h1")) {
        FaultPlan resets = new FaultPlan(List.of(new FaultPlan.At(50, Fault.RESET, null, null),
            new FaultPlan.At(100, Fault.RESET, null, null)));
        List<Event> events = Runs.collect(RunConfig.of("reset", PolicySpec.parse(policy),
            LoadConfig.sequential(150, Duration.ofSeconds(2)), ServerConfig.defaults(), resets));
        assertEquals(2, events.stream().filter(e -> e instanceof Event.FlowFaulted f && f.fault() == Fault.RESET).count(), policy);
        assertTrue(events.stream().filter(Event.ConnectionDialed.class::isInstance).count() >= 3, policy + ": reset connections are replaced");
      }
    } finally {
      root.removeHandler(capture);
    }
    synchronized (capture) {
      assertEquals(List.of(), warnings);
    }
  }
}
