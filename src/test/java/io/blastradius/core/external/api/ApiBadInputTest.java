package io.blastradius.core.external.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.blastradius.core.external.ExternalStack;
import io.blastradius.core.external.ExternalStack.Reply;
import io.blastradius.core.testutil.Waits;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Timeout.ThreadMode;

/**
 * Bad input on the API gets Toxiproxy's error shape ({"error": ..., "status": N}) and status code,
 * and nothing else stops: after all of it, the proxy made first still relays.
 */
@Timeout(value = 60, threadMode = ThreadMode.SEPARATE_THREAD)
class ApiBadInputTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private ExternalStack stack;
  private int svcPort;

  @BeforeEach
  void setUp() throws Exception {
    stack = new ExternalStack();
    Reply r = stack.call("POST", "/proxies", "{\"name\":\"svc\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"" + stack.upstreamAddress() + "\"}");
    assertEquals(201, r.status(), r.body());
    String listen = JSON.readTree(r.body()).get("listen").asText();
    svcPort = Integer.parseInt(listen.substring(listen.lastIndexOf(':') + 1));
  }

  @AfterEach
  void tearDown() throws Exception {
    assertStillRelays();
    stack.close();
  }

  private void assertStillRelays() throws Exception {
    try (Socket s = stack.connect(svcPort, Duration.ofSeconds(10))) {
      assertEquals("HTTP/1.1 200 OK", ExternalStack.get(s).statusLine());
    }
    assertEquals(200, stack.call("GET", "/proxies", null).status());
  }

  private static void assertError(Reply r, int status, String message) throws Exception {
    assertEquals(status, r.status(), r.body());
    JsonNode o = JSON.readTree(r.body());
    assertEquals(message, o.get("error").asText(), r.body());
    assertEquals(status, o.get("status").asInt());
    assertEquals(2, o.size(), "exactly Toxiproxy's two fields: " + r.body());
  }

  private Reply toxic(String body) throws Exception {
    return stack.call("POST", "/proxies/svc/toxics", body);
  }

  @Test
  void malformedJson() throws Exception {
    Reply r = stack.call("POST", "/proxies", "{\"name\": \"x\", ");
    assertEquals(400, r.status());
    assertTrue(JSON.readTree(r.body()).get("error").asText().startsWith("bad request body: "), r.body());
    Reply t = toxic("[1,2");
    assertEquals(400, t.status());
    assertTrue(JSON.readTree(t.body()).get("error").asText().startsWith("bad request body: "), t.body());
    assertError(stack.call("POST", "/populate", "{\"name\":\"not an array\"}"), 400,
        "bad request body: populate takes a JSON array of proxies");
  }

  @Test
  void missingFields() throws Exception {
    assertError(stack.call("POST", "/proxies", "{\"upstream\":\"127.0.0.1:1\"}"), 400, "missing required field: name");
    assertError(stack.call("POST", "/proxies", "{\"name\":\"x\"}"), 400, "missing required field: upstream");
    assertError(stack.call("POST", "/populate", "[{\"name\":\"a\",\"upstream\":\"127.0.0.1:1\"},{\"name\":\"b\"}]"), 400,
        "missing required field: upstream at proxy 2");
    assertEquals(404, stack.call("GET", "/proxies/a", null).status(), "populate checks every proxy before creating any");
  }

  @Test
  void duplicateNames() throws Exception {
    assertError(stack.call("POST", "/proxies", "{\"name\":\"svc\",\"upstream\":\"" + stack.upstreamAddress() + "\"}"), 409,
        "proxy already exists");
    assertEquals(200, toxic("{\"type\":\"latency\",\"attributes\":{\"latency\":1}}").status());
    assertError(toxic("{\"type\":\"latency\",\"attributes\":{\"latency\":2}}"), 409, "toxic already exists");
    JsonNode list = JSON.readTree(stack.call("GET", "/proxies/svc/toxics", null).body());
    assertEquals("latency_downstream", list.get(0).get("name").asText(), "Toxiproxy's default name: type_stream");
    assertEquals(1, list.get(0).get("attributes").get("latency").asInt(), "the duplicate changed nothing");
  }

  @Test
  void unknownToxicTypeAndBadStream() throws Exception {
    assertError(toxic("{\"type\":\"earthquake\"}"), 400, "invalid toxic type");
    assertError(toxic("{\"type\":\"latency\",\"stream\":\"sideways\"}"), 400,
        "stream was invalid, can be either upstream or downstream");
  }

  @Test
  void badAttributes() throws Exception {
    assertError(toxic("{\"type\":\"latency\",\"attributes\":{\"latency\":\"slow\"}}"), 400,
        "bad request body: latency must be a whole number, not \"slow\"");
    assertError(toxic("{\"type\":\"latency\",\"attributes\":{\"latency\":-5}}"), 400, "bad request body: latency must be >= 0, not -5");
    assertError(toxic("{\"type\":\"bandwidth\",\"attributes\":{\"rate\":1.5}}"), 400, "bad request body: rate must be a whole number, not 1.5");
    assertError(toxic("{\"type\":\"latency\",\"toxicity\":2}"), 400, "bad request body: toxicity must be between 0 and 1, not 2.0");
    assertError(toxic("{\"type\":\"blackhole\",\"attributes\":{\"mode\":\"eat\"}}"), 400,
        "bad request body: mode must be \"hold\" or \"drop\", not \"eat\"");
    assertEquals(200, toxic("{\"name\":\"l\",\"type\":\"latency\"}").status());
    assertError(stack.call("POST", "/proxies/svc/toxics/l", "{\"attributes\":{\"jitter\":true}}"), 400,
        "bad request body: jitter must be a whole number, not true");
    assertEquals(0, JSON.readTree(stack.call("GET", "/proxies/svc/toxics/l", null).body()).get("attributes").get("jitter").asInt());
  }

  @Test
  void notFound() throws Exception {
    assertError(stack.call("GET", "/proxies/nope", null), 404, "proxy not found");
    assertError(stack.call("DELETE", "/proxies/nope", null), 404, "proxy not found");
    assertError(stack.call("GET", "/proxies/svc/toxics/nope", null), 404, "toxic not found");
    assertError(stack.call("DELETE", "/proxies/svc/toxics/nope", null), 404, "toxic not found");
    assertError(stack.call("POST", "/proxies/svc/flows/99/unplug", null), 404, "flow not found");
    assertError(stack.call("PUT", "/proxies", "{}"), 405, "method not allowed");
  }

  @Test
  void listenPortInUse() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      String where = "127.0.0.1:" + taken.getLocalPort();
      assertError(stack.call("POST", "/proxies", "{\"name\":\"b\",\"listen\":\"" + where + "\",\"upstream\":\"" + stack.upstreamAddress() + "\"}"),
          500, where + " is already in use");
      assertEquals(404, stack.call("GET", "/proxies/b", null).status(), "a proxy that could not listen is not kept");
    }
  }

  @Test
  void nonLoopbackListenIsRefusedAndAWildcardIsNarrowed() throws Exception {
    assertError(stack.call("POST", "/proxies", "{\"name\":\"b\",\"listen\":\"192.0.2.1:0\",\"upstream\":\"" + stack.upstreamAddress() + "\"}"),
        400, "listen address 192.0.2.1:0 is not loopback; start blastradius with --bind 192.0.2.1 to allow it");
    Reply r = stack.call("POST", "/proxies", "{\"name\":\"w\",\"listen\":\"0.0.0.0:0\",\"upstream\":\"" + stack.upstreamAddress() + "\"}");
    assertEquals(201, r.status(), r.body());
    assertTrue(JSON.readTree(r.body()).get("listen").asText().startsWith("127.0.0.1:"), r.body());
    assertTrue(stack.warnings.stream().anyMatch(w -> w.contains("narrowed to 127.0.0.1")), stack.warnings.toString());
  }

  @Test
  void upstreamThatRefusesClosesEachClientAsToxiproxyDoes() throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      closed = s.getLocalPort();
    }
    assertError(stack.call("POST", "/proxies", "{\"name\":\"b\",\"upstream\":\"nohost.invalid:80\"}"), 400,
        "bad request body: upstream host 'nohost.invalid' is unknown");
    assertError(stack.call("POST", "/proxies", "{\"name\":\"b\",\"upstream\":\"127.0.0.1\"}"), 400,
        "bad request body: upstream '127.0.0.1' is not HOST:PORT");
    Reply r = stack.call("POST", "/proxies", "{\"name\":\"dead\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"127.0.0.1:" + closed + "\"}");
    assertEquals(201, r.status(), "Toxiproxy creates it: the upstream may come up later");
    String listen = JSON.readTree(r.body()).get("listen").asText();
    try (Socket c = stack.connect(Integer.parseInt(listen.substring(listen.lastIndexOf(':') + 1)), Duration.ofSeconds(10))) {
      assertEquals(-1, c.getInputStream().read(), "the client is closed when the upstream refuses");
    }
    Waits.until("the flow shows closed", Duration.ofSeconds(10), () -> {
      try {
        return stack.call("GET", "/proxies/dead/flows", null).body().contains("\"state\":\"closed\"");
      } catch (Exception e) {
        return false;
      }
    });
  }

  @Test
  void browsersAreRefused() throws Exception {
    var http = java.net.http.HttpClient.newHttpClient();
    var res = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + stack.apiPort() + "/proxies"))
        .header("User-Agent", "Mozilla/5.0").build(), java.net.http.HttpResponse.BodyHandlers.ofString());
    assertEquals(403, res.statusCode());
  }
}
