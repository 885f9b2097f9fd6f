package io.blastradius.core.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.blastradius.core.event.CloseReason;
import io.blastradius.core.event.Event;
import io.blastradius.core.event.EventLog;
import io.blastradius.core.policy.Protocol;
import io.blastradius.core.score.ConnectionFlows;
import io.blastradius.core.time.FakeClock;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Proxy flows as a real client's connections. */
class ConnectionLedgerTest {

  @Test
  void everyFlowIsAConnectionJoinedByPortWhicheverSideSeesItFirst() {
    EventLog log = new EventLog();
    FakeClock clock = new FakeClock();
    ConnectionLedger ledger = new ConnectionLedger(log, Protocol.H2, 250);
    ledger.useClock(clock);
    ledger.accept(new Event.FlowOpened(1, 1, 40000)); // the proxy first
    clock.advanceMillis(1);
    assertEquals(1, ledger.connectionFor(40000), "the client reports the same port later");
    assertEquals(2, ledger.connectionFor(40002)); // the client first
    ledger.accept(new Event.FlowOpened(2, 2, 40002));
    assertEquals(2, ledger.connectionsSeen());

    List<Event> events = log.snapshot();
    assertEquals(List.of(
        new Event.FlowOpened(1, 1, 40000),
        new Event.ConnectionDialed(0, 1, Protocol.H2),
        new Event.ConnectionReady(0, 1, 40000, 250),
        new Event.ConnectionDialed(1_000_000, 2, Protocol.H2),
        new Event.ConnectionReady(1_000_000, 2, 40002, 250),
        new Event.FlowOpened(2, 2, 40002)), events);
    ConnectionFlows flows = new ConnectionFlows();
    events.forEach(flows::accept);
    assertEquals(1, flows.flowOf(1));
    assertEquals(2, flows.flowOf(2));
  }

  @Test
  void aClosedFlowClosesItsConnectionAndFreesThePortForReuse() {
    EventLog log = new EventLog();
    ConnectionLedger ledger = new ConnectionLedger(log, Protocol.H1, 250);
    ledger.accept(new Event.FlowOpened(1, 7, 40000));
    ledger.accept(new Event.FlowClosed(2, 7, "client closed"));
    Event closed = log.snapshot().get(log.snapshot().size() - 1);
    assertEquals(new Event.ConnectionClosed(0, 1, CloseReason.PEER_CLOSED,
        "flow 7 closed (client closed), seen at the proxy"), closed);
    assertEquals(new Event.ConnectionReady(0, 1, 40000, 1), log.snapshot().get(2), "HTTP/1: one stream per connection");
    ledger.accept(new Event.FlowOpened(3, 8, 40000));
    assertEquals(2, ledger.connectionFor(40000), "a reused port is a new connection");
  }

  @Test
  void wireFramesOfAFlowBecomeThePoolEventsOfItsConnection() {
    EventLog log = new EventLog();
    ConnectionLedger ledger = new ConnectionLedger(log, Protocol.H2, 250);
    ledger.accept(new Event.FlowOpened(1, 1, 40000));
    ledger.accept(new Event.FlowOpened(2, 2, 40002));
    int before = log.snapshot().size();
    ledger.accept(new Event.WirePing(10, 2, true, false, 42)); // the client's PING
    ledger.accept(new Event.WirePing(11, 2, false, true, 42)); // its ACK: not a ping sent
    ledger.accept(new Event.WirePing(12, 1, false, false, 7)); // the server's PING: not the client's
    ledger.accept(new Event.WireGoAway(13, 1, false, 5, 0xb)); // from the server: received
    ledger.accept(new Event.WireGoAway(14, 2, true, 0, 0)); // the client's own GOAWAY: not received
    ledger.accept(new Event.WireReset(15, 2, 3, true, 0x8)); // the client resets stream 3
    ledger.accept(new Event.WireReset(16, 1, 5, false, 0x7)); // the server's reset: not sent
    ledger.accept(new Event.WirePing(17, 9, true, false, 1)); // a flow the ledger never saw

    List<Event> emitted = log.snapshot().subList(before, log.snapshot().size()).stream()
        .filter(e -> !e.getClass().getSimpleName().startsWith("Wire")).toList();
    assertEquals(List.of(
        new Event.PingSent(10, 2, 42),
        new Event.GoAwayReceived(13, 1, 0xb, 5),
        new Event.StreamReset(15, 2, 3, 0x8, true)), emitted);
    assertEquals(8, log.snapshot().size() - before - emitted.size(), "every wire event passes on too");

    io.blastradius.core.score.ScoringSink score = new io.blastradius.core.score.ScoringSink();
    log.snapshot().forEach(score::accept);
    assertEquals(1, score.result("c").pingsSent());
    assertEquals(java.util.Map.of("ENHANCE_YOUR_CALM", 1L), score.result("c").goAways());
  }

  @Test
  void fromTheWireEachConnectionIsDialedWithTheProtocolItsBytesSpeak() {
    EventLog log = new EventLog();
    ConnectionLedger ledger = ConnectionLedger.fromWire(log, 250);
    ledger.accept(new Event.FlowOpened(1, 1, 40001)); // HTTP/1.1
    ledger.accept(new Event.FlowOpened(2, 2, 40002)); // h2 prior knowledge
    ledger.accept(new Event.FlowOpened(3, 3, 40003)); // HTTP/1.1, then an h2c Upgrade
    ledger.accept(new Event.FlowOpened(4, 4, 40004)); // garbage
    ledger.accept(new Event.FlowOpened(5, 5, 40005)); // closes before a byte
    assertEquals(List.of(), log.snapshot().stream().filter(e -> e instanceof Event.ConnectionDialed).toList(),
        "nothing is dialed before its bytes say what it speaks");
    ledger.accept(new Event.WireProtocol(10, 1, "http/1.1"));
    ledger.accept(new Event.WireProtocol(11, 2, "h2"));
    ledger.accept(new Event.WireProtocol(12, 3, "http/1.1"));
    ledger.accept(new Event.WireProtocol(13, 3, "h2c-upgrade"));
    ledger.accept(new Event.WireUndecoded(14, 4, true, 0, "neither HTTP/2 nor HTTP/1.1"));
    ledger.accept(new Event.FlowClosed(15, 5, "client closed"));

    List<Event> made = log.snapshot().stream()
        .filter(e -> e instanceof Event.ConnectionDialed || e instanceof Event.ConnectionReady).toList();
    assertEquals(List.of(
        new Event.ConnectionDialed(10, 1, Protocol.H1),
        new Event.ConnectionReady(10, 1, 40001, 1),
        new Event.ConnectionDialed(11, 2, Protocol.H2),
        new Event.ConnectionReady(11, 2, 40002, 250),
        new Event.ConnectionDialed(12, 3, Protocol.H1),
        new Event.ConnectionReady(12, 3, 40003, 1),
        new Event.ConnectionReady(13, 3, 40003, 250),
        new Event.ConnectionDialed(14, 4, null),
        new Event.ConnectionDialed(15, 5, null)), made);
    assertEquals(Protocol.H2, ledger.protocol(), "an upgrade is HTTP/2");

    io.blastradius.core.live.LiveModel live = new io.blastradius.core.live.LiveModel();
    log.snapshot().forEach(live::accept);
    assertEquals(Protocol.H1, live.snapshot(15).connection(1).protocol());
    assertEquals(1, live.snapshot(15).connection(1).peerMax(), "HTTP/1.1: one request at a time");
    assertEquals(Protocol.H2, live.snapshot(15).connection(3).protocol(), "the card follows the upgrade");
    assertEquals(250, live.snapshot(15).connection(3).peerMax());
  }

  @Test
  void aWireLedgerOnHttp1AloneSaysHttp1() {
    EventLog log = new EventLog();
    ConnectionLedger ledger = ConnectionLedger.fromWire(log, 250);
    ledger.accept(new Event.FlowOpened(1, 1, 40001));
    ledger.accept(new Event.WireProtocol(2, 1, "http/1.1"));
    assertEquals(Protocol.H1, ledger.protocol());
  }
}
