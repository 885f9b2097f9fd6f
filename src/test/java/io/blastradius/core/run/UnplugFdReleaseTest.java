package io.blastradius.core.run;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.UnixOperatingSystemMXBean;
import io.blastradius.core.event.Event;
import io.blastradius.core.event.Fault;
import io.blastradius.core.load.FaultPlan;
import io.blastradius.core.load.LoadConfig;
import io.blastradius.core.policy.PolicySpec;
import io.blastradius.core.server.ServerConfig;
import io.blastradius.core.testutil.Waits;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Hours-long runs in bounded file descriptors: 200 unplugs under h1, each of which the pool answers
 * by closing the dead connection, leave the process's open-fd count where it was. Before flows were
 * released, each unplug kept three sockets for the rest of the run (the proxy's client side in
 * CLOSE-WAIT, its connection to the server, and the server's end of that): +600 here.
 */
@Timeout(180)
class UnplugFdReleaseTest {
  static final int UNPLUGS = 200;
  /**
   * fds allowed above the baseline when sampled mid-run: the baseline has one live connection (pool
   * socket, proxy's two, server's one); at any instant there may be a replacement connection being
   * dialed (4 more) and the newest dead flow between the pool's close and the proxy's release (3),
   * and the JVM may open a file or two of its own (a jar, a class-data file). 12 covers that and is
   * 50 times smaller than what 200 leaked flows cost.
   */
  static final int TOLERANCE = 12;

  static long openFds() {
    return ((UnixOperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getOpenFileDescriptorCount();
  }

  @Test
  void twoHundredUnplugsReturnTheFdCountToItsBaseline() throws Exception {
    AtomicLong unplugs = new AtomicLong();
    AtomicLong ok = new AtomicLong();
    LoadConfig load = LoadConfig.sequential(10_000_000, Duration.ofMillis(25));
    RunConfig config = RunConfig.of("fd-release", PolicySpec.parse("h1"), load, ServerConfig.defaults(),
        FaultPlan.unplugEvery(10));
    Run run = Run.start(config, e -> {
      if (e instanceof Event.FlowFaulted f && f.fault() == Fault.UNPLUG) unplugs.incrementAndGet();
      if (e instanceof Event.RequestFinished f && f.outcome() == io.blastradius.core.event.Outcome.OK) ok.incrementAndGet();
    });
    try {
      Waits.until("the first requests", Duration.ofSeconds(30), () -> ok.get() >= 3);
      long baseline = openFds();
      Waits.until(UNPLUGS + " unplugs", Duration.ofSeconds(150), () -> unplugs.get() >= UNPLUGS);
      long[] last = {0};
      try {
        Waits.until("open fds back within " + TOLERANCE + " of " + baseline, Duration.ofSeconds(10),
            () -> (last[0] = openFds()) <= baseline + TOLERANCE);
      } catch (AssertionError e) {
        throw new AssertionError(e.getMessage() + ": " + last[0] + " open after " + unplugs.get() + " unplugs", e);
      }
      assertTrue(unplugs.get() >= UNPLUGS);
    } finally {
      run.close();
    }
  }
}
