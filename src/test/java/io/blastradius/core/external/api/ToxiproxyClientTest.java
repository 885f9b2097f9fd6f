package io.blastradius.core.external.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.ToxiproxyClient;
import eu.rekawek.toxiproxy.model.ToxicDirection;
import eu.rekawek.toxiproxy.model.toxic.Latency;
import eu.rekawek.toxiproxy.model.toxic.Timeout;
import io.blastradius.core.external.ExternalStack;
import io.blastradius.core.testutil.RawHttp1;
import io.blastradius.core.testutil.Waits;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout.ThreadMode;

/**
 * The real Toxiproxy Java client (eu.rekawek.toxiproxy:toxiproxy-java), unchanged, against our
 * API: it creates a proxy, adds and removes latency and timeout toxics, and each has its effect on
 * real HTTP/1.1 requests through the proxy to the embedded server. Then our extension unplugs one
 * flow while another stays live.
 */
@org.junit.jupiter.api.Timeout(value = 60, threadMode = ThreadMode.SEPARATE_THREAD)
class ToxiproxyClientTest {
  private static final Duration READ = Duration.ofSeconds(10);
  private ExternalStack stack;
  private ToxiproxyClient client;

  @BeforeEach
  void setUp() throws IOException {
    stack = new ExternalStack();
    client = new ToxiproxyClient("127.0.0.1", stack.apiPort());
  }

  @AfterEach
  void tearDown() throws IOException {
    stack.close();
  }

  private static int port(Proxy p) {
    return Integer.parseInt(p.getListen().substring(p.getListen().lastIndexOf(':') + 1));
  }

  private static long timedGet(Socket s) throws IOException {
    long t0 = System.nanoTime();
    RawHttp1.Response r = ExternalStack.get(s);
    assertEquals("HTTP/1.1 200 OK", r.statusLine());
    return (System.nanoTime() - t0) / 1_000_000;
  }

  @Test
  void createsListsAndDeletesAProxy() throws IOException {
    Proxy p = client.createProxy("svc", "127.0.0.1:0", stack.upstreamAddress());
    assertEquals("svc", p.getName());
    assertTrue(p.isEnabled());
    assertTrue(port(p) > 0, "the listen address comes back with the port bound: " + p.getListen());
    assertEquals(stack.upstreamAddress(), p.getUpstream());
    assertEquals(List.of("svc"), client.getProxies().stream().map(Proxy::getName).toList());
    assertEquals(port(p), port(client.getProxy("svc")));
    assertTrue(client.version().contains("version"), client.version());

    IOException dup = assertThrows(IOException.class, () -> client.createProxy("svc", "127.0.0.1:0", stack.upstreamAddress()));
    assertEquals("[409] proxy already exists", dup.getMessage());

    p.disable();
    assertFalse(client.getProxy("svc").isEnabled());
    assertThrows(IOException.class, () -> stack.connect(port(p), READ).getInputStream().read(),
        "a disabled proxy does not listen");
    p.enable();
    try (Socket s = stack.connect(port(p), READ)) {
      timedGet(s);
    }
    p.delete();
    assertTrue(client.getProxies().isEmpty());
    assertEquals(null, client.getProxyOrNull("svc"));
  }

  @Test
  void latencyToxicDelaysResponsesUntilRemoved() throws IOException {
    Proxy p = client.createProxy("svc", "127.0.0.1:0", stack.upstreamAddress());
    Socket s = stack.connect(port(p), READ);
    timedGet(s);

    Latency latency = p.toxics().latency("slow", ToxicDirection.DOWNSTREAM, 3000);
    assertEquals(3000, latency.getLatency());
    assertEquals(1, p.toxics().getAll().size());
    assertTrue(timedGet(s) >= 3000, "an open connection's responses wait for the toxic");
    try (Socket fresh = stack.connect(port(p), READ)) {
      assertTrue(timedGet(fresh) >= 3000, "and so do a new connection's");
    }

    latency.setJitter(100); // a partial update keeps the latency
    assertEquals(3000, p.toxics().get("slow", Latency.class).getLatency());
    assertEquals(100, p.toxics().get("slow", Latency.class).getJitter());

    latency.remove();
    assertTrue(p.toxics().getAll().isEmpty());
    assertTrue(timedGet(s) < 2900, "without the toxic the same connection answers at once");
  }

  @Test
  void timeoutToxicSwallowsRequestsAndClosesTheConnection() throws IOException {
    Proxy p = client.createProxy("svc", "127.0.0.1:0", stack.upstreamAddress());
    Timeout timeout = p.toxics().timeout("cut", ToxicDirection.UPSTREAM, 300);
    Socket s = stack.connect(port(p), READ);
    RawHttp1.get(s.getOutputStream(), "/");
    assertEquals(-1, s.getInputStream().read(), "no response: the request was dropped and the connection closed");

    timeout.setTimeout(0); // 0: drop forever, never close
    Socket held = stack.connect(port(p), READ);
    RawHttp1.get(held.getOutputStream(), "/");
    held.setSoTimeout(400);
    assertThrows(SocketTimeoutException.class, () -> held.getInputStream().read(), "dropped, still open");

    timeout.remove();
    assertEquals(-1, readOrEof(held), "removing a timeout toxic closes the connections it cut (as Toxiproxy does)");
    try (Socket fresh = stack.connect(port(p), READ)) {
      timedGet(fresh);
    }
  }

  private static int readOrEof(Socket s) throws IOException {
    s.setSoTimeout((int) READ.toMillis());
    return s.getInputStream().read();
  }

  @Test
  void flowExtensionUnplugsOneFlowWhileAnotherStaysLive() throws Exception {
    Proxy p = client.createProxy("svc", "127.0.0.1:0", stack.upstreamAddress());
    Socket a = stack.connect(port(p), READ);
    Socket b = stack.connect(port(p), READ);
    timedGet(a);
    timedGet(b);
    JsonNode flows = new ObjectMapper().readTree(stack.call("GET", "/proxies/svc/flows", null).body());
    assertEquals(2, flows.size(), flows.toString());
    int flowA = -1;
    for (JsonNode f : flows) {
      if (f.get("client_port").asInt() == a.getLocalPort()) flowA = f.get("id").asInt();
    }
    assertTrue(flowA > 0, "flow of client a among " + flows);

    ExternalStack.Reply unplugged = stack.call("POST", "/proxies/svc/flows/" + flowA + "/unplug", "{\"mode\":\"hold\"}");
    assertEquals(200, unplugged.status(), unplugged.body());
    assertEquals("unplugged", new ObjectMapper().readTree(unplugged.body()).get("state").asText());

    RawHttp1.get(a.getOutputStream(), "/");
    a.setSoTimeout(500);
    assertThrows(SocketTimeoutException.class, () -> a.getInputStream().read(), "the unplugged flow answers nothing");
    for (int i = 0; i < 5; i++) timedGet(b);

    assertEquals(200, stack.call("POST", "/proxies/svc/flows/" + flowA + "/replug", null).status());
    a.setSoTimeout((int) READ.toMillis());
    assertEquals("HTTP/1.1 200 OK", RawHttp1.read(a.getInputStream()).statusLine(), "held request delivered on replug");
    Waits.until("both flows plugged", READ, () -> {
      try {
        return !stack.call("GET", "/proxies/svc/flows", null).body().contains("unplugged");
      } catch (Exception e) {
        return false;
      }
    });
  }
}
