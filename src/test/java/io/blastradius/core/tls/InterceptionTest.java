package io.blastradius.core.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.blastradius.core.event.Event;
import io.blastradius.core.event.EventLog;
import io.blastradius.core.event.EventSink;
import io.blastradius.core.load.FaultPlan;
import io.blastradius.core.load.LoadConfig;
import io.blastradius.core.policy.PolicySpec;
import io.blastradius.core.proxy.FaultProxy;
import io.blastradius.core.run.RunConfig;
import io.blastradius.core.run.Runs;
import io.blastradius.core.run.WireOptions;
import io.blastradius.core.score.Scorecard;
import io.blastradius.core.server.EmbeddedServer;
import io.blastradius.core.server.ServerConfig;
import io.blastradius.core.time.Clock;
import io.blastradius.core.wire.WireDecoding;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code --tls-intercept}: the proxy terminates the client's TLS with a leaf from the BlastRadius
 * CA, negotiates ALPN upstream first and offers the client what the server chose; the wire decoder
 * then sees plaintext. Without it, TLS crosses the proxy as opaque records.
 */
@Timeout(120)
class InterceptionTest {

  @Test
  void aJdkClientTrustingTheCaGetsHttp2FromALeafTheCaSigned(@TempDir Path dir) throws Exception {
    CertAuthority ca = CertAuthority.loadOrCreate(dir);
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    EventLog log = new EventLog();
    try (EmbeddedServer server = EmbeddedServer.start(ServerConfig.defaults(), group, Clock.SYSTEM, EventSink.NONE,
        EmbeddedServer.selfSignedIdentity())) {
      FaultProxy proxy = FaultProxy.start("127.0.0.1", 0, server.address(), group, Clock.SYSTEM, log,
          List.of(new Interception(ca, server.tlsCertificate().orElseThrow()), new WireDecoding(Clock.SYSTEM, log)));
      try {
        URI uri = URI.create("https://localhost:" + proxy.address().getPort() + "/");
        HttpClient viaCa = HttpClient.newBuilder().sslContext(TlsContexts.jdkTrusting(ca.certificate()))
            .version(HttpClient.Version.HTTP_2).connectTimeout(Duration.ofSeconds(10)).build();
        HttpResponse<String> r = viaCa.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20)).build(),
            HttpResponse.BodyHandlers.ofString());
        assertEquals("ok\n", r.body());
        assertEquals(HttpClient.Version.HTTP_2, r.version(), "the server chose h2 upstream, so the client is offered h2");
        X509Certificate leaf = (X509Certificate) r.sslSession().orElseThrow().getPeerCertificates()[0];
        assertEquals(ca.certificate().getSubjectX500Principal(), leaf.getIssuerX500Principal());

        HttpClient http11 = HttpClient.newBuilder().sslContext(TlsContexts.jdkTrusting(ca.certificate()))
            .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
        HttpResponse<String> r1 = http11.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20)).build(),
            HttpResponse.BodyHandlers.ofString());
        assertEquals(HttpClient.Version.HTTP_1_1, r1.version(), "offered only http/1.1: upstream gets that offer");
        assertEquals("ok\n", r1.body());

        HttpClient trustsServerOnly = HttpClient.newBuilder()
            .sslContext(TlsContexts.jdkTrusting(server.tlsCertificate().orElseThrow()))
            .connectTimeout(Duration.ofSeconds(10)).build();
        assertThrows(SSLHandshakeException.class, () -> trustsServerOnly.send(HttpRequest.newBuilder(uri)
            .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString()),
            "the proxy, not the server, answers the handshake");
      } finally {
        proxy.close();
      }
    } finally {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
    List<Event> events = log.snapshot();
    assertTrue(events.contains(new Event.WireProtocol(eventT(events, "h2"), 1, "h2")), "decoded inside TLS: " + events);
    assertTrue(events.stream().anyMatch(e -> e instanceof Event.WireProtocol p && p.protocol().equals("http/1.1")));
  }

  private static long eventT(List<Event> events, String protocol) {
    return events.stream().filter(e -> e instanceof Event.WireProtocol p && p.protocol().equals(protocol))
        .findFirst().map(Event::t).orElse(-1L);
  }

  @ParameterizedTest
  @ValueSource(strings = {"h1", "h2-naive"})
  void aRunWithInterceptionIsDecodedInPlaintext(String policy, @TempDir Path dir) throws Exception {
    String before = System.getProperty("blastradius.configDir");
    System.setProperty("blastradius.configDir", dir.toString());
    try {
      RunConfig config = RunConfig.of("t", PolicySpec.parse(policy), LoadConfig.sequential(100, Duration.ofSeconds(10)),
          ServerConfig.defaults(), FaultPlan.none()).withWire(new WireOptions(true, true, true, null));
      List<Event> events = Runs.collect(config);
      assertEquals(100, Scorecard.of(policy, events).ok());
      long requests = events.stream().filter(e -> e instanceof Event.WireHeaders h && h.fromClient()
          || e instanceof Event.WireHttp1 h1 && h1.fromClient()).count();
      assertEquals(100, requests, "every request seen in plaintext");
      assertTrue(events.stream().noneMatch(Event.WireUndecoded.class::isInstance));
      assertTrue(dir.resolve(CertAuthority.CERT_FILE).toFile().isFile(), "the CA was created in the config dir");
    } finally {
      if (before == null) System.clearProperty("blastradius.configDir");
      else System.setProperty("blastradius.configDir", before);
    }
  }

  @Test
  void withoutInterceptionTlsIsRelayedOpaqueAndShownUndecoded() throws Exception {
    RunConfig config = RunConfig.of("t", PolicySpec.parse("h2-naive"), LoadConfig.sequential(20, Duration.ofSeconds(10)),
        ServerConfig.defaults(), FaultPlan.none()).withWire(WireOptions.NONE.withTls(true).withDecode(true));
    List<Event> events = Runs.collect(config);
    assertEquals(20, Scorecard.of("h2-naive", events).ok());
    List<Event.WireUndecoded> u = events.stream().filter(Event.WireUndecoded.class::isInstance)
        .map(Event.WireUndecoded.class::cast).toList();
    assertEquals(1, u.size());
    assertTrue(u.get(0).why().startsWith("TLS"), u.get(0).why());
    assertTrue(events.stream().noneMatch(e -> e instanceof Event.WireHeaders), "nothing decoded from ciphertext");
  }
}
