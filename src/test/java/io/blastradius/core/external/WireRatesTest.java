package io.blastradius.core.external;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.blastradius.core.event.Event;
import io.blastradius.core.event.Fault;
import io.blastradius.core.proxy.FlowInfo.FlowState;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The wire chart's fold and a replay's fold of a proxy's events, without sockets: literal events
 * at literal times.
 */
class WireRatesTest {
  private static final long MS = 1_000_000L;

  @Test
  void countsStreamsOpenedAnsweredAndResetPerBucket() {
    WireRates r = new WireRates();
    r.accept(new Event.FlowOpened(0, 1, 50000));
    r.accept(new Event.WireHeaders(10 * MS, 1, 1, true, true));
    r.accept(new Event.WireHeaders(20 * MS, 1, 1, false, false)); // answered
    r.accept(new Event.WireHeaders(30 * MS, 1, 1, false, true)); // trailers: not a second answer
    r.accept(new Event.WireHeaders(300 * MS, 1, 3, true, false));
    r.accept(new Event.WireHeaders(310 * MS, 1, 3, true, true)); // the client's trailers: not a new stream
    r.accept(new Event.WireReset(320 * MS, 1, 3, true, 8));
    r.accept(new Event.WireHeaders(330 * MS, 1, 3, false, true)); // after the reset: not an answer
    r.accept(new Event.WireHttp1(600 * MS, 2, true, 0));
    r.accept(new Event.WireHttp1(610 * MS, 2, false, 200));
    r.accept(new Event.FlowFaulted(700 * MS, 1, Fault.UNPLUG, "hold"));

    WireRates.View v = r.view();
    assertEquals(WireRates.MIN_WIDTH_NANOS, v.widthNanos());
    assertEquals(3, v.span());
    assertArrayEquals(new int[] {1, 1, 1}, v.opened());
    assertArrayEquals(new int[] {1, 0, 1}, v.answered());
    assertArrayEquals(new int[] {0, 1, 0}, v.reset());
    assertEquals(3, v.totalOpened());
    assertEquals(2, v.totalAnswered());
    assertEquals(1, v.totalReset());
    assertEquals(700 * MS, v.lastT());
    assertEquals(List.of(new WireRates.Marker(700 * MS, 1, Fault.UNPLUG)), v.markers());
  }

  @Test
  void aLongSessionWidensItsBucketsAndForgetsClosedFlows() {
    WireRates r = new WireRates();
    long hour = 3_600_000_000_000L;
    for (int flow = 1; flow <= 1000; flow++) {
      long t = hour * flow / 1000;
      r.accept(new Event.FlowOpened(t, flow, 40000 + flow));
      r.accept(new Event.WireHeaders(t, flow, 1, true, true));
      r.accept(new Event.WireHeaders(t, flow, 1, false, true));
      r.accept(new Event.FlowClosed(t, flow, "closed"));
    }
    WireRates.View v = r.view();
    assertTrue(v.span() <= WireRates.BUCKETS, "bounded: " + v.span());
    assertTrue(v.widthNanos() * WireRates.BUCKETS > hour, "the buckets cover the hour");
    assertEquals(1000, v.totalOpened());
    assertEquals(1000, java.util.Arrays.stream(v.opened()).sum(), "widening keeps every count");
    assertEquals(1000, java.util.Arrays.stream(v.answered()).sum());
    assertEquals(0, r.flowsTracked(), "closed flows are forgotten");
  }

  @Test
  void aReplayFoldGivesEachFlowItsStateLatencyAndWire() {
    ExternalFold f = new ExternalFold();
    f.accept(new Event.FlowOpened(0, 1, 50001));
    f.accept(new Event.FlowOpened(1, 2, 50002));
    f.accept(new Event.WireProtocol(2, 1, "h2"));
    f.accept(new Event.WireHeaders(3, 1, 1, true, true));
    f.accept(new Event.FlowFaulted(4, 1, Fault.UNPLUG, "hold"));
    f.accept(new Event.FlowFaulted(5, 2, Fault.LATENCY, "200ms"));
    f.accept(new Event.FlowClosed(6, 2, "reset"));
    assertEquals(List.of(1, 2), f.flows().stream().map(i -> i.id()).toList());
    assertEquals(FlowState.UNPLUGGED, f.flows().get(0).state());
    assertEquals(50001, f.flows().get(0).clientPort());
    assertEquals(FlowState.CLOSED, f.flows().get(1).state());
    assertEquals(200 * MS, f.flows().get(1).latencyNanos());
    assertEquals("h2", f.wire(1).protocol());
    assertEquals(1, f.wire(1).streamsOpened());
    assertEquals(1, f.rates().totalOpened());
    f.accept(new Event.FlowFaulted(7, 1, Fault.REPLUG, ""));
    assertEquals(FlowState.PLUGGED, f.flows().get(0).state());

    for (int id = 3; id < 3 + 2 * ExternalFold.KEEP_CLOSED; id++) {
      f.accept(new Event.FlowOpened(10 + id, id, 50000 + id));
      f.accept(new Event.FlowClosed(10 + id, id, "closed"));
    }
    assertEquals(1 + ExternalFold.KEEP_CLOSED, f.flows().size(), "the open flow and the last closed ones");
    assertEquals(FlowState.PLUGGED, f.flows().get(0).state());
  }

  @Test
  void aFlowOpenedBeforeTheRecordingShowsFromItsFirstFrameOrFault() {
    ExternalFold f = new ExternalFold();
    f.accept(new Event.WireHeaders(1, 7, 5, true, true));
    f.accept(new Event.FlowFaulted(2, 8, Fault.UNPLUG, "hold"));
    assertEquals(List.of(7, 8), f.flows().stream().map(i -> i.id()).toList());
    assertEquals(0, f.flows().get(0).clientPort(), "its port was not recorded");
    assertEquals(FlowState.UNPLUGGED, f.flows().get(1).state());
    assertEquals(1, f.wire(7).streamsOpened());
  }
}
