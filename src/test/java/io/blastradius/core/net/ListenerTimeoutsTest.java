package io.blastradius.core.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.blastradius.core.event.Event;
import io.blastradius.core.proxy.FaultProxy;
import io.blastradius.core.proxy.FlowInfo;
import io.blastradius.core.server.EmbeddedServer;
import io.blastradius.core.server.ServerConfig;
import io.blastradius.core.testutil.Waits;
import io.blastradius.core.time.Clock;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Slow and silent peers: connections that never complete a request or a preface are closed after
 * the handshake timeout by both listeners, while the pool's kind of connection (a real request,
 * then idle) and an unplugged flow are left alone; a reset peer costs no WARNING on stderr.
 */
@Timeout(60)
class ListenerTimeoutsTest {
  static final Duration T = Duration.ofSeconds(20);
  static final ListenerLimits FAST = new ListenerLimits(Duration.ofMillis(300));
  static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

  EventLoopGroup group;
  final List<Socket> sockets = new ArrayList<>();
  final ConcurrentLinkedQueue<Event> events = new ConcurrentLinkedQueue<>();

  @BeforeEach
  void setUp() {
    group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
  }

  @AfterEach
  void tearDown() throws IOException {
    for (Socket s : sockets) s.close();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  Socket connect(int port) throws IOException {
    Socket s = new Socket(LOOPBACK, port);
    s.setSoTimeout((int) T.toMillis());
    sockets.add(s);
    return s;
  }

  static void send(Socket s, String text) throws IOException {
    s.getOutputStream().write(text.getBytes(StandardCharsets.US_ASCII));
    s.getOutputStream().flush();
  }

  /** Reads until EOF (true) or a reset; false if the peer keeps the connection open past the socket timeout. */
  static boolean closedByPeer(Socket s) {
    try {
      InputStream in = s.getInputStream();
      while (in.read() >= 0) {
        // drain whatever came before the close
      }
      return true;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true; // reset
    }
  }

  /** Sends a request and reads the whole response (its body is "ok\n"); returns its status line. */
  static String okResponse(Socket s) throws IOException {
    send(s, "GET / HTTP/1.1\r\nHost: x\r\n\r\n");
    StringBuilder b = new StringBuilder();
    InputStream in = s.getInputStream();
    while (!b.toString().endsWith("\r\n\r\nok\n")) {
      int c = in.read();
      if (c < 0) break;
      b.append((char) c);
    }
    return b.toString().lines().findFirst().orElse("");
  }

  int flowOf(FaultProxy proxy, Socket s) {
    Waits.until("the proxy's flow for port " + s.getLocalPort(), T, () -> proxy.flowByClientPort(s.getLocalPort()).isPresent());
    return proxy.flowByClientPort(s.getLocalPort()).orElseThrow().id();
  }

  @Test
  void theServerClosesSlowlorisAndSilentConnectionsButNotARealClient() throws Exception {
    try (EmbeddedServer server = EmbeddedServer.start(ServerConfig.defaults(), FAST, group, Clock.SYSTEM, events::add)) {
      int port = server.address().getPort();
      Socket real = connect(port);
      assertEquals("HTTP/1.1 200 OK", okResponse(real));
      List<Socket> slow = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        Socket s = connect(port);
        send(s, "GET / HTTP/1.1\r\nHost: x\r\nX-a: "); // a request head that never ends
        slow.add(s);
      }
      for (int i = 0; i < 20; i++) slow.add(connect(port)); // says nothing
      Socket half = connect(port);
      send(half, "PRI * HTTP/2.0\r\n"); // half a preface
      slow.add(half);
      for (Socket s : slow) assertTrue(closedByPeer(s), "closed after the handshake timeout");
      assertEquals(41, server.handshakeTimeouts());
      // The real client went idle before all of that and is still served.
      assertEquals("HTTP/1.1 200 OK", okResponse(real));
    }
  }

  /**
   * Over TLS the sniffer sees a ClientHello, not the preface: the HTTP/2 deadline ends at the
   * client's first SETTINGS. A client that finishes its TLS handshake and says nothing is still
   * closed; an HTTP/2 client keeps its connection past the deadline, with no GOAWAY.
   */
  @Test
  void overTlsTheDeadlineEndsAtTheHttp2ClientsSettingsAndASilentHandshakeIsClosed() throws Exception {
    // A deadline a cold JVM's first TLS handshake (hundreds of ms on a loaded machine) can meet:
    // the client must reach its SETTINGS before it, the silent socket is closed by it.
    ListenerLimits tlsLimits = new ListenerLimits(Duration.ofSeconds(2));
    try (EmbeddedServer server = EmbeddedServer.start(ServerConfig.defaults(), tlsLimits, group, Clock.SYSTEM, events::add,
        EmbeddedServer.selfSignedIdentity())) {
      java.security.cert.X509Certificate cert = server.tlsCertificate().orElseThrow();
      java.net.URI uri = java.net.URI.create("https://localhost:" + server.address().getPort() + "/");
      java.net.http.HttpClient h2 = java.net.http.HttpClient.newBuilder()
          .sslContext(io.blastradius.core.tls.TlsContexts.jdkTrusting(cert))
          .version(java.net.http.HttpClient.Version.HTTP_2).connectTimeout(T).build();
      java.net.http.HttpRequest get = java.net.http.HttpRequest.newBuilder(uri).timeout(T).build();
      assertEquals(java.net.http.HttpClient.Version.HTTP_2,
          h2.send(get, java.net.http.HttpResponse.BodyHandlers.ofString()).version());

      // Accepted after the HTTP/2 client: once it is closed, the client's deadline has passed too.
      javax.net.ssl.SSLSocket silent = (javax.net.ssl.SSLSocket) io.blastradius.core.tls.TlsContexts.jdkTrusting(cert)
          .getSocketFactory().createSocket(LOOPBACK, server.address().getPort());
      sockets.add(silent);
      silent.setSoTimeout((int) T.toMillis());
      javax.net.ssl.SSLParameters params = silent.getSSLParameters();
      params.setApplicationProtocols(new String[] {"h2"});
      silent.setSSLParameters(params);
      silent.startHandshake();
      assertEquals("h2", silent.getApplicationProtocol());
      assertTrue(closedByPeer(silent), "a TLS handshake and then nothing: closed after the handshake timeout");

      java.net.http.HttpResponse<String> again = h2.send(get, java.net.http.HttpResponse.BodyHandlers.ofString());
      assertEquals("ok\n", again.body());
      assertEquals(1, server.handshakeTimeouts(), "only the silent one");
      assertEquals(2, server.connectionsAccepted(), "the HTTP/2 client still on its first connection");
      // The silent one negotiated h2, so its close carries a GOAWAY; the client's connection (1) got none.
      assertEquals(List.of(2L), events.stream().filter(e -> e instanceof Event.ServerGoAwaySent)
          .map(e -> ((Event.ServerGoAwaySent) e).serverConnId()).toList());
    }
  }

  @Test
  void theProxyClosesASilentFlowButNotAnUnpluggedOne() throws Exception {
    try (ServerSocket target = new ServerSocket(0, 50, LOOPBACK)) {
      FaultProxy proxy = FaultProxy.start("127.0.0.1", 0, (java.net.InetSocketAddress) target.getLocalSocketAddress(),
          FAST, group, Clock.SYSTEM, events::add);
      try {
        int port = proxy.address().getPort();
        Socket a = connect(port);
        Socket b = connect(port);
        int bFlow = flowOf(proxy, b);
        proxy.unplug(bFlow).get(5, TimeUnit.SECONDS); // the pool's dead flow, say
        Socket c = connect(port);
        Socket talker = connect(port);
        send(talker, "x");
        assertTrue(closedByPeer(a));
        assertTrue(closedByPeer(c)); // b's check ran before c's: same loop, earlier deadline
        FlowInfo fb = proxy.flow(bFlow).orElseThrow();
        assertEquals(FlowInfo.FlowState.UNPLUGGED, fb.state(), "an unplugged flow is not timed out");
        b.setSoTimeout(200);
        assertThrows(SocketTimeoutException.class, () -> b.getInputStream().read(), "b sees a black hole, not a FIN");
        assertEquals(FlowInfo.FlowState.PLUGGED, proxy.flow(flowOf(proxy, talker)).orElseThrow().state());
        assertTrue(events.stream().anyMatch(e -> e instanceof Event.FlowClosed f && f.why().equals("no byte from the client within 300ms")),
            events.toString());
      } finally {
        proxy.close();
      }
    }
  }

  /**
   * With TLS intercepted the relay sees plaintext only; a client that finished its handshake with
   * the proxy has spoken all the same, and its flow is not timed out while it has nothing to ask.
   */
  @Test
  void theProxyCountsAnInterceptedHandshakeAsTheClientSpeaking(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    io.blastradius.core.tls.CertAuthority ca = io.blastradius.core.tls.CertAuthority.loadOrCreate(dir);
    try (EmbeddedServer server = EmbeddedServer.start(ServerConfig.defaults(), group, Clock.SYSTEM, events::add,
        EmbeddedServer.selfSignedIdentity())) {
      FaultProxy proxy = FaultProxy.start("127.0.0.1", 0, server.address(), FAST, group, Clock.SYSTEM, events::add,
          List.of(new io.blastradius.core.tls.Interception(ca, server.tlsCertificate().orElseThrow())),
          io.blastradius.core.proxy.FlowHook.NONE);
      try {
        int port = proxy.address().getPort();
        javax.net.ssl.SSLSocket tls = (javax.net.ssl.SSLSocket) io.blastradius.core.tls.TlsContexts
            .jdkTrusting(ca.certificate()).getSocketFactory().createSocket(LOOPBACK, port);
        sockets.add(tls);
        javax.net.ssl.SSLParameters params = tls.getSSLParameters();
        params.setApplicationProtocols(new String[] {"h2"});
        tls.setSSLParameters(params);
        tls.startHandshake(); // through the proxy's leaf: intercepted; then nothing
        assertEquals("h2", tls.getApplicationProtocol());
        int tlsFlow = flowOf(proxy, tls);
        Socket silent = connect(port); // accepted later: once it is closed, tls's deadline has passed too
        assertTrue(closedByPeer(silent));
        assertEquals(FlowInfo.FlowState.PLUGGED, proxy.flow(tlsFlow).orElseThrow().state(),
            "the intercepted client spoke (its handshake): not timed out; " + events);
        assertTrue(events.stream().noneMatch(e -> e instanceof Event.FlowClosed f && f.flowId() == tlsFlow));
      } finally {
        proxy.close();
      }
    }
  }

  @Test
  void aResetPeerPrintsNoWarning() throws Exception {
    List<LogRecord> warnings = new ArrayList<>();
    Handler capture = new Handler() {
      @Override
      public synchronized void publish(LogRecord r) {
        if (r.getLevel().intValue() >= Level.WARNING.intValue()) warnings.add(r);
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    Logger root = Logger.getLogger("");
    root.addHandler(capture);
    try (EmbeddedServer server = EmbeddedServer.start(ServerConfig.defaults(), group, Clock.SYSTEM, events::add)) {
      int port = server.address().getPort();
      Socket idle = connect(port);
      Socket h2 = connect(port);
      send(h2, "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n");
      h2.getInputStream().readNBytes(9); // the server's SETTINGS frame header: the h2 handler is in
      Socket h1 = connect(port);
      assertEquals("HTTP/1.1 200 OK", okResponse(h1));
      for (Socket s : List.of(idle, h2, h1)) {
        s.setSoLinger(true, 0); // close() sends RST
        s.close();
      }
      Waits.until("three connections ended by a reset", T, () -> server.connectionErrors() >= 2);
    } finally {
      root.removeHandler(capture);
    }
    synchronized (capture) {
      assertEquals(List.of(), warnings.stream().map(r -> r.getLoggerName() + ": " + r.getMessage()).toList());
    }
  }
}
