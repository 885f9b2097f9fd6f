package io.blastradius.core.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.blastradius.core.event.Event;
import io.blastradius.core.event.Outcome;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Requests and outcomes folded from wire events, as {@code --client-cmd} reads an external program. */
class WireRequestsTest {
  private final List<Event> out = new ArrayList<>();
  private final List<String> seen = new ArrayList<>();
  private long t;

  private WireRequests fold(long limit) {
    return new WireRequests(out::add, limit, (i, flow) -> {
      seen.add(i + "@" + flow);
      out.add(new Event.FlowFaulted(t, flow, io.blastradius.core.event.Fault.UNPLUG, "seen " + i)); // marks the order
    }, port -> port - 40000L);
  }

  private long tick() {
    return t += 1000;
  }

  private List<Event.RequestFinished> finished() {
    return out.stream().filter(Event.RequestFinished.class::isInstance).map(Event.RequestFinished.class::cast).toList();
  }

  private Event.RequestFinished outcomeOf(long id) {
    return finished().stream().filter(f -> f.requestId() == id).findFirst().orElseThrow(() -> new AssertionError("no outcome for " + id + ": " + out));
  }

  @Test
  void http2StreamsEndOkOrFailAsTheFramesSay() {
    WireRequests w = fold(100);
    w.accept(new Event.FlowOpened(tick(), 1, 40001));
    w.accept(new Event.WireProtocol(tick(), 1, "h2"));
    for (int s = 1; s <= 11; s += 2) w.accept(new Event.WireHeaders(tick(), 1, s, true, true));
    w.accept(new Event.WireHeaders(tick(), 1, 1, false, true)); // answered with HEADERS alone
    w.accept(new Event.WireHeaders(tick(), 1, 3, false, false));
    w.accept(new Event.WireData(tick(), 1, 3, false, 3, true)); // HEADERS, then DATA ending it
    w.accept(new Event.WireReset(tick(), 1, 5, true, 8)); // the client gave up
    w.accept(new Event.WireReset(tick(), 1, 7, false, 7)); // the server refused
    w.accept(new Event.WireHeaders(tick(), 1, 7, true, false)); // a late frame on a closed stream: no new request
    w.accept(new Event.WireGoAway(tick(), 1, false, 9, 0)); // 11 left out
    assertEquals(6, w.counted());
    assertEquals(Outcome.OK, outcomeOf(0).outcome());
    assertEquals(Outcome.OK, outcomeOf(1).outcome());
    assertEquals(Outcome.TIMEOUT, outcomeOf(2).outcome());
    assertTrue(outcomeOf(2).error().startsWith("the client reset the stream (RST_STREAM 8)"), outcomeOf(2).error());
    assertEquals(Outcome.ERROR, outcomeOf(3).outcome());
    assertEquals(Outcome.ERROR, outcomeOf(5).outcome());
    assertTrue(outcomeOf(5).error().contains("GOAWAY (last stream 9"), outcomeOf(5).error());
    assertEquals(5, w.ended(), "stream 9 is still open");
    w.accept(new Event.FlowClosed(tick(), 1, "server closed"));
    assertEquals(Outcome.ERROR, outcomeOf(4).outcome(), "open when its connection closed");
    assertEquals(6, w.ended());
    assertEquals(1, outcomeOf(4).connId(), "on the ledger's connection of port 40001");
    assertTrue(w.allFlowsClosed());
    assertEquals(List.of("0@1", "1@1", "2@1", "3@1", "4@1", "5@1"), seen);
  }

  @Test
  void eachRequestIsSeenBeforeItStartsAndOnlyTheFirstLimitAreCounted() {
    WireRequests w = fold(2);
    w.accept(new Event.FlowOpened(tick(), 3, 40005));
    for (int s = 1; s <= 5; s += 2) w.accept(new Event.WireHeaders(tick(), 3, s, true, true));
    for (int s = 1; s <= 5; s += 2) w.accept(new Event.WireHeaders(tick(), 3, s, false, true));
    assertEquals(List.of("0@3", "1@3"), seen);
    int fault = -1;
    int started = -1;
    for (int i = 0; i < out.size(); i++) {
      if (out.get(i) instanceof Event.FlowFaulted && fault < 0) fault = i;
      if (out.get(i) instanceof Event.RequestStarted && started < 0) started = i;
    }
    assertTrue(fault < started, "the fault schedule acts before the request starts: " + out);
    assertEquals(2, w.counted());
    assertEquals(2, finished().size(), "the third stream is past the limit: " + out);
  }

  @Test
  void http1ResponsesEndRequestsInOrderAndAClientCloseIsItsTimeout() {
    WireRequests w = fold(100);
    w.accept(new Event.FlowOpened(tick(), 2, 40002));
    w.accept(new Event.WireProtocol(tick(), 2, "http/1.1"));
    w.accept(new Event.WireHttp1(tick(), 2, true, 0));
    w.accept(new Event.WireHttp1(tick(), 2, true, 0)); // pipelined
    w.accept(new Event.WireHttp1(tick(), 2, true, 0));
    w.accept(new Event.WireHttp1(tick(), 2, false, 100)); // interim: ends nothing
    w.accept(new Event.WireHttp1(tick(), 2, false, 200));
    w.accept(new Event.WireHttp1(tick(), 2, false, 503));
    assertEquals(Outcome.OK, outcomeOf(0).outcome());
    assertEquals(Outcome.ERROR, outcomeOf(1).outcome());
    assertEquals("HTTP 503", outcomeOf(1).error());
    w.accept(new Event.FlowClosed(tick(), 2, "client left while unplugged"));
    assertEquals(Outcome.TIMEOUT, outcomeOf(2).outcome(), "the client closed on it");
  }

  @Test
  void theH2cUpgradeRequestGoesOnAsStreamOne() {
    WireRequests w = fold(100);
    w.accept(new Event.FlowOpened(tick(), 4, 40004));
    w.accept(new Event.WireProtocol(tick(), 4, "http/1.1"));
    w.accept(new Event.WireHttp1(tick(), 4, true, 0));
    w.accept(new Event.WireProtocol(tick(), 4, "h2c-upgrade"));
    w.accept(new Event.WireHeaders(tick(), 4, 1, true, true)); // not a new request: stream 1 is the upgraded one
    w.accept(new Event.WireHeaders(tick(), 4, 3, true, true));
    w.accept(new Event.WireHeaders(tick(), 4, 1, false, true));
    assertEquals(2, w.counted());
    assertEquals(Outcome.OK, outcomeOf(0).outcome());
    assertEquals(1, w.ended());
  }

  @Test
  void aFlowTheWireCannotReadFailsItsRequestsAndIsReported() {
    WireRequests w = fold(100);
    w.accept(new Event.FlowOpened(tick(), 5, 40005));
    w.accept(new Event.WireProtocol(tick(), 5, "h2"));
    w.accept(new Event.WireHeaders(tick(), 5, 1, true, true));
    assertNull(w.undecoded());
    w.accept(new Event.WireUndecoded(tick(), 5, true, 120, "a frame of type 0 on stream 0"));
    assertEquals(Outcome.ERROR, outcomeOf(0).outcome());
    assertEquals("proxy flow 5: a frame of type 0 on stream 0", w.undecoded());
    w.stop();
    w.accept(new Event.FlowOpened(tick(), 6, 40006));
    assertEquals(1, w.flowsOpened(), "nothing is folded once stopped");
  }
}
