package io.blastradius.core.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The gRPC ping rule as a pure function of (state, ping time): literal nanoseconds, no sockets. */
class PingStrikesTest {
  private static final long MS = 1_000_000L;

  @Test
  void firstPingIsNeverAStrikeAndQuickOnesAre() {
    PingStrikes s = new PingStrikes(new ServerConfig.PingLimit(Duration.ofMillis(100), 1));
    assertFalse(s.onPing(0));
    assertEquals(0, s.strikes());
    assertFalse(s.onPing(10 * MS));
    assertEquals(1, s.strikes());
    assertTrue(s.onPing(20 * MS), "2 strikes > maxStrikes 1");
    assertEquals(2, s.strikes());
  }

  @Test
  void pingsSpacedByTheMinimumAreFine() {
    PingStrikes s = new PingStrikes(new ServerConfig.PingLimit(Duration.ofMillis(100), 0));
    for (int i = 0; i < 10; i++) assertFalse(s.onPing(i * 100 * MS), "ping " + i);
    assertEquals(0, s.strikes());
    assertTrue(s.onPing(1000 * MS - 1), "99.999999 ms after the last one");
  }

  @Test
  void sendingHeadersOrDataForgivesStrikes() {
    PingStrikes s = new PingStrikes(new ServerConfig.PingLimit(Duration.ofMinutes(5), 2));
    s.onPing(0);
    s.onPing(1);
    s.onPing(2);
    assertEquals(2, s.strikes());
    s.onHeadersOrDataSent();
    assertEquals(0, s.strikes());
    assertFalse(s.onPing(3));
    assertEquals(1, s.strikes(), "the interval is still measured from the previous ping");
  }

  @Test
  void zeroIntervalNeverStrikes() {
    PingStrikes s = new PingStrikes(new ServerConfig.PingLimit(Duration.ZERO, 0));
    for (int i = 0; i < 100; i++) assertFalse(s.onPing(0));
  }
}
