package io.blastradius.core.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.blastradius.core.event.Event;
import io.blastradius.core.load.FaultPlan;
import io.blastradius.core.load.LoadConfig;
import io.blastradius.core.policy.PolicySpec;
import io.blastradius.core.policy.Protocol;
import io.blastradius.core.run.RunConfig;
import io.blastradius.core.run.Runs;
import io.blastradius.core.run.WireOptions;
import io.blastradius.core.server.ServerConfig;
import io.blastradius.core.wire.FlowWire;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The window's fold carries the wire's per-flow state beside the pool's cards. */
@Timeout(60)
class LiveWireTest {

  @Test
  void wireStateSitsBesideThePoolsCardAndShowsADisagreement() {
    LiveModel m = new LiveModel();
    m.accept(new Event.FlowOpened(0, 3, 40000));
    m.accept(new Event.ConnectionDialed(0, 1, Protocol.H2));
    m.accept(new Event.ConnectionReady(1, 1, 40000, 250));
    for (int s = 1; s <= 9; s += 2) {
      m.accept(new Event.RequestAssigned(2, s, 1, s));
    }
    m.accept(new Event.WireProtocol(2, 3, "h2"));
    m.accept(new Event.WireSettings(2, 3, false, 250));
    for (int s = 1; s <= 5; s += 2) m.accept(new Event.WireHeaders(3, 3, s, true, true)); // 3 of the 5 crossed
    m.accept(new Event.WireReset(4, 3, 5, true, 8));
    m.accept(new Event.WirePing(5, 3, true, false, 42));
    LiveSnapshot snap = m.snapshot(10);
    ConnView card = snap.connection(1);
    FlowWire w = snap.wire(card.flowId());
    assertNotNull(w);
    assertEquals(5, card.active());
    assertEquals(2, w.openStreams(), "streams 1 and 3 open on the wire, 5 reset");
    assertEquals(250, w.serverMaxStreams());
    assertEquals(1, w.pingsFromClient());
    assertEquals(FlowWire.Kind.PING, w.marks().get(w.marks().size() - 1).kind());
    assertNull(snap.wire(99));
  }

  @Test
  void onAHealthyRunTheWireAndThePoolAgreePerCard() throws Exception {
    LiveModel m = new LiveModel();
    RunConfig config = RunConfig.of("t", PolicySpec.parse("h2-naive"), LoadConfig.sequential(300, Duration.ofSeconds(5)),
        ServerConfig.defaults(), FaultPlan.none()).withWire(WireOptions.NONE.withDecode(true));
    Runs.collect(config, m, 60_000);
    LiveSnapshot snap = m.snapshot(Long.MAX_VALUE / 2);
    assertEquals(1, snap.connections().size());
    ConnView c = snap.connections().get(0);
    FlowWire w = snap.wire(c.flowId());
    assertNotNull(w, snap.wire().toString());
    assertEquals(c.ok() + c.failed() + c.cancelled(), w.streamsOpened());
    assertEquals(c.active(), w.openStreams());
    assertEquals(c.peerMax(), w.serverMaxStreams());
    assertTrue(w.closed());
  }
}
