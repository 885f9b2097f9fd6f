package io.blastradius.core.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.blastradius.core.policy.PolicySpec;
import io.blastradius.core.server.ServerConfig;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class FleetTest {
  static final Fleet.Config SMALL = new Fleet.Config(6, 3, 1, Duration.ofMinutes(6), 300, Duration.ofMillis(100),
      Duration.ofMillis(50), ServerConfig.defaults(), 7);

  static Fleet.Result run(String policy) {
    return Fleet.run(SMALL, PolicySpec.parse(policy));
  }

  @Test
  void blackHolesCostOneRequestEachUnderH1AndCascadeUnderNaive() {
    Fleet.Result h1 = run("h1");
    Fleet.Result naive = run("h2-naive");
    Fleet.Result adaptive = run("h2-adaptive");
    assertTrue(h1.blackholes() >= 15, "about 30 black holes in 6 minutes at 300/h: " + h1.blackholes());
    assertTrue(h1.failed() >= 1 && h1.failed() <= h1.blackholes(), "h1 loses at most the one request in flight per black hole: " + h1);
    assertTrue(adaptive.failed() <= adaptive.blackholes(), "adaptive too: " + adaptive);
    assertTrue(naive.failed() > 50 * h1.failed(), "naive keeps feeding dead connections: " + naive + " vs " + h1);
    assertEquals(0, h1.pingsSent());
    assertEquals(adaptive.blackholes(), adaptive.pingsSent(), "one verdict PING per dead connection");
    assertEquals(360.0 / 3600, h1.hours(), 1e-9);
    assertEquals(h1.failed() * 10.0, h1.failuresPerHour(), 1e-6);
  }

  @Test
  void theSameSeedGivesTheSameFleet() {
    Fleet.Result a = run("h2-okhttp-degraded");
    Fleet.Result b = run("h2-okhttp-degraded");
    assertEquals(a.requests(), b.requests());
    assertEquals(a.failed(), b.failed());
    assertEquals(a.blackholes(), b.blackholes());
    assertEquals(a.pingsSent(), b.pingsSent());
    assertEquals(a.connectionsOpened(), b.connectionsOpened());
  }

  @Test
  void badConfigIsRejected() {
    assertThrows(IllegalArgumentException.class, () -> new Fleet.Config(0, 1, 1, Duration.ofHours(1), 1,
        Duration.ofMillis(10), Duration.ZERO, ServerConfig.defaults(), 1));
    assertThrows(IllegalArgumentException.class, () -> new Fleet.Config(1, 1, 1, Duration.ofHours(1), -1,
        Duration.ofMillis(10), Duration.ZERO, ServerConfig.defaults(), 1));
  }
}
