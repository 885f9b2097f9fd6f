package io.blastradius.core.proxy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.blastradius.core.event.Event;
import io.blastradius.core.event.Fault;
import io.blastradius.core.proxy.FaultProxy.Direction;
import io.blastradius.core.proxy.FlowInfo.FlowState;
import io.blastradius.core.testutil.Waits;
import io.blastradius.core.time.Clock;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The fault proxy between two plain blocking sockets on loopback: the test plays both the client
 * and the target server, so it sees exactly which bytes cross, in which order, and when.
 */
class FaultProxyTest {
  private static final Duration T = Duration.ofSeconds(10);
  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

  private EventLoopGroup group;
  private ServerSocket target;
  private FaultProxy proxy;
  private final ConcurrentLinkedQueue<Event> events = new ConcurrentLinkedQueue<>();
  private final List<Socket> sockets = new java.util.ArrayList<>();

  /** A client socket, the target's end of the same flow, and the flow's id. */
  private record Link(Socket client, Socket server, int flowId) {}

  @BeforeEach
  void setUp() throws IOException {
    group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    target = new ServerSocket(0, 50, LOOPBACK);
    target.setSoTimeout((int) T.toMillis());
    proxy = FaultProxy.start("127.0.0.1", 0, (InetSocketAddress) target.getLocalSocketAddress(), group,
        Clock.SYSTEM, events::add);
  }

  @AfterEach
  void tearDown() throws IOException {
    for (Socket s : sockets) s.close();
    proxy.close();
    target.close();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  private static void within(Executable e) {
    assertTimeoutPreemptively(T, e);
  }

  private Link link() throws IOException {
    Socket c = new Socket(LOOPBACK, proxy.address().getPort());
    c.setSoTimeout((int) T.toMillis());
    Socket s = target.accept();
    s.setSoTimeout((int) T.toMillis());
    sockets.add(c);
    sockets.add(s);
    FlowInfo f = proxy.flowByClientPort(c.getLocalPort()).orElseThrow();
    // Accepted by the target is not yet seen by the proxy: wait until it relays (reads are asked for).
    Waits.until("flow " + f.id() + " connected", T, () -> proxy.targetConnected(f.id()));
    return new Link(c, s, f.id());
  }

  private static void send(Socket s, String text) throws IOException {
    s.getOutputStream().write(text.getBytes(StandardCharsets.US_ASCII));
    s.getOutputStream().flush();
  }

  private static String receive(Socket s, int n) throws IOException {
    byte[] b = s.getInputStream().readNBytes(n);
    return new String(b, StandardCharsets.US_ASCII);
  }

  /** Nothing readable now, nor within a short wait (a lower bound on "nothing arrives"). */
  private static void assertNothingArrives(Socket s) throws IOException {
    assertEquals(0, s.getInputStream().available());
    int old = s.getSoTimeout();
    s.setSoTimeout(150);
    try {
      assertThrows(SocketTimeoutException.class, () -> s.getInputStream().read());
    } finally {
      s.setSoTimeout(old);
    }
  }

  private FlowInfo info(int id) {
    return proxy.flow(id).orElseThrow();
  }

  private void awaitHeld(int id, long bytes) {
    Waits.until("flow " + id + " holding " + bytes + " bytes", T, () -> info(id).heldBytes() == bytes);
  }

  @Test
  void relaysBothWaysAndCounts() {
    within(() -> {
      Link l = link();
      send(l.client(), "hello");
      assertEquals("hello", receive(l.server(), 5));
      send(l.server(), "world!");
      assertEquals("world!", receive(l.client(), 6));
      FlowInfo f = info(l.flowId());
      assertEquals(new FlowInfo(1, l.client().getLocalPort(), FlowState.PLUGGED, 0, 5, 6, f.lastUpAt(), f.lastDownAt(), 0), f);
      assertTrue(f.lastUpAt() >= 0 && f.lastDownAt() >= f.lastUpAt(), f.toString());
      assertTrue(f.isLive());
      assertEquals(new Event.FlowOpened(events.peek().t(), 1, l.client().getLocalPort()), events.peek());
    });
  }

  @Test
  void unplugHoldsBytesAndReplugDeliversExactlyThemInOrder() {
    within(() -> {
      Link l = link();
      send(l.client(), "abc");
      assertEquals("abc", receive(l.server(), 3));

      proxy.unplug(l.flowId()).get(5, TimeUnit.SECONDS);
      assertEquals(FlowState.UNPLUGGED, info(l.flowId()).state());
      send(l.client(), "def");
      awaitHeld(l.flowId(), 3); // read by the proxy and kept
      send(l.client(), "ghi"); // read on and held too, up to Pipe.HOLD_CAP
      awaitHeld(l.flowId(), 6);
      send(l.server(), "xy");
      awaitHeld(l.flowId(), 8);
      assertNothingArrives(l.server());
      assertNothingArrives(l.client());

      proxy.replug(l.flowId()).get(5, TimeUnit.SECONDS);
      assertEquals("defghi", receive(l.server(), 6));
      assertEquals("xy", receive(l.client(), 2));
      assertNothingArrives(l.server());
      FlowInfo f = info(l.flowId());
      assertEquals(FlowState.PLUGGED, f.state());
      assertEquals(0, f.heldBytes());
      assertEquals(9, f.upBytes());
      assertEquals(List.of(new Event.FlowFaulted(0, 1, Fault.UNPLUG, "hold"), new Event.FlowFaulted(0, 1, Fault.REPLUG, "")),
          faults());
    });
  }

  @Test
  void dropModeDiscardsWhatIsSentWhileUnplugged() {
    within(() -> {
      Link l = link();
      proxy.unplug(l.flowId(), Direction.BOTH, true).get(5, TimeUnit.SECONDS);
      send(l.client(), "lost");
      send(l.server(), "gone!");
      Waits.until("9 bytes dropped", T, () -> proxy.droppedBytes(l.flowId()) == 9);
      assertEquals(0, info(l.flowId()).heldBytes());
      proxy.replug(l.flowId()).get(5, TimeUnit.SECONDS);
      send(l.client(), "kept");
      assertEquals("kept", receive(l.server(), 4));
      send(l.server(), "back");
      assertEquals("back", receive(l.client(), 4));
      assertNothingArrives(l.server());
      assertEquals(new Event.FlowFaulted(0, 1, Fault.UNPLUG, "drop"), faults().get(0));
    });
  }

  @Test
  void upstreamOnlyUnplugLetsTheOtherDirectionFlow() {
    within(() -> {
      Link l = link();
      proxy.unplug(l.flowId(), Direction.UPSTREAM, false).get(5, TimeUnit.SECONDS);
      assertEquals(FlowState.UNPLUGGED_UPSTREAM, info(l.flowId()).state());
      assertTrue(!info(l.flowId()).isLive());
      send(l.client(), "up");
      awaitHeld(l.flowId(), 2);
      send(l.server(), "down");
      assertEquals("down", receive(l.client(), 4));
      assertNothingArrives(l.server());
      proxy.replug(l.flowId()).get(5, TimeUnit.SECONDS);
      assertEquals("up", receive(l.server(), 2));
      assertEquals(Fault.UNPLUG_UPSTREAM, faults().get(0).fault());
    });
  }

  @Test
  void downstreamOnlyUnplugLetsRequestsThrough() {
    within(() -> {
      Link l = link();
      proxy.unplug(l.flowId(), Direction.DOWNSTREAM, false).get(5, TimeUnit.SECONDS);
      assertEquals(FlowState.UNPLUGGED_DOWNSTREAM, info(l.flowId()).state());
      send(l.server(), "answer");
      awaitHeld(l.flowId(), 6);
      send(l.client(), "request");
      assertEquals("request", receive(l.server(), 7));
      assertNothingArrives(l.client());
      proxy.replug(l.flowId()).get(5, TimeUnit.SECONDS);
      assertEquals("answer", receive(l.client(), 6));
    });
  }

  @Test
  void latencyDelaysEveryChunkBothWaysAndKeepsOrder() {
    within(() -> {
      Link l = link();
      proxy.latency(l.flowId(), Duration.ofMillis(120)).get(5, TimeUnit.SECONDS);
      assertEquals(120_000_000L, info(l.flowId()).latencyNanos());
      long t0 = System.nanoTime();
      send(l.client(), "1");
      send(l.client(), "2");
      send(l.client(), "3");
      assertEquals("123", receive(l.server(), 3));
      assertTrue(System.nanoTime() - t0 >= 120_000_000L, "upstream delivered before the latency");
      long t1 = System.nanoTime();
      send(l.server(), "back");
      assertEquals("back", receive(l.client(), 4));
      assertTrue(System.nanoTime() - t1 >= 120_000_000L, "downstream delivered before the latency");

      proxy.latency(l.flowId(), Duration.ZERO).get(5, TimeUnit.SECONDS);
      send(l.client(), "now");
      assertEquals("now", receive(l.server(), 3));
      assertEquals(List.of("120ms", "0ms"), faults().stream().map(Event.FlowFaulted::detail).toList());
    });
  }

  @Test
  void unplugWhileChunksWaitForLatencyHoldsThemFirst() {
    within(() -> {
      Link l = link();
      proxy.latency(l.flowId(), Duration.ofSeconds(30)).get(5, TimeUnit.SECONDS);
      send(l.client(), "early");
      Waits.until("the chunk read", T, () -> readUp(l) == 5);
      proxy.unplug(l.flowId()).get(5, TimeUnit.SECONDS);
      awaitHeld(l.flowId(), 5);
      send(l.client(), "late");
      awaitHeld(l.flowId(), 9);
      proxy.latency(l.flowId(), Duration.ZERO).get(5, TimeUnit.SECONDS);
      proxy.replug(l.flowId()).get(5, TimeUnit.SECONDS);
      assertEquals("earlylate", receive(l.server(), 9));
    });
  }

  /** Upstream bytes the proxy has read so far, delivered or not (test-only view via the flow). */
  private long readUp(Link l) {
    FlowInfo f = info(l.flowId());
    return f.upBytes() + f.heldBytes() + pendingLatency(l.flowId());
  }

  private long pendingLatency(int flowId) {
    try {
      return group.next().submit(() -> proxy.delayedBytes(flowId)).get(5, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void resetGivesBothPeersAConnectionReset() {
    within(() -> {
      Link l = link();
      send(l.client(), "x");
      assertEquals("x", receive(l.server(), 1));
      proxy.reset(l.flowId()).get(5, TimeUnit.SECONDS);
      SocketException c = assertThrows(SocketException.class, () -> l.client().getInputStream().read());
      assertEquals("Connection reset", c.getMessage());
      SocketException s = assertThrows(SocketException.class, () -> l.server().getInputStream().read());
      assertEquals("Connection reset", s.getMessage());
      Waits.until("FlowClosed", T, () -> !closes().isEmpty());
      assertEquals("reset by proxy", closes().get(0).why());
      assertEquals(FlowState.CLOSED, info(l.flowId()).state());
      assertEquals(List.of(new Event.FlowFaulted(0, 1, Fault.RESET, "")), faults());
    });
  }

  @Test
  void closeFlowGivesBothPeersEof() {
    within(() -> {
      Link l = link();
      proxy.closeFlow(l.flowId()).get(5, TimeUnit.SECONDS);
      assertEquals(-1, l.client().getInputStream().read());
      assertEquals(-1, l.server().getInputStream().read());
      Waits.until("FlowClosed", T, () -> !closes().isEmpty());
      assertEquals(new Event.FlowClosed(0, 1, "closed by proxy"), withoutTime(closes().get(0)));
      ExecutionException e = assertThrows(ExecutionException.class,
          () -> proxy.unplug(l.flowId()).get(5, TimeUnit.SECONDS));
      assertEquals("flow 1 is closed", e.getCause().getMessage());
    });
  }

  @Test
  void aPeerClosingIsPassedOnAndNamed() {
    within(() -> {
      Link a = link();
      a.client().close();
      assertEquals(-1, a.server().getInputStream().read());
      Link b = link();
      send(b.server(), "bye");
      b.server().close();
      assertEquals("bye", receive(b.client(), 3));
      assertEquals(-1, b.client().getInputStream().read());
      Waits.until("two FlowClosed", T, () -> closes().size() == 2);
      assertEquals(List.of(new Event.FlowClosed(0, 1, "client closed"), new Event.FlowClosed(0, 2, "server closed")),
          closes().stream().map(FaultProxyTest::withoutTime).toList());
    });
  }

  @Test
  void aServerFinIsHeldWhileUnpluggedLikeAnyOtherByte() {
    within(() -> {
      Link l = link();
      proxy.unplug(l.flowId()).get(5, TimeUnit.SECONDS);
      send(l.server(), "last");
      awaitHeld(l.flowId(), 4);
      l.server().close();
      assertNothingArrives(l.client()); // a black hole: no byte, no FIN, no RST
      assertEquals(FlowState.UNPLUGGED, info(l.flowId()).state());
      proxy.replug(l.flowId()).get(5, TimeUnit.SECONDS);
      assertEquals("last", receive(l.client(), 4));
      assertEquals(-1, l.client().getInputStream().read());
    });
  }

  @Test
  void aClientThatLeavesAnUnpluggedFlowReleasesIt() {
    within(() -> {
      Link l = link();
      proxy.unplug(l.flowId()).get(5, TimeUnit.SECONDS);
      send(l.client(), "last");
      awaitHeld(l.flowId(), 4);
      l.client().close(); // a pool evicting the dead connection
      // The proxy's connection to the server ends, and what the black hole swallowed stays there.
      assertEquals(-1, l.server().getInputStream().read());
      Waits.until("flow closed", T, () -> info(l.flowId()).state() == FlowState.CLOSED);
      assertEquals(List.of(new Event.FlowClosed(0, 1, "client left while unplugged")),
          closes().stream().map(FaultProxyTest::withoutTime).toList());
    });
  }

  @Test
  void holdingStopsReadingAtItsCapSoTheSenderIsBackpressured() {
    within(() -> {
      Link l = link();
      proxy.unplug(l.flowId()).get(5, TimeUnit.SECONDS);
      byte[] chunk = new byte[64 * 1024];
      Thread writer = new Thread(() -> {
        try {
          for (int i = 0; i < 4096; i++) l.client().getOutputStream().write(chunk); // 256 MiB: more than any buffer
        } catch (IOException ignored) {
          // closed by the test's teardown
        }
      });
      writer.setDaemon(true);
      writer.start();
      Waits.until("the hold cap reached", T, () -> info(l.flowId()).heldBytes() >= Pipe.HOLD_CAP);
      long held = info(l.flowId()).heldBytes();
      assertNothingArrives(l.server());
      // At most the chunk in flight when the cap was crossed comes on top; then nothing more is read.
      assertTrue(held < Pipe.HOLD_CAP + chunk.length * 4L, "held " + held);
      assertEquals(held, info(l.flowId()).heldBytes(), "no read past the cap");
      assertTrue(writer.isAlive(), "the sender is blocked by TCP backpressure");
    });
  }

  @Test
  void eventsCarryEachFlowsIdAndClientPort() {
    within(() -> {
      Link a = link();
      Link b = link();
      assertEquals(1, a.flowId());
      assertEquals(2, b.flowId());
      proxy.latency(2, Duration.ofMillis(5)).get(5, TimeUnit.SECONDS);
      List<Event.FlowOpened> opened = events.stream().filter(Event.FlowOpened.class::isInstance)
          .map(Event.FlowOpened.class::cast).toList();
      assertEquals(List.of(1, 2), opened.stream().map(Event.FlowOpened::flowId).toList());
      assertEquals(List.of(a.client().getLocalPort(), b.client().getLocalPort()),
          opened.stream().map(Event.FlowOpened::clientPort).toList());
      assertEquals(List.of(new Event.FlowFaulted(0, 2, Fault.LATENCY, "5ms")), faults());
      assertEquals(List.of(1, 2), proxy.flows().stream().map(FlowInfo::id).toList());
      assertEquals(2, proxy.flowByClientPort(b.client().getLocalPort()).orElseThrow().id());
    });
  }

  @Test
  void anUnknownFlowIsAnIllegalArgument() {
    within(() -> {
      for (CompletableFuture<Void> f : List.of(proxy.unplug(7), proxy.replug(7), proxy.latency(7, Duration.ZERO),
          proxy.reset(7), proxy.closeFlow(7), proxy.unplug(7, Direction.UPSTREAM, true))) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(5, TimeUnit.SECONDS));
        assertInstanceOf(IllegalArgumentException.class, e.getCause());
        assertEquals("no flow 7", e.getCause().getMessage());
      }
      assertTrue(proxy.flow(7).isEmpty());
      assertTrue(proxy.flowByClientPort(1).isEmpty());
    });
  }

  @Test
  void aFaultCalledOnTheFlowsLoopIsInEffectWhenItReturns() {
    within(() -> {
      Link l = link();
      boolean applied = group.next().submit(() -> {
        CompletableFuture<Void> f = proxy.unplug(l.flowId());
        return f.isDone() && !f.isCompletedExceptionally() && info(l.flowId()).state() == FlowState.UNPLUGGED;
      }).get(5, TimeUnit.SECONDS);
      assertTrue(applied);
    });
  }

  @Test
  void aRefusingTargetClosesTheClient() {
    within(() -> {
      int deadPort;
      try (ServerSocket s = new ServerSocket(0, 1, LOOPBACK)) {
        deadPort = s.getLocalPort();
      }
      try (FaultProxy p = FaultProxy.start("127.0.0.1", 0, new InetSocketAddress(LOOPBACK, deadPort), group,
          Clock.SYSTEM, events::add); Socket c = new Socket(LOOPBACK, p.address().getPort())) {
        c.setSoTimeout((int) T.toMillis());
        InputStream in = c.getInputStream();
        assertEquals(-1, in.read());
        Waits.until("FlowClosed", T, () -> !closes().isEmpty());
        assertTrue(closes().get(0).why().startsWith("target refused"), closes().get(0).why());
      }
    });
  }

  @Test
  void aPortInUseIsReportedByAddress() throws IOException {
    int port = proxy.address().getPort();
    IOException e = assertThrows(IOException.class, () -> FaultProxy.start("127.0.0.1", port,
        (InetSocketAddress) target.getLocalSocketAddress(), group, Clock.SYSTEM, events::add));
    assertEquals("127.0.0.1:" + port + " is already in use", e.getMessage());
  }

  @Test
  void closeEndsEveryFlow() {
    within(() -> {
      Link l = link();
      proxy.close();
      assertEquals(-1, l.client().getInputStream().read());
      assertEquals(-1, l.server().getInputStream().read());
      assertEquals(List.of(new Event.FlowClosed(0, 1, "proxy shut down")),
          closes().stream().map(FaultProxyTest::withoutTime).toList());
      // The JDK closes a listening socket on the selector's next pass, so poll for the refusal.
      int port = proxy.address().getPort();
      Waits.until("the port to refuse", T, () -> {
        try (Socket s = new Socket(LOOPBACK, port)) {
          return false;
        } catch (IOException refused) {
          return true;
        }
      });
    });
  }

  /**
   * A finished flow is kept as a snapshot only: its Flow object and both its channels become
   * garbage, while flows(), flow(id) and the "is closed" answer stay as they were.
   */
  @Test
  void aFinishedFlowKeepsASnapshotAndNoChannel() {
    within(() -> {
      ConcurrentLinkedQueue<java.lang.ref.WeakReference<Object>> refs = new ConcurrentLinkedQueue<>();
      try (FaultProxy p = FaultProxy.start("127.0.0.1", 0, (InetSocketAddress) target.getLocalSocketAddress(), group,
          Clock.SYSTEM, events::add, (id, client, server) -> {
            refs.add(new java.lang.ref.WeakReference<>(client));
            refs.add(new java.lang.ref.WeakReference<>(server));
          })) {
        int n = 20;
        for (int i = 0; i < n; i++) {
          try (Socket c = new Socket(LOOPBACK, p.address().getPort()); Socket s = target.accept()) {
            send(c, "x");
            assertEquals("x", receive(s, 1));
          }
        }
        Waits.until(n + " flows closed", T, () -> closes().size() == n);
        Waits.until("every flow finished", T, () -> p.flows().stream().allMatch(f -> f.state() == FlowState.CLOSED));
        assertEquals(0, p.heldFlowObjects());
        assertEquals(n, p.flows().size());
        assertEquals(FlowState.CLOSED, p.flow(1).orElseThrow().state());
        assertEquals(1, p.flow(1).orElseThrow().upBytes());
        ExecutionException e = assertThrows(ExecutionException.class, () -> p.unplug(1).get(5, TimeUnit.SECONDS));
        assertEquals("flow 1 is closed", e.getCause().getMessage());
        assertEquals(2 * n, refs.size());
        // Nothing but the proxy could keep these channels; a few collections must clear them all.
        for (int i = 0; i < 50 && refs.stream().anyMatch(r -> r.get() != null); i++) System.gc();
        assertEquals(0, refs.stream().filter(r -> r.get() != null).count(), "channels of finished flows still reachable");
      }
    });
  }

  @Test
  void manyBytesCrossUnchangedUnderBackpressure() {
    within(() -> {
      Link l = link();
      byte[] big = new byte[4 << 20];
      new java.util.Random(1).nextBytes(big);
      Thread writer = new Thread(() -> {
        try {
          l.client().getOutputStream().write(big);
        } catch (IOException ignored) {
          // the assertion below reports it
        }
      });
      writer.start();
      byte[] got = l.server().getInputStream().readNBytes(big.length);
      writer.join();
      assertArrayEquals(big, got);
      assertEquals(big.length, info(l.flowId()).upBytes());
    });
  }

  private List<Event.FlowFaulted> faults() {
    return events.stream().filter(Event.FlowFaulted.class::isInstance).map(Event.FlowFaulted.class::cast)
        .map(f -> new Event.FlowFaulted(0, f.flowId(), f.fault(), f.detail())).toList();
  }

  private List<Event.FlowClosed> closes() {
    return events.stream().filter(Event.FlowClosed.class::isInstance).map(Event.FlowClosed.class::cast).toList();
  }

  private static Event.FlowClosed withoutTime(Event.FlowClosed e) {
    return new Event.FlowClosed(0, e.flowId(), e.why());
  }
}
