package io.blastradius.gui.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.blastradius.core.event.Event;
import io.blastradius.core.event.Fault;
import io.blastradius.core.live.LiveModel;
import io.blastradius.core.policy.Protocol;
import io.blastradius.core.wire.FlowWire;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A card shows the wire's open streams beside the pool's, and flags a lasting disagreement. */
class CardWireTest {
  private static final long MS = 1_000_000L;

  private final LiveModel model = new LiveModel();
  private final CardsViewModel cards = new CardsViewModel();

  private CardViewModel card(long now) {
    cards.update(model.snapshot(now));
    return cards.cards().get(0);
  }

  private void connection() {
    model.accept(new Event.FlowOpened(0, 4, 40000));
    model.accept(new Event.ConnectionDialed(0, 1, Protocol.H2));
    model.accept(new Event.ConnectionReady(1, 1, 40000, 250));
    model.accept(new Event.WireProtocol(1, 4, "h2"));
  }

  @Test
  void withoutTheDecoderTheCardSaysNothingAboutTheWire() {
    model.accept(new Event.ConnectionDialed(0, 1, Protocol.H2));
    model.accept(new Event.ConnectionReady(1, 1, 40000, 250));
    assertEquals("", card(10 * MS).wireTextProperty().get());
  }

  @Test
  void agreementIsShownAndALastingDifferenceFlagged() {
    connection();
    model.accept(new Event.RequestAssigned(2 * MS, 1, 1, 1));
    model.accept(new Event.WireHeaders(3 * MS, 4, 1, true, true));
    CardViewModel c = card(4 * MS);
    assertEquals("wire: 1 open", c.wireTextProperty().get());
    assertFalse(c.wireDisagreesProperty().get());

    model.accept(new Event.RequestAssigned(5 * MS, 2, 1, 3)); // on the pool's books, not yet on the wire
    c = card(6 * MS);
    assertFalse(c.wireDisagreesProperty().get(), "a moment's difference is in-flight, not a bug");
    c = card(6 * MS + CardViewModel.WIRE_GRACE_NANOS);
    assertTrue(c.wireDisagreesProperty().get(), "still different a second later: one account is wrong");
    assertEquals("wire: 1 open ≠ pool 2", c.wireTextProperty().get());

    model.accept(new Event.WireHeaders(7 * MS + CardViewModel.WIRE_GRACE_NANOS, 4, 3, true, true));
    c = card(8 * MS + CardViewModel.WIRE_GRACE_NANOS);
    assertFalse(c.wireDisagreesProperty().get());
    assertEquals("wire: 2 open", c.wireTextProperty().get());
  }

  @Test
  void theFrameLaneGetsTheFlowsMarks() {
    connection();
    model.accept(new Event.WireHeaders(2 * MS, 4, 1, true, true));
    model.accept(new Event.WireReset(3 * MS, 4, 1, true, 8));
    model.accept(new Event.WirePing(4 * MS, 4, true, false, 7));
    CardViewModel c = card(5 * MS);
    assertEquals(List.of(FlowWire.Kind.HEADERS, FlowWire.Kind.RST_STREAM, FlowWire.Kind.PING),
        c.wireStateProperty().get().marks().stream().map(FlowWire.Mark::kind).toList());
    assertEquals(5 * MS, c.wireNow());
  }

  @Test
  void anUnpluggedFlowIsNotFlagged() {
    connection();
    model.accept(new Event.FlowFaulted(2 * MS, 4, Fault.UNPLUG, "hold"));
    for (int i = 0; i < 5; i++) model.accept(new Event.RequestAssigned(3 * MS, i, 1, 2 * i + 1));
    card(4 * MS);
    CardViewModel c = card(4 * MS + 2 * CardViewModel.WIRE_GRACE_NANOS);
    assertFalse(c.wireDisagreesProperty().get());
    assertTrue(c.wireTextProperty().get().startsWith("wire: 0 open"), c.wireTextProperty().get());
  }
}
