package io.blastradius.core.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.blastradius.core.event.EventSink;
import io.blastradius.core.testutil.RawHttp1;
import io.blastradius.core.time.Clock;
import io.blastradius.core.tls.Certificates;
import io.blastradius.core.tls.TlsContexts;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The JDK's own HTTP client reaches the embedded server on HTTP/2 over TLS (ALPN h2) and through
 * the cleartext h2c Upgrade, and HTTP/1.1 keeps working on both.
 */
class TlsAndUpgradeTest {
  private static EventLoopGroup group;
  private static EmbeddedServer server;

  @BeforeAll
  static void start() throws Exception {
    group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    server = EmbeddedServer.start(ServerConfig.defaults(), group, Clock.SYSTEM, EventSink.NONE,
        EmbeddedServer.selfSignedIdentity());
  }

  @AfterAll
  static void stop() {
    if (server != null) server.close();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  private static HttpClient client(HttpClient.Version v, boolean tls) {
    HttpClient.Builder b = HttpClient.newBuilder().version(v).connectTimeout(Duration.ofSeconds(5));
    if (tls) b.sslContext(TlsContexts.jdkTrusting(server.tlsCertificate().orElseThrow()));
    return b.build();
  }

  private static HttpResponse<String> get(HttpClient c, String scheme, String method) throws Exception {
    URI uri = URI.create(scheme + "://localhost:" + server.address().getPort() + "/");
    HttpRequest req = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
        .method(method, HttpRequest.BodyPublishers.noBody()).build();
    return c.send(req, HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void jdkClientGetsHttp2OverTlsByAlpn() throws Exception {
    HttpClient c = client(HttpClient.Version.HTTP_2, true);
    for (int i = 0; i < 3; i++) { // the same connection, several streams
      HttpResponse<String> r = get(c, "https", "GET");
      assertEquals(HttpClient.Version.HTTP_2, r.version());
      assertEquals(200, r.statusCode());
      assertEquals("ok\n", r.body());
    }
  }

  @Test
  void jdkClientAskingForHttp11OverTlsGetsHttp11() throws Exception {
    HttpResponse<String> r = get(client(HttpClient.Version.HTTP_1_1, true), "https", "GET");
    assertEquals(HttpClient.Version.HTTP_1_1, r.version());
    assertEquals("ok\n", r.body());
  }

  @Test
  void jdkClientReachesHttp2ThroughTheH2cUpgrade() throws Exception {
    HttpClient c = client(HttpClient.Version.HTTP_2, false);
    HttpResponse<String> first = get(c, "http", "GET"); // answered on stream 1 after the 101
    assertEquals(HttpClient.Version.HTTP_2, first.version());
    assertEquals("ok\n", first.body());
    HttpResponse<String> second = get(c, "http", "GET"); // an ordinary HTTP/2 stream on the same connection
    assertEquals(HttpClient.Version.HTTP_2, second.version());
    assertEquals("ok\n", second.body());
  }

  @Test
  void upgradedHeadRequestGetsNoBody() throws Exception {
    HttpResponse<String> r = get(client(HttpClient.Version.HTTP_2, false), "http", "HEAD");
    assertEquals(HttpClient.Version.HTTP_2, r.version());
    assertEquals("", r.body());
  }

  @Test
  void plainHttp11StillWorksAfterTheUpgradeHandlerLeaves() throws Exception {
    try (Socket s = new Socket("127.0.0.1", server.address().getPort())) {
      s.setSoTimeout(10_000);
      for (int i = 0; i < 3; i++) {
        RawHttp1.get(s.getOutputStream(), "/");
        RawHttp1.Response r = RawHttp1.read(s.getInputStream());
        assertEquals("HTTP/1.1 200 OK", r.statusLine());
        assertEquals("ok\n", r.body());
      }
    }
  }

  @Test
  void aClientThatDoesNotTrustTheCertificateFailsTheHandshakeAndTheServerServesOn() throws Exception {
    HttpClient stranger = HttpClient.newBuilder()
        .sslContext(TlsContexts.jdkTrusting(Certificates.selfSigned(Duration.ofDays(1), "localhost").cert()))
        .connectTimeout(Duration.ofSeconds(5)).build();
    assertThrows(SSLHandshakeException.class, () -> get(stranger, "https", "GET"));
    assertEquals("ok\n", get(client(HttpClient.Version.HTTP_2, true), "https", "GET").body());
  }

  @Test
  void withoutACertificateTlsIsNotSpoken() throws Exception {
    try (EmbeddedServer plain = EmbeddedServer.start(ServerConfig.defaults(), group, Clock.SYSTEM, EventSink.NONE)) {
      assertTrue(plain.tlsCertificate().isEmpty());
      HttpClient c = client(HttpClient.Version.HTTP_2, true);
      URI uri = URI.create("https://localhost:" + plain.address().getPort() + "/");
      assertThrows(java.io.IOException.class,
          () -> c.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
              HttpResponse.BodyHandlers.ofString()));
    }
  }
}
