package io.blastradius.core.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.blastradius.core.event.CloseReason;
import io.blastradius.core.event.Event;
import io.blastradius.core.event.EventLog;
import io.blastradius.core.event.Outcome;
import io.blastradius.core.policy.Policies;
import io.blastradius.core.pool.PoolCore;
import io.blastradius.core.proxy.FaultProxy.Direction;
import io.blastradius.core.proxy.FlowInfo.FlowState;
import io.blastradius.core.server.DelayModel;
import io.blastradius.core.server.ServerConfig;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The simulated network and server, driven through the real pool core in virtual time. */
class SimNetworkTest {
  static final long MS = 1_000_000L;
  static final long ONE_WAY = 20_000;

  /** A pool on a simulated network, and what it reported. */
  static final class Stack {
    final SimScheduler sched = new SimScheduler();
    final EventLog log = new EventLog();
    final SimNetwork net;
    final PoolCore pool;
    final Map<Long, Outcome> outcomes = new HashMap<>();

    Stack(String policy, ServerConfig server) {
      net = new SimNetwork(sched, server, ONE_WAY, log);
      pool = new PoolCore(sched, net, Policies.create(policy), log);
    }

    Stack(String policy) {
      this(policy, ServerConfig.defaults());
    }

    void submit(long id, long timeoutMs) {
      pool.submit(id, 0, timeoutMs * MS, -1, (rid, o) -> outcomes.put(rid, o));
    }

    void runFor(long nanos) {
      sched.advanceTo(sched.nanoTime() + nanos);
    }

    /** One request answered, so a connection (flow 1) is up. */
    void warm() {
      submit(0, 1000);
      runFor(20 * MS);
      assertEquals(Outcome.OK, outcomes.get(0L));
    }

    <T extends Event> List<T> events(Class<T> type) {
      return log.snapshot().stream().filter(type::isInstance).map(type::cast).toList();
    }

    Event.RequestFinished finished(long id) {
      return events(Event.RequestFinished.class).stream().filter(f -> f.requestId() == id).findFirst().orElseThrow();
    }
  }

  @Test
  void aHealthyRequestTakesOneRoundTripAndTheConnectionJoinsItsFlow() {
    Stack s = new Stack("h2-naive");
    s.submit(1, 10);
    s.runFor(5 * MS);
    assertEquals(Outcome.OK, s.outcomes.get(1L));
    Event.ConnectionReady ready = s.events(Event.ConnectionReady.class).get(0);
    assertEquals(2 * ONE_WAY, ready.t(), "SETTINGS from the server arrive one round trip after the dial");
    assertEquals(250, ready.maxConcurrentStreams());
    assertEquals(s.events(Event.FlowOpened.class).get(0).clientPort(), ready.localPort());
    assertEquals(2 * ONE_WAY, s.finished(1).latencyNanos() - 2 * ONE_WAY, "dial round trip, then the request's own");
  }

  @Test
  void unplugHoldKeepsTheResponseUntilReplug() {
    Stack s = new Stack("h2-naive");
    s.warm();
    s.net.unplug(1, Direction.BOTH, false).join();
    assertEquals(FlowState.UNPLUGGED, s.net.flows().get(0).state());
    s.submit(1, 1000);
    s.runFor(50 * MS);
    assertFalse(s.outcomes.containsKey(1L), "nothing moves while unplugged");
    s.net.replug(1).join();
    s.runFor(5 * MS);
    assertEquals(Outcome.OK, s.outcomes.get(1L), "the held request reaches the server after the replug");
    assertTrue(s.finished(1).latencyNanos() >= 50 * MS);
  }

  @Test
  void unplugDropLosesWhatWasSent() {
    Stack s = new Stack("h2-naive");
    s.warm();
    s.net.unplug(1, Direction.BOTH, true).join();
    s.submit(1, 100);
    s.runFor(50 * MS);
    s.net.replug(1).join();
    s.runFor(100 * MS);
    assertEquals(Outcome.TIMEOUT, s.outcomes.get(1L), "a dropped request is never answered");
    s.submit(2, 100);
    s.runFor(5 * MS);
    assertEquals(Outcome.OK, s.outcomes.get(2L), "after the replug the flow carries requests again");
  }

  @Test
  void oneDirectionUnplugged() {
    Stack up = new Stack("h2-naive");
    up.warm();
    up.net.unplug(1, Direction.UPSTREAM, false).join();
    assertEquals(FlowState.UNPLUGGED_UPSTREAM, up.net.flows().get(0).state());
    assertEquals(0, up.net.flows().get(0).heldBytes());
    up.submit(1, 50);
    up.runFor(60 * MS);
    assertEquals(Outcome.TIMEOUT, up.outcomes.get(1L));
    assertEquals(2, up.net.flows().get(0).heldBytes(), "the request and its RST_STREAM wait at the proxy");

    Stack down = new Stack("h2-naive", ServerConfig.defaults().withDelay(DelayModel.fixed(Duration.ofMillis(1))));
    down.warm();
    down.net.unplug(1, Direction.DOWNSTREAM, false).join();
    assertEquals(FlowState.UNPLUGGED_DOWNSTREAM, down.net.flows().get(0).state());
    down.submit(1, 50);
    down.runFor(60 * MS);
    assertEquals(Outcome.TIMEOUT, down.outcomes.get(1L), "the request reached the server, its answer is held");
  }

  @Test
  void addedLatencyDelaysBothWays() {
    Stack s = new Stack("h2-naive");
    s.warm();
    s.net.latency(1, Duration.ofMillis(200)).join();
    s.submit(1, 1000);
    s.runFor(500 * MS);
    assertEquals(Outcome.OK, s.outcomes.get(1L));
    assertEquals(400 * MS + 2 * ONE_WAY, s.finished(1).latencyNanos());
  }

  @Test
  void resetAndCloseEndTheConnectionAtOnce() {
    Stack s = new Stack("h2-naive", ServerConfig.defaults().withDelay(DelayModel.fixed(Duration.ofMillis(5))));
    s.warm();
    s.submit(1, 1000);
    s.runFor(1 * MS);
    s.net.reset(1).join();
    assertEquals(Outcome.ERROR, s.outcomes.get(1L));
    Event.ConnectionClosed closed = s.events(Event.ConnectionClosed.class).get(0);
    assertEquals(CloseReason.IO_ERROR, closed.reason());
    assertEquals("reset by proxy", s.events(Event.FlowClosed.class).get(0).why());

    s.submit(2, 1000);
    s.runFor(1 * MS);
    s.net.closeFlow(2).join();
    assertEquals(Outcome.ERROR, s.outcomes.get(2L));
    assertEquals(CloseReason.PEER_CLOSED, s.events(Event.ConnectionClosed.class).get(1).reason());
    assertTrue(s.net.closeFlow(2).isCompletedExceptionally(), "a finished flow cannot be faulted");
    assertTrue(s.net.closeFlow(99).isCompletedExceptionally());
  }

  @Test
  void theServerAdvertisesItsStreamLimitAndHonoursHandlerDelay() {
    Stack s = new Stack("h2-naive", ServerConfig.defaults().withMaxConcurrentStreams(2)
        .withDelay(DelayModel.fixed(Duration.ofMillis(3))));
    for (int i = 1; i <= 3; i++) s.submit(i, 100);
    s.runFor(20 * MS);
    assertEquals(2, s.events(Event.ConnectionReady.class).get(0).maxConcurrentStreams());
    assertEquals(2, s.events(Event.ConnectionDialed.class).size(), "the third request needs a second connection");
    for (long i = 1; i <= 3; i++) {
      assertEquals(Outcome.OK, s.outcomes.get(i));
      assertTrue(s.finished(i).latencyNanos() >= 3 * MS);
    }
  }

  @Test
  void pingsArePolicedLikeGrpc() {
    Stack s = new Stack("h2-interval-ping:period=10ms",
        ServerConfig.defaults().withPingLimit(new ServerConfig.PingLimit(Duration.ofSeconds(1), 2)));
    s.warm();
    s.runFor(100 * MS);
    List<Event.ServerPingReceived> pings = s.events(Event.ServerPingReceived.class);
    assertEquals(List.of(0, 1, 2, 3), pings.stream().map(Event.ServerPingReceived::strikes).toList(),
        "the first PING is free, each later one within 1 s is a strike, the fourth exceeds 2");
    Event.ServerGoAwaySent goAway = s.events(Event.ServerGoAwaySent.class).get(0);
    assertEquals(0xb, goAway.errorCode());
    assertEquals(0xb, s.events(Event.GoAwayReceived.class).get(0).errorCode());
    assertEquals(CloseReason.GOAWAY, s.events(Event.ConnectionClosed.class).get(0).reason());
  }
}
