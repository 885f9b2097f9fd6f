package io.blastradius.core.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.blastradius.core.event.Event;
import io.blastradius.core.event.Fault;
import io.blastradius.core.event.Outcome;
import io.blastradius.core.load.FaultPlan;
import io.blastradius.core.policy.Policies;
import io.blastradius.core.policy.PolicySpec;
import io.blastradius.core.policy.Protocol;
import io.blastradius.core.run.RunConfig;
import io.blastradius.core.run.Runs;
import io.blastradius.core.run.WireOptions;
import io.blastradius.core.scenario.Scenario;
import io.blastradius.core.scenario.ScenarioFiles;
import io.blastradius.core.score.ConnectionFlows;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The wire checks the pool's account: on the seed and concurrent presets (shortened), under every
 * policy, per connection, the streams (HTTP/1.1: requests), client resets, PINGs and PING ACKs the
 * proxy decoded match the pool's own events, stream by stream and payload by payload:
 *
 * <ul>
 *   <li>every stream, reset and PING on the wire is one the pool reported sending (nothing
 *       unaccounted for: this is how the pool's missing report of the codec's own
 *       RST_STREAM(STREAM_CLOSED) was found), and every PING ACK the pool took was on the wire;
 *   <li>every request the pool saw succeed crossed the wire (its HEADERS were read by the proxy);
 *   <li>on a flow never unplugged, where every byte the pool wrote was read, the counts are equal:
 *       the only bytes a healthy flow may not deliver are those still unread when the pool closed a
 *       connection with requests it had given up on (a timed-out HTTP/1.1 request, a dial the
 *       proxy had not finished), so the wire may miss at most those.
 * </ul>
 *
 * A held unplug is a black hole: afterwards the proxy reads at most one more chunk from the
 * client, so on an unplugged flow only the first two rules apply.
 */
@Timeout(300)
class WireMatchesPoolTest {

  static Stream<Arguments> runs() throws Exception {
    Scenario seed = ScenarioFiles.load("seed");
    seed = seed.withLoad(seed.load().withRequests(600)).withFaults(FaultPlan.unplugEvery(600));
    Scenario concurrent = ScenarioFiles.load("concurrent");
    concurrent = concurrent.withLoad(concurrent.load().withRequests(1200))
        .withFaults(new FaultPlan(List.of(new FaultPlan.At(600, Fault.UNPLUG, null, null))));
    List<Arguments> out = new ArrayList<>();
    for (Scenario s : List.of(seed, concurrent)) {
      for (PolicySpec p : Policies.parseList("all")) out.add(Arguments.of(s, p));
    }
    return out.stream();
  }

  /** One connection (pool) or flow (wire): what was sent and seen, by stream id and payload. */
  private static final class Side {
    final Set<Integer> streams = new HashSet<>();
    long h1Requests;
    final Map<Long, Integer> resetsByCode = new HashMap<>();
    final Set<Long> pings = new HashSet<>();
    final Set<Long> acks = new HashSet<>();
    final Set<Integer> okStreams = new HashSet<>();
    long okH1;
    long givenUp; // requests that ended without an answer (timeout, cancel, error)

    long count() {
      return streams.size() + h1Requests;
    }
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("runs")
  void theWireAgreesWithThePool(Scenario scenario, PolicySpec policy) throws Exception {
    RunConfig config = scenario.runConfig(policy).withWire(WireOptions.NONE.withDecode(true));
    List<Event> events = Runs.collect(config, e -> {}, 120_000);
    boolean h1 = Policies.create(policy).protocol() == Protocol.H1;

    ConnectionFlows joins = new ConnectionFlows();
    Set<Integer> unplugged = new HashSet<>();
    Map<Long, Side> pool = new HashMap<>();
    Map<Integer, Side> wire = new HashMap<>();
    for (Event e : events) {
      joins.accept(e);
      if (e instanceof Event.FlowFaulted f && f.fault() == Fault.UNPLUG) unplugged.add(f.flowId());
      if (e instanceof Event.RequestAssigned a) {
        Side s = pool.computeIfAbsent(a.connId(), k -> new Side());
        if (h1) s.h1Requests++;
        else s.streams.add(a.streamId());
      } else if (e instanceof Event.RequestFinished f && f.connId() != 0) {
        Side s = pool.computeIfAbsent(f.connId(), k -> new Side());
        if (f.outcome() == Outcome.OK) {
          if (h1) s.okH1++;
          else s.okStreams.add(f.streamId());
        } else {
          s.givenUp++;
        }
      } else if (e instanceof Event.StreamReset r && r.sent()) {
        pool.computeIfAbsent(r.connId(), k -> new Side()).resetsByCode.merge(r.errorCode(), 1, Integer::sum);
      } else if (e instanceof Event.PingSent p) {
        pool.computeIfAbsent(p.connId(), k -> new Side()).pings.add(p.payload());
      } else if (e instanceof Event.PingAcked p) {
        pool.computeIfAbsent(p.connId(), k -> new Side()).acks.add(p.payload());
      } else if (e instanceof Event.WireHeaders h && h.fromClient()) {
        wire.computeIfAbsent(h.flowId(), k -> new Side()).streams.add(h.streamId());
      } else if (e instanceof Event.WireHttp1 h && h.fromClient()) {
        wire.computeIfAbsent(h.flowId(), k -> new Side()).h1Requests++;
      } else if (e instanceof Event.WireReset r && r.fromClient()) {
        wire.computeIfAbsent(r.flowId(), k -> new Side()).resetsByCode.merge(r.errorCode(), 1, Integer::sum);
      } else if (e instanceof Event.WirePing p) {
        Side s = wire.computeIfAbsent(p.flowId(), k -> new Side());
        if (p.fromClient() && !p.ack()) s.pings.add(p.payload());
        if (!p.fromClient() && p.ack()) s.acks.add(p.payload());
      } else if (e instanceof Event.WireUndecoded u) {
        throw new AssertionError("the pool's own flows all decode: " + u);
      }
    }
    assertTrue(!pool.isEmpty(), "the run used connections");
    assertTrue(!unplugged.isEmpty(), "a flow was unplugged");
    for (Map.Entry<Long, Side> c : pool.entrySet()) {
      Integer flow = joins.flowOf(c.getKey());
      if (flow == null) continue; // a dial the proxy never accepted: nothing can have crossed
      Side p = c.getValue();
      Side w = wire.getOrDefault(flow, new Side());
      String where = scenario.name() + " " + policy + " conn " + c.getKey() + " flow " + flow + ": ";
      assertTrue(p.streams.containsAll(w.streams), where + "streams on the wire the pool never sent");
      assertTrue(w.h1Requests <= p.h1Requests, where + "HTTP/1.1 requests on the wire the pool never sent");
      for (Map.Entry<Long, Integer> r : w.resetsByCode.entrySet()) {
        assertTrue(r.getValue() <= p.resetsByCode.getOrDefault(r.getKey(), 0),
            where + "RST_STREAM(" + r.getKey() + ") on the wire " + w.resetsByCode + ", reported by the pool " + p.resetsByCode);
      }
      assertTrue(p.pings.containsAll(w.pings), where + "PINGs on the wire the pool never sent");
      assertTrue(w.acks.containsAll(p.acks), where + "PING ACKs the pool took that never crossed the wire");
      assertTrue(w.streams.containsAll(p.okStreams), where + "answered streams the wire never saw");
      assertTrue(w.h1Requests >= p.okH1, where + "answered HTTP/1.1 requests the wire never saw");
      if (!unplugged.contains(flow)) {
        assertTrue(w.count() >= p.count() - p.givenUp, where + "wire " + w.count() + " vs pool " + p.count()
            + " (" + p.givenUp + " given up)");
        if (p.givenUp == 0) {
          assertEquals(p.count(), w.count(), where + "streams");
          assertEquals(p.pings, w.pings, where + "PINGs");
        }
      }
    }
  }
}
