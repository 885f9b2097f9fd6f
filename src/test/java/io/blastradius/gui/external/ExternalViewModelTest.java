package io.blastradius.gui.external;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.ToxiproxyClient;
import io.blastradius.core.event.EventSink;
import io.blastradius.core.server.EmbeddedServer;
import io.blastradius.core.server.ServerConfig;
import io.blastradius.core.testutil.RawHttp1;
import io.blastradius.core.time.Clock;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Timeout.ThreadMode;

/**
 * The External workspace's view model without a window: add a proxy in front of a real server,
 * watch its flow's card, unplug, replug, add latency, reset, and serve the Toxiproxy API over the
 * window's proxies. Completions are run directly (no FX thread needed for properties).
 */
@Timeout(value = 60, threadMode = ThreadMode.SEPARATE_THREAD)
class ExternalViewModelTest {
  private EventLoopGroup group;
  private EmbeddedServer server;
  private ExecutorService background;
  private ExternalViewModel vm;

  @BeforeEach
  void setUp() throws Exception {
    group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    server = EmbeddedServer.start(ServerConfig.defaults(), group, Clock.SYSTEM, EventSink.NONE);
    background = Executors.newSingleThreadExecutor();
    vm = new ExternalViewModel(background, Runnable::run);
    vm.upstreamProperty().set("127.0.0.1:" + server.address().getPort());
  }

  @AfterEach
  void tearDown() {
    vm.close();
    background.shutdownNow();
    server.close();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  private int proxyPort() {
    String listen = vm.proxies().get(0).listen();
    return Integer.parseInt(listen.substring(listen.lastIndexOf(':') + 1));
  }

  private FlowCardModel onlyCard() {
    vm.refresh();
    vm.sample();
    assertEquals(1, vm.cards().size(), vm.cards().toString());
    return vm.cards().get(0);
  }

  /** The decoder sees the response just after the client may have read it: bounded polling. */
  private void awaitWire(FlowCardModel card, String expected) {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!expected.equals(card.wireProperty().get()) && System.nanoTime() < until) {
      java.util.concurrent.locks.LockSupport.parkNanos(5_000_000);
      onlyCard();
    }
    assertEquals(expected, card.wireProperty().get(), "the wire decoder's count on the card");
  }

  @Test
  void aCardPerFlowWithUnplugReplugLatencyAndReset() throws Exception {
    assertTrue(vm.addProxy().get(10, TimeUnit.SECONDS), vm.messageProperty().get());
    assertEquals("proxy-1", vm.proxies().get(0).name());
    assertTrue(vm.messageProperty().get().startsWith("proxy-1 listening on 127.0.0.1:"), vm.messageProperty().get());
    Socket s = new Socket(InetAddress.getLoopbackAddress(), proxyPort());
    s.setSoTimeout(10_000);
    RawHttp1.get(s.getOutputStream(), "/");
    assertEquals("HTTP/1.1 200 OK", RawHttp1.read(s.getInputStream()).statusLine());

    FlowCardModel card = onlyCard();
    assertEquals("PLUGGED", card.stateProperty().get());
    assertEquals("proxy-1 · flow 1", card.titleProperty().get());
    assertTrue(card.trafficProperty().get().startsWith("client :" + s.getLocalPort() + " · up "), card.trafficProperty().get());
    awaitWire(card, "wire http/1.1 · streams open 0 · opened 1 · reset 0");

    assertTrue(vm.toggleUnplug(card).get(10, TimeUnit.SECONDS));
    assertEquals(card, onlyCard(), "the same card, updated");
    assertTrue(card.unpluggedProperty().get());
    assertEquals("UNPLUGGED", card.stateProperty().get());
    RawHttp1.get(s.getOutputStream(), "/");
    s.setSoTimeout(500);
    assertThrows(SocketTimeoutException.class, () -> s.getInputStream().read());

    assertTrue(vm.toggleUnplug(card).get(10, TimeUnit.SECONDS));
    s.setSoTimeout(10_000);
    assertEquals("HTTP/1.1 200 OK", RawHttp1.read(s.getInputStream()).statusLine());
    onlyCard();
    assertFalse(card.unpluggedProperty().get());
    awaitWire(card, "wire http/1.1 · streams open 0 · opened 2 · reset 0"); // the held request reached the wire on replug

    assertTrue(vm.latency(card, 300).get(10, TimeUnit.SECONDS));
    onlyCard();
    assertEquals("+300 ms", card.latencyProperty().get());

    assertTrue(vm.reset(card).get(10, TimeUnit.SECONDS));
    assertThrows(SocketException.class, () -> s.getInputStream().read(), "RST");
    onlyCard();
    assertTrue(card.closedProperty().get());
    s.close();
  }

  /** Two proxies, each numbering its flows from 1: the recording holds both, and their replay shows two flows. */
  @Test
  void recordingHoldsEveryProxysFlowsUnderSessionIdsAndReplaysThemAll(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    assertTrue(vm.addProxy().get(10, TimeUnit.SECONDS), vm.messageProperty().get());
    assertTrue(vm.addProxy().get(10, TimeUnit.SECONDS), vm.messageProperty().get());
    assertTrue(vm.startRecording().get(10, TimeUnit.SECONDS), vm.messageProperty().get());
    assertTrue(vm.recordingProperty().get());
    List<Socket> clients = new java.util.ArrayList<>();
    try {
      for (ExternalSnapshot.ProxyView p : List.copyOf(vm.proxies())) {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), Integer.parseInt(p.listen().substring(p.listen().lastIndexOf(':') + 1)));
        clients.add(s);
        s.setSoTimeout(10_000);
        RawHttp1.get(s.getOutputStream(), "/");
        assertEquals("HTTP/1.1 200 OK", RawHttp1.read(s.getInputStream()).statusLine());
      }
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (System.nanoTime() < until && !(vm.cards().size() == 2
          && vm.cards().stream().allMatch(c -> c.wireProperty().get().contains("opened 1")))) {
        java.util.concurrent.locks.LockSupport.parkNanos(5_000_000);
        vm.refresh();
        vm.sample();
      }
      assertEquals(List.of("proxy-1 · flow 1", "proxy-2 · flow 1"),
          vm.cards().stream().map(c -> c.titleProperty().get()).sorted().toList(), "each proxy numbers its flows from 1");
      FlowCardModel second = vm.cards().stream().filter(c -> c.proxy().equals("proxy-2")).findFirst().orElseThrow();
      assertTrue(vm.toggleUnplug(second).get(10, TimeUnit.SECONDS), vm.messageProperty().get());
      assertTrue(vm.stopRecording().get(10, TimeUnit.SECONDS), vm.messageProperty().get());
    } finally {
      for (Socket s : clients) s.close();
    }
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (vm.lastRecordingProperty().get() == null && System.nanoTime() < until) java.util.concurrent.locks.LockSupport.parkNanos(5_000_000);
    java.nio.file.Path rec = dir.resolve("both.blastrec");
    assertTrue(vm.saveRecording(rec).get(10, TimeUnit.SECONDS), vm.messageProperty().get());

    io.blastradius.core.record.Recording r = io.blastradius.core.record.RecordingReader.read(rec);
    assertTrue(r.header().policy().startsWith("proxies 127.0.0.1:"), r.header().policy());
    assertEquals(List.of(1, 2), r.events().stream().filter(e -> e instanceof io.blastradius.core.event.Event.FlowOpened)
        .map(e -> ((io.blastradius.core.event.Event.FlowOpened) e).flowId()).sorted().toList(), "one session id per proxy's flow");
    assertEquals(java.util.Set.of(1, 2), r.events().stream().filter(e -> e instanceof io.blastradius.core.event.Event.WireHttp1)
        .map(e -> ((io.blastradius.core.event.Event.WireHttp1) e).flowId()).collect(java.util.stream.Collectors.toSet()),
        "both proxies' wire events, each under its flow's session id");

    assertTrue(vm.openRecording(rec).get(10, TimeUnit.SECONDS), vm.messageProperty().get());
    vm.replayTimeline().positionProperty().set(vm.replayTimeline().endProperty().get());
    until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (vm.cards().size() != 2 && System.nanoTime() < until) {
      java.util.concurrent.locks.LockSupport.parkNanos(5_000_000);
      vm.tick(System.nanoTime());
    }
    assertEquals(2, vm.cards().size(), "the replay shows both proxies' flows: " + vm.cards());
    assertTrue(vm.cards().stream().allMatch(FlowCardModel::replayed));
    assertEquals(1, vm.cards().stream().filter(c -> c.unpluggedProperty().get()).count(), "proxy-2's flow, unplugged as it was");
  }

  @Test
  void exportsTheCaForClientsToTrustAndNeverOverwrites(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    String before = System.getProperty("blastradius.configDir");
    System.setProperty("blastradius.configDir", dir.resolve("conf").toString());
    try {
      java.nio.file.Path pem = dir.resolve("blastradius-ca.pem");
      assertTrue(vm.exportCa(pem).get(10, TimeUnit.SECONDS), vm.messageProperty().get());
      assertTrue(vm.messageProperty().get().startsWith("CA certificate written to " + pem), vm.messageProperty().get());
      String exported = java.nio.file.Files.readString(pem);
      assertEquals(java.nio.file.Files.readString(dir.resolve("conf").resolve("ca.pem")), exported, "the CA the proxy signs with");
      java.security.cert.X509Certificate cert = (java.security.cert.X509Certificate) java.security.cert.CertificateFactory
          .getInstance("X.509").generateCertificate(new java.io.ByteArrayInputStream(exported.getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
      assertTrue(cert.getBasicConstraints() >= 0, "a CA certificate");

      java.nio.file.Path taken = java.nio.file.Files.writeString(dir.resolve("taken.pem"), "user data");
      assertFalse(vm.exportCa(taken).get(10, TimeUnit.SECONDS));
      assertEquals(taken + " already exists: choose another name", vm.messageProperty().get());
      assertEquals("user data", java.nio.file.Files.readString(taken), "untouched");
    } finally {
      if (before == null) System.clearProperty("blastradius.configDir");
      else System.setProperty("blastradius.configDir", before);
    }
  }

  @Test
  void badInputIsOneMessageAndChangesNothing() throws Exception {
    vm.upstreamProperty().set("nonsense");
    assertFalse(vm.addProxy().get(10, TimeUnit.SECONDS));
    assertEquals("upstream 'nonsense' is not HOST:PORT", vm.messageProperty().get());
    vm.upstreamProperty().set("127.0.0.1:" + server.address().getPort());
    vm.listenProperty().set("192.0.2.1:0");
    assertFalse(vm.addProxy().get(10, TimeUnit.SECONDS));
    assertTrue(vm.messageProperty().get().contains("is not loopback"), vm.messageProperty().get());
    vm.refresh();
    vm.sample();
    assertEquals(List.of(), vm.proxies());
    vm.listenProperty().set("127.0.0.1:0");
    assertTrue(vm.addProxy().get(10, TimeUnit.SECONDS), "and the next good one works");
  }

  @Test
  void theToxiproxyApiServesTheWindowsProxies() throws Exception {
    assertTrue(vm.addProxy().get(10, TimeUnit.SECONDS));
    vm.apiAddressProperty().set("127.0.0.1:0");
    assertTrue(vm.startApi().get(10, TimeUnit.SECONDS), vm.messageProperty().get());
    assertTrue(vm.apiRunningProperty().get());
    String status = vm.apiStatusProperty().get();
    int apiPort = Integer.parseInt(status.substring(status.lastIndexOf(':') + 1));
    ToxiproxyClient client = new ToxiproxyClient("127.0.0.1", apiPort);
    List<Proxy> proxies = client.getProxies();
    assertEquals(List.of("proxy-1"), proxies.stream().map(Proxy::getName).toList());
    client.createProxy("from-tests", "127.0.0.1:0", "127.0.0.1:" + server.address().getPort());
    vm.refresh();
    vm.sample();
    assertEquals(List.of("from-tests", "proxy-1"), vm.proxies().stream().map(ExternalSnapshot.ProxyView::name).toList(),
        "a proxy made through the API shows in the window");
  }

  @Test
  void interceptAndRecordingMistakesAreOneMessageAndStartNothing(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    vm.upstreamCaProperty().set(dir.resolve("server.pem").toString());
    assertFalse(vm.addProxy().get(10, TimeUnit.SECONDS));
    assertEquals("Upstream CA applies with Intercept TLS: tick it, or clear the upstream CA", vm.messageProperty().get());
    vm.interceptProperty().set(true);
    assertFalse(vm.addProxy().get(10, TimeUnit.SECONDS));
    assertEquals("upstream CA " + dir.resolve("server.pem") + ": no such file", vm.messageProperty().get());
    java.nio.file.Path junk = java.nio.file.Files.writeString(dir.resolve("junk.pem"), "not a certificate");
    vm.upstreamCaProperty().set(junk.toString());
    assertFalse(vm.addProxy().get(10, TimeUnit.SECONDS));
    assertTrue(vm.messageProperty().get().startsWith("upstream CA " + junk + " is not a PEM certificate"), vm.messageProperty().get());
    vm.refresh();
    vm.sample();
    assertEquals(List.of(), vm.proxies(), "no proxy started");

    assertFalse(vm.startRecording().get(10, TimeUnit.SECONDS));
    assertEquals("add a proxy first: Record records the session's proxies", vm.messageProperty().get());
    assertFalse(vm.recordingProperty().get());
    assertFalse(vm.saveRecording(dir.resolve("x.blastrec")).get(10, TimeUnit.SECONDS));
    assertEquals("Nothing to save yet: Record, then Stop; the recording is ready once stopped.", vm.messageProperty().get());
    assertFalse(vm.saveCapture(dir.resolve("x.pcap"), false).get(10, TimeUnit.SECONDS));
    assertFalse(java.nio.file.Files.exists(dir.resolve("x.blastrec")) || java.nio.file.Files.exists(dir.resolve("x.pcap")));
    assertFalse(vm.openRecording(dir.resolve("missing.blastrec")).get(10, TimeUnit.SECONDS));
    assertEquals("Could not open missing.blastrec: " + dir.resolve("missing.blastrec") + " does not exist", vm.messageProperty().get());
    assertFalse(vm.replayingProperty().get());
  }
}
