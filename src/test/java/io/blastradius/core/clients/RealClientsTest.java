package io.blastradius.core.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.blastradius.core.policy.Policies;
import io.blastradius.core.policy.PolicySpec;
import io.blastradius.core.policy.Protocol;
import java.net.JarURLConnection;
import java.net.URL;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;

/** Client ids, versions, parameters and the model each client names; no network. */
class RealClientsTest {

  @Test
  void idsCarryTheVersionTheLibrariesReportAtRunTime() throws Exception {
    assertTrue(RealClients.ids().contains("okhttp-" + okhttp3.OkHttp.VERSION + "/call-timeout"), RealClients.ids().toString());
    assertTrue(RealClients.ids().contains("jetty-" + org.eclipse.jetty.util.Jetty.VERSION + "/http2"));
    Runtime.Version v = Runtime.version();
    assertTrue(RealClients.ids().contains("jdk-" + v.feature() + "." + v.interim() + "." + v.update() + "/http2"));
    // reactor-netty has no version class: the build writes it from the pom; it must match the jar on the class path.
    URL jar = reactor.netty.http.client.HttpClient.class.getResource("HttpClient.class");
    Manifest m = ((JarURLConnection) jar.openConnection()).getManifest();
    String bundle = m.getMainAttributes().getValue("Bundle-Version").replace(".RELEASE", "");
    assertEquals(bundle, ReactorNettyClientSide.version());
    assertTrue(RealClients.ids().contains("reactor-netty-" + bundle + "/liveness"));
  }

  @Test
  void theVersionMayBeLeftOutAndIsAddedBack() {
    PolicySpec s = RealClients.validate(PolicySpec.parse("okhttp/read-timeout"));
    assertEquals("okhttp-" + okhttp3.OkHttp.VERSION + "/read-timeout", s.id());
    assertEquals(s, RealClients.validate(s), "the canonical form validates to itself");
    assertTrue(RealClients.isClient(PolicySpec.parse("jetty/http2")));
    assertFalse(RealClients.isClient(PolicySpec.parse("h2-naive")));
  }

  @Test
  void anUnknownClientNamesItselfAndTheKnownOnes() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> RealClients.validate(PolicySpec.parse("curlz/fast")));
    assertTrue(e.getMessage().startsWith("unknown client 'curlz/fast' (known: okhttp-"), e.getMessage());
    assertTrue(e.getMessage().contains("jetty-"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> RealClients.validate(PolicySpec.parse("okhttp/turbo")));
    assertTrue(e.getMessage().startsWith("unknown client 'okhttp/turbo'"), e.getMessage());
  }

  @Test
  void aVersionOtherThanTheBundledOneSaysWhichIsBundled() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> RealClients.validate(PolicySpec.parse("okhttp-4.12.0/call-timeout")));
    assertEquals("unknown client 'okhttp-4.12.0/call-timeout': this build bundles okhttp " + okhttp3.OkHttp.VERSION
        + " (okhttp-" + okhttp3.OkHttp.VERSION + "/call-timeout)", e.getMessage());
  }

  @Test
  void parametersAreCheckedBeforeAnythingStarts() {
    assertThrows(IllegalArgumentException.class, () -> RealClients.validate(PolicySpec.parse("okhttp/ping-interval:period=0s")));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> RealClients.validate(PolicySpec.parse("okhttp/call-timeout:period=1s")));
    assertTrue(e.getMessage().contains("has no parameter 'period'"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> RealClients.validate(PolicySpec.parse("jetty/http2+retry")));
    assertTrue(e.getMessage().contains("models only"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> RealClients.validate(PolicySpec.parse("reactor-netty/liveness:idle=soon")));
    e = assertThrows(IllegalArgumentException.class, () -> RealClients.validate(PolicySpec.parse("grpc-java/keepalive:time=5s")));
    assertTrue(e.getMessage().startsWith("time must be >= 10s: grpc-java raises"), e.getMessage());
  }

  @Test
  void everyClientNamesAValidModelAndCarriesItsParametersOver() {
    for (RealClients.Info info : RealClients.all()) {
      PolicySpec model = info.modelFor(PolicySpec.parse(info.id()));
      Policies.create(model);
      assertEquals(Protocol.H2, Policies.info(model.id()).protocol(), info.id());
    }
    RealClients.Info live = RealClients.info(PolicySpec.parse("reactor-netty/liveness"));
    assertEquals("h2-reactor-netty:liveness=true:idle=2s:ack=1s",
        live.modelFor(PolicySpec.parse("reactor-netty/liveness:idle=2s")).toString());
    RealClients.Info ping = RealClients.info(PolicySpec.parse("okhttp/ping-interval"));
    assertEquals("h2-interval-ping:period=250ms", ping.modelFor(PolicySpec.parse("okhttp/ping-interval:period=250ms")).toString());
    RealClients.Info grpc = RealClients.info(PolicySpec.parse("grpc-java/keepalive"));
    assertEquals("h2-grpc-keepalive:time=20s:timeout=300ms",
        grpc.modelFor(PolicySpec.parse("grpc-java/keepalive:time=20s:timeout=300ms")).toString());
    RealClients.Info jdk = RealClients.info(PolicySpec.parse("jdk/http2"));
    assertEquals("h1", jdk.modelFor(PolicySpec.parse("jdk/http2"), Protocol.H1).toString(),
        "a client that ended up on HTTP/1.1 is compared with h1");
    assertEquals("h2-naive", jdk.modelFor(PolicySpec.parse("jdk/http2"), Protocol.H2).toString());
  }

  @Test
  void agreementIsTenPercentOrTwoPerUnplug() {
    assertTrue(Fidelity.agrees(500, 505, 1));
    assertTrue(Fidelity.agrees(300, 294, 3));
    assertFalse(Fidelity.agrees(2500, 3, 3), "a cascade against one failure per unplug");
    assertTrue(Fidelity.agrees(9, 3, 3), "within 2 per unplug");
    assertFalse(Fidelity.agrees(10, 3, 3));
    assertTrue(Fidelity.agrees(0, 2, 0), "no unplug: 2 in all");
    assertFalse(Fidelity.agrees(100, 80, 1), "20 % apart on a large count");
  }
}
