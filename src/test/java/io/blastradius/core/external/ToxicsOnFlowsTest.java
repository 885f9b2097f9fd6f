package io.blastradius.core.external;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.blastradius.core.external.ExternalStack.Reply;
import io.blastradius.core.testutil.RawHttp1;
import java.net.ConnectException;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Timeout.ThreadMode;

/**
 * Toxics and proxy operations through the API on real flows (raw HTTP/1.1 over loopback to the
 * embedded server): what a client sees.
 */
@Timeout(value = 60, threadMode = ThreadMode.SEPARATE_THREAD)
class ToxicsOnFlowsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration QUIET = Duration.ofMillis(500);
  private static final Duration LONG = Duration.ofSeconds(10);
  private ExternalStack stack;
  private int port;

  @BeforeEach
  void setUp() throws Exception {
    stack = new ExternalStack();
    port = create("svc", stack.upstreamAddress());
  }

  @AfterEach
  void tearDown() throws Exception {
    stack.close();
  }

  private int create(String name, String upstream) throws Exception {
    Reply r = stack.call("POST", "/proxies", "{\"name\":\"" + name + "\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"" + upstream + "\"}");
    assertEquals(201, r.status(), r.body());
    return portOf(JSON.readTree(r.body()));
  }

  private static int portOf(JsonNode proxy) {
    String listen = proxy.get("listen").asText();
    return Integer.parseInt(listen.substring(listen.lastIndexOf(':') + 1));
  }

  private void toxic(String body) throws Exception {
    Reply r = stack.call("POST", "/proxies/svc/toxics", body);
    assertEquals(200, r.status(), r.body());
  }

  /** Nothing arrives for {@link #QUIET}; the socket's timeout is long again afterwards. */
  private static void assertSilent(Socket s, String... why) throws Exception {
    s.setSoTimeout((int) QUIET.toMillis());
    assertThrows(SocketTimeoutException.class, () -> s.getInputStream().read(), why.length > 0 ? why[0] : "silence");
    s.setSoTimeout((int) LONG.toMillis());
  }

  private void call(String method, String path, int status) throws Exception {
    Reply r = stack.call(method, path, null);
    assertEquals(status, r.status(), r.body());
  }

  @Test
  void blackholeHoldKeepsTheRequestAndDeliversItOnRemoval() throws Exception {
    Socket s = stack.connect(port, LONG);
    assertEquals("HTTP/1.1 200 OK", ExternalStack.get(s).statusLine());
    toxic("{\"name\":\"hole\",\"type\":\"blackhole\",\"stream\":\"upstream\"}");
    RawHttp1.get(s.getOutputStream(), "/");
    assertSilent(s, "silence: no response, no FIN, no RST");
    call("DELETE", "/proxies/svc/toxics/hole", 204);
    assertEquals("HTTP/1.1 200 OK", RawHttp1.read(s.getInputStream()).statusLine(), "the held request went through");
  }

  @Test
  void blackholeDropBothWaysLosesTheRequestButKeepsTheConnection() throws Exception {
    Socket s = stack.connect(port, LONG);
    toxic("{\"name\":\"hole\",\"type\":\"blackhole\",\"attributes\":{\"mode\":\"drop\",\"both\":true}}");
    RawHttp1.get(s.getOutputStream(), "/");
    assertSilent(s);
    call("DELETE", "/proxies/svc/toxics/hole", 204);
    assertEquals("HTTP/1.1 200 OK", ExternalStack.get(s).statusLine(), "a new request gets one answer: the first was dropped");
    assertSilent(s, "and only one");
  }

  @Test
  void resetPeerResetsTheConnection() throws Exception {
    toxic("{\"type\":\"reset_peer\",\"attributes\":{\"timeout\":0}}");
    Socket s = stack.connect(port, LONG);
    RawHttp1.get(s.getOutputStream(), "/");
    SocketException e = assertThrows(SocketException.class, () -> s.getInputStream().read());
    assertTrue(e.getMessage().contains("reset"), e.getMessage());
  }

  @Test
  void limitDataClosesAfterTheLimit() throws Exception {
    toxic("{\"type\":\"limit_data\",\"attributes\":{\"bytes\":12}}");
    Socket s = stack.connect(port, LONG);
    RawHttp1.get(s.getOutputStream(), "/");
    assertArrayEquals("HTTP/1.1 200".getBytes(java.nio.charset.StandardCharsets.US_ASCII), s.getInputStream().readAllBytes(),
        "exactly 12 bytes, then EOF");
  }

  @Test
  void toxicityZeroNeverApplies() throws Exception {
    toxic("{\"type\":\"timeout\",\"toxicity\":0,\"attributes\":{\"timeout\":0}}");
    Socket s = stack.connect(port, LONG);
    assertEquals("HTTP/1.1 200 OK", ExternalStack.get(s).statusLine());
  }

  @Test
  void resetRemovesToxicsReenablesProxiesAndReplugsFlows() throws Exception {
    Socket s = stack.connect(port, LONG);
    assertEquals("HTTP/1.1 200 OK", ExternalStack.get(s).statusLine());
    toxic("{\"type\":\"latency\",\"attributes\":{\"latency\":60000}}");
    call("POST", "/proxies/svc/flows/1/unplug", 200);
    RawHttp1.get(s.getOutputStream(), "/");
    assertSilent(s);
    int other = create("off", stack.upstreamAddress());
    assertEquals(200, stack.call("POST", "/proxies/off", "{\"enabled\":false}").status());
    assertThrows(ConnectException.class, () -> stack.connect(other, QUIET));

    call("POST", "/reset", 204);
    assertEquals("[]", stack.call("GET", "/proxies/svc/toxics", null).body());
    assertEquals("HTTP/1.1 200 OK", RawHttp1.read(s.getInputStream()).statusLine(), "replugged, and no latency left");
    assertTrue(JSON.readTree(stack.call("GET", "/proxies/off", null).body()).get("enabled").asBoolean());
    try (Socket again = stack.connect(other, LONG)) {
      assertEquals("HTTP/1.1 200 OK", ExternalStack.get(again).statusLine(), "re-enabled on the port it had");
    }
  }

  @Test
  void populateCreatesKeepsOrReplaces() throws Exception {
    toxic("{\"name\":\"slow\",\"type\":\"latency\",\"attributes\":{\"latency\":1}}");
    String same = "{\"name\":\"svc\",\"listen\":\"127.0.0.1:" + port + "\",\"upstream\":\"" + stack.upstreamAddress() + "\"}";
    String fresh = "{\"name\":\"new\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"" + stack.upstreamAddress() + "\"}";
    Reply r = stack.call("POST", "/populate", "[" + same + "," + fresh + "]");
    assertEquals(201, r.status(), r.body());
    JsonNode proxies = JSON.readTree(r.body()).get("proxies");
    assertEquals(2, proxies.size());
    assertEquals("slow", proxies.get(0).get("toxics").get(0).get("name").asText(), "an unchanged proxy is kept, toxics and all");

    String changed = "{\"name\":\"svc\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"" + stack.upstreamAddress() + "\"}";
    JsonNode replaced = JSON.readTree(stack.call("POST", "/populate", "[" + changed + "]").body()).get("proxies").get(0);
    assertEquals(0, replaced.get("toxics").size(), "a changed proxy is replaced");
    assertTrue(portOf(replaced) != port);
    assertThrows(ConnectException.class, () -> stack.connect(port, QUIET), "the old listener is gone");
  }

  @Test
  void updatingTheListenAddressMovesTheProxy() throws Exception {
    Reply r = stack.call("PATCH", "/proxies/svc", "{\"listen\":\"127.0.0.1:0\"}");
    assertEquals(200, r.status(), r.body());
    int moved = portOf(JSON.readTree(r.body()));
    assertTrue(moved != port);
    assertThrows(ConnectException.class, () -> stack.connect(port, QUIET));
    try (Socket s = stack.connect(moved, LONG)) {
      assertEquals("HTTP/1.1 200 OK", ExternalStack.get(s).statusLine());
    }
  }

  @Test
  void aToxicAddedLaterActsOnConnectionsAlreadyOpen() throws Exception {
    Socket s = stack.connect(port, LONG);
    assertEquals("HTTP/1.1 200 OK", ExternalStack.get(s).statusLine());
    toxic("{\"type\":\"timeout\",\"stream\":\"upstream\",\"attributes\":{\"timeout\":0}}");
    RawHttp1.get(s.getOutputStream(), "/");
    assertSilent(s);
  }
}
