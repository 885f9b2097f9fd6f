package io.blastradius.core.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.blastradius.core.event.Event;
import io.blastradius.core.event.EventSink;
import io.blastradius.core.event.Outcome;
import io.blastradius.core.load.FaultPlan;
import io.blastradius.core.load.LoadConfig;
import io.blastradius.core.policy.PolicySpec;
import io.blastradius.core.run.RunConfig;
import io.blastradius.core.score.Scorecard;
import io.blastradius.core.server.DelayModel;
import io.blastradius.core.server.ServerConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each real client through the fault proxy to the embedded server on loopback: what its own API
 * says becomes the same events a pool emits, and closing the run leaves none of its threads.
 */
@Timeout(120)
class RealClientRunTest {
  static final List<String> THREADS = List.of("blastradius-jetty", "blastradius-reactor", "blastradius-jdk-client",
      "OkHttp Dispatcher", "blastradius-io", "blastradius-grpc");

  static List<Event> run(String client, LoadConfig load, Duration serverDelay) throws Exception {
    return run(client, load, serverDelay, FaultPlan.none());
  }

  static List<Event> run(String client, LoadConfig load, Duration serverDelay, FaultPlan faults) throws Exception {
    ServerConfig server = new ServerConfig("127.0.0.1", 0, 250, DelayModel.fixed(serverDelay), null);
    RunConfig config = RunConfig.of("test", PolicySpec.parse(client), load, server, faults);
    // The test keeps every event to look at them; the product folds them (RealClients.run).
    List<Event> events = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
    RealClients.run(config, events::add, 60_000);
    synchronized (events) {
      return List.copyOf(events);
    }
  }

  static Map<Outcome, Long> outcomes(List<Event> events) {
    return events.stream().filter(e -> e instanceof Event.RequestFinished).map(e -> ((Event.RequestFinished) e).outcome())
        .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
  }

  static void assertNoClientThreadsLeft(String client) throws InterruptedException {
    // Threads end asynchronously after their pools were shut down; give them a bounded moment.
    for (int i = 0; i < 100 && !clientThreads().isEmpty(); i++) Thread.sleep(20);
    assertEquals(List.of(), clientThreads(), client + " left threads running");
  }

  static List<String> clientThreads() {
    return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
        .filter(n -> THREADS.stream().anyMatch(n::startsWith)).sorted().toList();
  }

  @ParameterizedTest
  @ValueSource(strings = {"okhttp/call-timeout", "okhttp/read-timeout", "jetty/http2", "reactor-netty/h2c", "jdk/http2",
      "grpc-java/deadline"})
  void healthyRequestsAreOkAndJoinedToTheConnectionsTheProxySaw(String client) throws Exception {
    List<Event> events = run(client, LoadConfig.sequential(50, Duration.ofSeconds(5)), Duration.ZERO);
    Scorecard card = Scorecard.of(client, events);
    assertEquals(50, card.requests());
    assertEquals(50, card.ok(), card.toString());
    assertTrue(card.connectionsOpened() >= 1, card.toString());
    long assigned = events.stream().filter(e -> e instanceof Event.RequestAssigned).count();
    if (!client.startsWith("jdk")) assertEquals(50, assigned, "every request joined to its connection");
    assertTrue(events.get(0) instanceof Event.RunStarted s && s.policy().startsWith(client.substring(0, client.indexOf('/'))));
    assertTrue(events.get(events.size() - 1) instanceof Event.RunFinished);
    assertNoClientThreadsLeft(client);
  }

  @ParameterizedTest
  @ValueSource(strings = {"okhttp/call-timeout", "okhttp/read-timeout", "jetty/http2", "reactor-netty/h2c", "jdk/http2",
      "grpc-java/deadline"})
  void theClientsOwnTimeoutIsATimeout(String client) throws Exception {
    List<Event> events = run(client, LoadConfig.sequential(4, Duration.ofMillis(40)), Duration.ofMillis(400));
    assertEquals(Map.of(Outcome.TIMEOUT, 4L), outcomes(events), events.toString());
    assertNoClientThreadsLeft(client);
  }

  @ParameterizedTest
  @ValueSource(strings = {"okhttp/call-timeout", "jetty/http2", "reactor-netty/h2c", "jdk/http2", "grpc-java/deadline"})
  void aDeliberateCancelIsACancelNotAFailure(String client) throws Exception {
    // Every request is cancelled within the first quarter of its 2 s allowance; the server takes 1 s.
    LoadConfig load = new LoadConfig(4, 2, Duration.ofSeconds(2), 1.0, Duration.ZERO, 1);
    List<Event> events = run(client, load, Duration.ofSeconds(1));
    assertEquals(Map.of(Outcome.CANCELLED, 4L), outcomes(events), events.toString());
    assertNoClientThreadsLeft(client);
  }

  @org.junit.jupiter.api.Test
  void okHttpsPingIntervalIsCountedFromTheWire() throws Exception {
    // 4 requests the server holds 400 ms each: 1.6 s of open connections, a PING every 200 ms. (A
    // pong later than the period fails OkHttp's connection and a request with it, which a loaded
    // machine can cause: the outcomes are not what this test is about.)
    List<Event> events = run("okhttp/ping-interval:period=200ms", LoadConfig.sequential(4, Duration.ofSeconds(5)),
        Duration.ofMillis(400));
    Scorecard card = Scorecard.of("okhttp/ping-interval", events);
    assertEquals(4, card.requests(), card.toString());
    long onTheWire = events.stream().filter(e -> e instanceof Event.WirePing p && p.fromClient() && !p.ack()).count();
    assertTrue(onTheWire >= 3, "PINGs the client sent on the wire: " + onTheWire);
    assertEquals(onTheWire, card.pingsSent(), "every PING the client sent is in its scorecard");
    long onConnections = events.stream().filter(e -> e instanceof Event.PingSent p && p.connId() >= 1).count();
    assertEquals(onTheWire, onConnections, "each on the connection of its flow");
    assertNoClientThreadsLeft("okhttp/ping-interval");
  }

  @org.junit.jupiter.api.Test
  void grpcKeepaliveClosesTheDeadConnectionAfterItsUnansweredPing() throws Exception {
    // Sequential calls with a 100 ms deadline; request 5 meets an unplugged flow. Every call on it
    // times out until keepalive (its PING every 10 s, unanswered for 1 s) closes it.
    FaultPlan unplug = new FaultPlan(List.of(new FaultPlan.At(5, io.blastradius.core.event.Fault.UNPLUG, null, null)));
    List<Event> events = run("grpc-java/keepalive:time=10s:timeout=1s", LoadConfig.sequential(150, Duration.ofMillis(100)),
        Duration.ZERO, unplug);
    Event.FlowFaulted fault = events.stream().filter(Event.FlowFaulted.class::isInstance).map(Event.FlowFaulted.class::cast)
        .findFirst().orElseThrow();
    // A held unplug keeps the client's bytes (its PING, its FIN) in the kernel: what shows is the
    // connection grpc-java opens once keepalive has given up on the dead one.
    Event.FlowOpened next = events.stream().filter(e -> e instanceof Event.FlowOpened o && o.t() > fault.t())
        .map(Event.FlowOpened.class::cast).findFirst()
        .orElseThrow(() -> new AssertionError("no new connection after the dead one: " + outcomes(events)));
    assertTrue(next.t() - fault.t() >= Duration.ofSeconds(10).toNanos(),
        "the first PING 10 s after the connection began, then 1 s for its ACK: " + (next.t() - fault.t()) / 1_000_000 + " ms");
    long failedBefore = events.stream().filter(e -> e instanceof Event.RequestFinished f && f.outcome().isFailure()
        && f.t() <= next.t()).count();
    assertTrue(failedBefore >= 50, "calls kept timing out on the dead connection meanwhile: " + failedBefore);
    long okAfter = events.stream().filter(e -> e instanceof Event.RequestFinished f && f.outcome() == Outcome.OK
        && f.t() > next.t()).count();
    assertTrue(okAfter > 0, "calls succeed again on the new connection: " + outcomes(events));
    assertNoClientThreadsLeft("grpc-java/keepalive");
  }

  @ParameterizedTest
  @ValueSource(strings = {"okhttp/call-timeout", "jetty/http2", "reactor-netty/h2c", "jdk/http2", "grpc-java/deadline"})
  void aTimedOutStreamIsResetOnTheWireAndTheClientSendsNoPings(String client) throws Exception {
    List<Event> events = run(client, LoadConfig.sequential(4, Duration.ofMillis(40)), Duration.ofMillis(400));
    assertEquals(Map.of(Outcome.TIMEOUT, 4L), outcomes(events), events.toString());
    // Each timed-out stream's RST_STREAM; the last one may still be in the client's queue when the run ends.
    long resets = events.stream().filter(e -> e instanceof Event.StreamReset r && r.sent()).count();
    assertTrue(resets >= 3 && resets <= 4, client + " reset " + resets + " streams: " + events);
    assertEquals(0, Scorecard.of(client, events).pingsSent(), client + " sends no PING of its own");
    assertNoClientThreadsLeft(client);
  }
}
