package io.blastradius.core.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.blastradius.core.event.Event.ConnStatus;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the pool core does around any policy: draining, and the order it applies actions in. */
class PoolCoreMechanicsTest {

  /** Drains a connection on its first timeout; otherwise the first ready connection with room. */
  static final class DrainOnTimeout implements PoolPolicy {
    @Override public String id() { return "drain-on-timeout"; }
    @Override public Protocol protocol() { return Protocol.H2; }

    @Override
    public Placement place(List<Conn> conns, int dialing, long now) {
      for (Conn c : conns) if (c.isReady() && c.status() == ConnStatus.ACTIVE && c.hasRoom(Integer.MAX_VALUE)) return new Placement.Use(c);
      return Placement.DIAL;
    }

    @Override
    public void onStreamTimedOut(Conn c, Stream s, long now, Actions a) {
      a.setStatus(c, ConnStatus.DRAINING, "a stream timed out");
    }
  }

  @Test
  void aDrainingConnectionClosesWhenItsLastStreamEnds() {
    PolicyHarness h = new PolicyHarness(new DrainOnTimeout());
    Conn c = h.readyConn(100);
    Stream slow = h.open(c);
    Stream other = h.open(c);
    h.advanceMillis(10);
    h.timeout(c, slow);
    assertEquals(ConnStatus.DRAINING, c.status());
    assertFalse(c.isClosed(), "one stream is still on it");
    h.succeed(c, other);
    assertTrue(c.isClosed(), "drained");
    assertTrue(h.acts("close").get(0).detail().startsWith("DRAINED"), h.acts.toString());
  }

  @Test
  void aDrainingConnectionWithNoStreamsClosesAtOnce() {
    PolicyHarness h = new PolicyHarness(new DrainOnTimeout());
    Conn c = h.readyConn(100);
    Stream only = h.open(c);
    h.timeout(c, only);
    assertTrue(c.isClosed(), "the status change itself finds the connection empty");
    assertEquals(List.of(), h.conns);
  }
}
