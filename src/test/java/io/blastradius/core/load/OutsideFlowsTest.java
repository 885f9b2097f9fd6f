package io.blastradius.core.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.blastradius.core.event.Event;
import io.blastradius.core.event.Fault;
import io.blastradius.core.policy.Policies;
import io.blastradius.core.policy.PolicySpec;
import io.blastradius.core.pool.ClientPool;
import io.blastradius.core.proxy.FaultProxy;
import io.blastradius.core.run.Run;
import io.blastradius.core.run.RunConfig;
import io.blastradius.core.server.EmbeddedServer;
import io.blastradius.core.server.ServerConfig;
import io.blastradius.core.testutil.Waits;
import io.blastradius.core.time.Clock;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.net.InetAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Connections to the proxy from outside the pool are not part of the experiment: the fault
 * schedule picks among the pool's own flows, and the outside ones are reported as such. Before,
 * 100 idle outside connections made the seed's unplug land on one of them almost every time and
 * h2-naive's cascade vanished from the scorecard.
 */
@Timeout(120)
class OutsideFlowsTest {
  static final Duration T = Duration.ofSeconds(30);

  @Test
  void h2NaiveStillCascadesWithAHundredIdleOutsideConnections() throws Exception {
    ConcurrentLinkedQueue<Event> events = new ConcurrentLinkedQueue<>();
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    List<Socket> outside = new ArrayList<>();
    EmbeddedServer server = EmbeddedServer.start(ServerConfig.defaults(), group, Clock.SYSTEM, events::add);
    FaultProxy proxy = FaultProxy.start("127.0.0.1", 0, server.address(), group, Clock.SYSTEM, events::add);
    ClientPool pool = new ClientPool(group.next(), proxy.address(), Policies.create(PolicySpec.parse("h2-naive")),
        Clock.SYSTEM, events::add);
    proxy.ownClients(pool::ownsClientPort);
    try {
      for (int i = 0; i < 100; i++) outside.add(new Socket(InetAddress.getLoopbackAddress(), proxy.address().getPort()));
      Waits.until("100 outside flows", T, () -> events.stream().filter(Event.FlowOutside.class::isInstance).count() == 100);

      // The seed's shape, small: sequential, unplug before requests 100 and 300.
      LoadConfig load = LoadConfig.sequential(400, Duration.ofMillis(25));
      LoadDriver driver = new LoadDriver(load, FaultPlan.unplugEvery(200), pool, proxy);
      driver.start();
      driver.done().get(90, TimeUnit.SECONDS);

      Set<Integer> outsidePorts = outside.stream().map(Socket::getLocalPort).collect(Collectors.toSet());
      Map<Integer, Integer> portOfFlow = events.stream().filter(Event.FlowOpened.class::isInstance)
          .map(Event.FlowOpened.class::cast).collect(Collectors.toMap(Event.FlowOpened::flowId, Event.FlowOpened::clientPort));
      assertEquals(outsidePorts, events.stream().filter(Event.FlowOutside.class::isInstance)
          .map(e -> ((Event.FlowOutside) e).clientPort()).collect(Collectors.toSet()), "exactly the outside connections are flagged");
      List<Integer> unplugged = events.stream().filter(e -> e instanceof Event.FlowFaulted f && f.fault() == Fault.UNPLUG)
          .map(e -> ((Event.FlowFaulted) e).flowId()).toList();
      assertEquals(1, unplugged.size(), "one unplug: after it the pool's only flow is dead, and no outside flow is picked");
      assertTrue(!outsidePorts.contains(portOfFlow.get(unplugged.get(0))), "the unplugged flow is the pool's");

      List<Event.RequestFinished> done = events.stream().filter(Event.RequestFinished.class::isInstance)
          .map(Event.RequestFinished.class::cast).toList();
      assertEquals(400, done.size());
      long after = done.stream().filter(f -> f.requestId() >= 100).count();
      long failedAfter = done.stream().filter(f -> f.requestId() >= 100 && f.outcome().isFailure()).count();
      assertTrue(failedAfter >= 0.95 * after, "h2-naive cascades: " + failedAfter + "/" + after + " failed after the unplug");
    } finally {
      for (Socket s : outside) s.close();
      pool.loop().submit(pool::close).syncUninterruptibly();
      proxy.close();
      server.close();
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
  }

  @Test
  void theOutsideFlagIsARecordingKindOfItsOwn() throws Exception {
    var mapper = io.blastradius.core.record.RecordingJson.mapper();
    Event e = new Event.FlowOutside(21, 2, 50999);
    String json = mapper.writerFor(Event.class).writeValueAsString(e);
    assertEquals("{\"kind\":\"flow-outside\",\"t\":21,\"flowId\":2,\"clientPort\":50999}", json);
    assertEquals(e, mapper.readerFor(Event.class).readValue(json));
  }

  @Test
  void aRunFlagsAnOutsideConnectionAndNotItsOwn() throws Exception {
    ConcurrentLinkedQueue<Event> events = new ConcurrentLinkedQueue<>();
    RunConfig config = RunConfig.of("outside", PolicySpec.parse("h1"),
        LoadConfig.sequential(1_000_000, Duration.ofSeconds(2)), ServerConfig.defaults(), FaultPlan.none());
    try (Run run = Run.start(config, events::add);
        Socket s = new Socket(InetAddress.getLoopbackAddress(), run.proxy().address().getPort())) {
      Waits.until("a flow-outside event", T, () -> events.stream().anyMatch(Event.FlowOutside.class::isInstance));
      Waits.until("a pool connection ready", T, () -> events.stream().anyMatch(Event.ConnectionReady.class::isInstance));
      List<Event.FlowOutside> flagged = events.stream().filter(Event.FlowOutside.class::isInstance).map(Event.FlowOutside.class::cast).toList();
      assertEquals(List.of(s.getLocalPort()), flagged.stream().map(Event.FlowOutside::clientPort).toList());
      int poolPort = events.stream().filter(Event.ConnectionReady.class::isInstance).map(e -> ((Event.ConnectionReady) e).localPort())
          .findFirst().orElseThrow();
      assertTrue(events.stream().anyMatch(e -> e instanceof Event.FlowOpened o && o.clientPort() == poolPort),
          "the pool's flow is opened and not flagged");
    }
  }
}
