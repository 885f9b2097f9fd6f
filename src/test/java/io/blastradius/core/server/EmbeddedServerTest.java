package io.blastradius.core.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.blastradius.core.event.Event;
import io.blastradius.core.testutil.H2TestClient;
import io.blastradius.core.testutil.H2TestClient.Closed;
import io.blastradius.core.testutil.H2TestClient.Data;
import io.blastradius.core.testutil.H2TestClient.GoAway;
import io.blastradius.core.testutil.H2TestClient.Headers;
import io.blastradius.core.testutil.H2TestClient.PingAck;
import io.blastradius.core.testutil.H2TestClient.Settings;
import io.blastradius.core.testutil.RawHttp1;
import io.blastradius.core.testutil.Waits;
import io.blastradius.core.time.Clock;
import io.blastradius.core.time.FakeClock;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.buffer.ByteBufUtil;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** The embedded server over real loopback sockets, against independent clients. */
class EmbeddedServerTest {
  private static final Duration T = Duration.ofSeconds(10);

  private EventLoopGroup group;
  private EmbeddedServer server;
  private final ConcurrentLinkedQueue<Event> events = new ConcurrentLinkedQueue<>();

  @BeforeEach
  void setUp() {
    group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
  }

  @AfterEach
  void tearDown() {
    if (server != null) server.close();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  private EmbeddedServer start(ServerConfig config) throws IOException {
    return start(config, Clock.SYSTEM);
  }

  private EmbeddedServer start(ServerConfig config, Clock clock) throws IOException {
    server = EmbeddedServer.start(config, group, clock, events::add);
    return server;
  }

  private static void within(Executable e) {
    assertTimeoutPreemptively(T, e);
  }

  private Socket socket() throws IOException {
    Socket s = new Socket(server.address().getAddress(), server.address().getPort());
    s.setSoTimeout((int) T.toMillis());
    return s;
  }

  private H2TestClient h2() throws InterruptedException {
    return H2TestClient.connect(group, server.address());
  }

  @Test
  void http1KeepAliveAnswersEveryGet() {
    within(() -> {
      start(ServerConfig.defaults());
      assertTrue(server.address().getAddress().isLoopbackAddress());
      assertTrue(server.address().getPort() > 0);
      try (Socket s = socket()) {
        for (int i = 0; i < 3; i++) {
          RawHttp1.get(s.getOutputStream(), "/r" + i);
          RawHttp1.Response r = RawHttp1.read(s.getInputStream());
          assertEquals("HTTP/1.1 200 OK", r.statusLine());
          assertTrue(r.headers().contains("content-length: 3"), r.headers());
          assertEquals("ok\n", r.body());
        }
      }
      assertEquals(3, server.requestsServed());
      assertEquals(1, server.connectionsAccepted(), "one keep-alive connection");
    });
  }

  @Test
  void http1PipelinedRequestsAreAnsweredInOrderAndConnectionCloseIsHonoured() {
    within(() -> {
      start(ServerConfig.defaults().withDelay(
          new DelayModel(DelayModel.Kind.UNIFORM, Duration.ZERO, Duration.ofMillis(30), 0, Duration.ZERO, 7)));
      try (Socket s = socket()) {
        String three = "GET /a HTTP/1.1\r\nHost: t\r\n\r\n".repeat(2) + "GET /c HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n";
        s.getOutputStream().write(three.getBytes(StandardCharsets.US_ASCII));
        InputStream in = s.getInputStream();
        for (int i = 0; i < 3; i++) assertEquals("ok\n", RawHttp1.read(in).body());
        assertEquals(-1, in.read(), "closed after the Connection: close request");
      }
    });
  }

  @Test
  void http2PriorKnowledgeGetAndSettings() {
    within(() -> {
      start(ServerConfig.defaults().withMaxConcurrentStreams(7));
      try (H2TestClient c = h2()) {
        assertEquals(7L, c.await(Settings.class, T).maxConcurrentStreams());
        int id = c.get("/");
        Headers h = c.await(Headers.class, T);
        assertEquals(id, h.streamId());
        assertEquals("200", h.status());
        Data d = c.await(Data.class, T);
        assertEquals(new Data(id, "ok\n", true), d);
      }
      assertEquals(1, server.requestsServed());
    });
  }

  @Test
  void defaultAdvertisesGoServersTwoHundredFiftyStreams() {
    within(() -> {
      start(ServerConfig.defaults());
      try (H2TestClient c = h2()) {
        assertEquals(250L, c.await(Settings.class, T).maxConcurrentStreams());
      }
    });
  }

  @Test
  void handlerDelayIsRespectedOnBothProtocols() {
    within(() -> {
      start(ServerConfig.defaults().withDelay(DelayModel.fixed(Duration.ofMillis(150))));
      try (Socket s = socket()) {
        long t0 = System.nanoTime();
        RawHttp1.get(s.getOutputStream(), "/");
        assertEquals("ok\n", RawHttp1.read(s.getInputStream()).body());
        assertTrue(System.nanoTime() - t0 >= 150_000_000L, "HTTP/1 answered before the delay");
      }
      try (H2TestClient c = h2()) {
        long t0 = System.nanoTime();
        c.get("/");
        c.await(Data.class, T);
        assertTrue(System.nanoTime() - t0 >= 150_000_000L, "HTTP/2 answered before the delay");
      }
    });
  }

  @Test
  void aResetStreamIsNeverAnswered() {
    within(() -> {
      start(ServerConfig.defaults().withDelay(DelayModel.fixed(Duration.ofMillis(100))));
      try (H2TestClient c = h2()) {
        int dead = c.get("/dead");
        c.cancel(dead);
        int live = c.get("/live"); // same delay, so its answer comes after the dead one's would have
        Data d = c.await(Data.class, T);
        assertEquals(live, d.streamId());
        List<H2TestClient.Seen> rest = c.drain();
        assertTrue(rest.stream().noneMatch(s -> s instanceof Headers h && h.streamId() == dead), rest.toString());
      }
      assertEquals(1, server.requestsServed());
    });
  }

  @Test
  void pingsAreCountedAndReportedWithoutALimit() {
    within(() -> {
      start(ServerConfig.defaults());
      try (H2TestClient c = h2()) {
        for (long i = 1; i <= 3; i++) {
          c.ping(i);
          assertEquals(i, c.await(PingAck.class, T).data());
        }
      }
      assertEquals(3, server.pingsReceived());
      List<Event.ServerPingReceived> pings = events(Event.ServerPingReceived.class);
      assertEquals(3, pings.size());
      assertTrue(pings.stream().allMatch(p -> p.strikes() == 0 && p.serverConnId() == 1), pings.toString());
      assertEquals(0, server.goAwaysSent());
    });
  }

  @Test
  void tooManyQuickPingsGetEnhanceYourCalmAndTheConnectionClosed() {
    within(() -> {
      FakeClock clock = new FakeClock(); // never moves: every ping after the first is "too soon"
      start(ServerConfig.defaults().withPingLimit(new ServerConfig.PingLimit(Duration.ofSeconds(1), 1)), clock);
      try (H2TestClient c = h2()) {
        c.ping(1);
        c.ping(2);
        c.ping(3);
        List<H2TestClient.Seen> seen = c.awaitClosed(T);
        GoAway g = seen.stream().filter(GoAway.class::isInstance).map(GoAway.class::cast).findFirst()
            .orElseThrow(() -> new AssertionError("no GOAWAY in " + seen));
        assertEquals(0xb, g.errorCode());
        assertEquals("too_many_pings", g.debug());
        assertInstanceOf(Closed.class, seen.get(seen.size() - 1));
      }
      assertEquals(List.of(0, 1, 2), events(Event.ServerPingReceived.class).stream().map(Event.ServerPingReceived::strikes).toList());
      assertEquals(List.of(new Event.ServerGoAwaySent(0, 1, 0xb, "too_many_pings")), events(Event.ServerGoAwaySent.class));
      assertEquals(1, server.goAwaysSent());
      assertEquals(3, server.pingsReceived());
    });
  }

  @Test
  void anAnswerBetweenPingsForgivesStrikes() {
    within(() -> {
      FakeClock clock = new FakeClock();
      start(ServerConfig.defaults().withPingLimit(new ServerConfig.PingLimit(Duration.ofSeconds(1), 1)), clock);
      try (H2TestClient c = h2()) {
        c.ping(1);
        c.await(PingAck.class, T);
        c.ping(2);
        c.await(PingAck.class, T);
        c.get("/");
        c.await(Data.class, T); // HEADERS + DATA sent: strikes back to 0
        c.ping(3);
        c.await(PingAck.class, T);
        c.get("/");
        c.await(Data.class, T);
        assertTrue(c.isOpen());
      }
      assertEquals(List.of(0, 1, 1), events(Event.ServerPingReceived.class).stream().map(Event.ServerPingReceived::strikes).toList());
      assertEquals(0, server.goAwaysSent());
    });
  }

  @Test
  void aGarbagePeerIsClosedAndOthersAreStillServed() {
    within(() -> {
      start(ServerConfig.defaults());
      try (Socket bad = socket(); H2TestClient good = h2()) {
        OutputStream out = bad.getOutputStream();
        out.write(new byte[] {0, 1, 2, 3, (byte) 0xff, '\r', '\n', '\r', '\n'});
        out.flush();
        InputStream in = bad.getInputStream();
        byte[] all = in.readAllBytes(); // returns at EOF: the server closed it
        assertTrue(new String(all, StandardCharsets.US_ASCII).startsWith("HTTP/1.1 400"), new String(all, StandardCharsets.US_ASCII));

        good.get("/");
        assertEquals("ok\n", good.await(Data.class, T).text());
      }
      try (Socket s = socket()) {
        RawHttp1.get(s.getOutputStream(), "/");
        assertEquals("ok\n", RawHttp1.read(s.getInputStream()).body());
      }
    });
  }

  @Test
  void garbageAfterTheHttp2PrefaceIsAConnectionError() {
    within(() -> {
      start(ServerConfig.defaults());
      try (Socket bad = socket()) {
        OutputStream out = bad.getOutputStream();
        out.write(ByteBufUtil.getBytes(Http2CodecUtil.connectionPrefaceBuf()));
        out.write("this is not a frame at all, not even close".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        bad.getInputStream().readAllBytes(); // SETTINGS, GOAWAY(PROTOCOL_ERROR), then EOF
      }
      assertEquals(1, server.goAwaysSent());
      Waits.until("the GOAWAY event", T, () -> !events(Event.ServerGoAwaySent.class).isEmpty());
      assertEquals(0x1, events(Event.ServerGoAwaySent.class).get(0).errorCode(), "PROTOCOL_ERROR");
      try (H2TestClient good = h2()) {
        good.get("/");
        assertEquals("ok\n", good.await(Data.class, T).text());
      }
    });
  }

  @Test
  void aPortInUseIsReportedByAddress() throws IOException {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      int port = taken.getLocalPort();
      IOException e = assertThrows(IOException.class,
          () -> EmbeddedServer.start(ServerConfig.defaults().withPort(port), group, Clock.SYSTEM, events::add));
      assertEquals("127.0.0.1:" + port + " is already in use", e.getMessage());
    }
  }

  @Test
  void closeEndsOpenConnectionsButNotTheGroup() {
    within(() -> {
      start(ServerConfig.defaults().withDelay(DelayModel.fixed(Duration.ofHours(1))));
      try (Socket s = socket(); H2TestClient c = h2()) {
        RawHttp1.get(s.getOutputStream(), "/");
        c.get("/");
        c.await(Settings.class, T);
        Waits.until("both connections accepted", T, () -> server.connectionsAccepted() == 2);
        server.close();
        assertEquals(-1, s.getInputStream().read());
        List<H2TestClient.Seen> seen = c.awaitClosed(T);
        assertTrue(seen.stream().anyMatch(x -> x instanceof GoAway g && g.errorCode() == 0), seen.toString());
      }
      assertTrue(!group.isShuttingDown());
    });
  }

  private <E extends Event> List<E> events(Class<E> type) {
    return events.stream().filter(type::isInstance).map(type::cast).toList();
  }
}
