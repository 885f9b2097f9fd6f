package io.blastradius.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What the tests with external clients share: the clients themselves (curl, h2load, nghttp, tshark:
 * Debian packages installed by .ci/run; a test is skipped where one is missing), run to their end,
 * and {@code serve} with {@code proxy --api} in front of it, started in-process and stopped cleanly.
 */
final class ExternalPeers implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();
  final RunningCommand serve;
  /** Null once {@link #stopProxy} ran. */
  RunningCommand proxy;
  final int proxyPort;
  final int apiPort;

  private ExternalPeers(RunningCommand serve, RunningCommand proxy, int proxyPort, int apiPort) {
    this.serve = serve;
    this.proxy = proxy;
    this.proxyPort = proxyPort;
    this.apiPort = apiPort;
  }

  /**
   * {@code serve --port 0 SERVEFLAGS}, then {@code proxy --listen 127.0.0.1:0 --upstream (serve)
   * --api 127.0.0.1:0 PROXYFLAGS} in front of it; the ports are read from what each prints (the
   * proxy's JSON lines when {@code proxyFlags} has {@code --json}).
   */
  static ExternalPeers start(List<String> serveFlags, List<String> proxyFlags) {
    List<String> s = new ArrayList<>(List.of("serve", "--port", "0"));
    s.addAll(serveFlags);
    RunningCommand serve = RunningCommand.start(s.toArray(String[]::new));
    String server = serve.awaitOut("on https?://(127\\.0\\.0\\.1:\\d+)");
    List<String> p = new ArrayList<>(List.of("proxy", "--listen", "127.0.0.1:0", "--upstream", server, "--api", "127.0.0.1:0"));
    p.addAll(proxyFlags);
    RunningCommand proxy = RunningCommand.start(p.toArray(String[]::new));
    int port;
    int api;
    if (proxyFlags.contains("--json")) {
      port = Integer.parseInt(proxy.awaitOut("\"listen\":\"127\\.0\\.0\\.1:(\\d+)\",\"upstream\""));
      api = Integer.parseInt(proxy.awaitOut("\"role\":\"api\",\"listen\":\"127\\.0\\.0\\.1:(\\d+)\""));
    } else {
      port = Integer.parseInt(proxy.awaitOut("listening on 127\\.0\\.0\\.1:(\\d+)"));
      api = Integer.parseInt(proxy.awaitOut("API on http://127\\.0\\.0\\.1:(\\d+)"));
    }
    return new ExternalPeers(serve, proxy, port, api);
  }

  /** The proxy's URL. */
  String url() {
    return "http://127.0.0.1:" + proxyPort + "/";
  }

  /** An API call that must answer 200; its JSON. */
  JsonNode api(String method, String path) throws Exception {
    return api(method, path, "");
  }

  JsonNode api(String method, String path, String body) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + apiPort + path))
        .method(method, HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), r.body());
    return JSON.readTree(r.body());
  }

  /** Stops the proxy (Ctrl+C), which must exit 0; the server stays up. */
  void stopProxy() throws Exception {
    RunningCommand p = proxy;
    proxy = null;
    assertEquals(0, p.stop(), "the proxy exits 0");
  }

  /** Both commands stop and exit 0. */
  @Override
  public void close() throws Exception {
    if (proxy != null) stopProxy();
    assertEquals(0, serve.stop(), "serve exits 0");
  }

  /** The executable {@code name} on the PATH; skips the test where it is not installed. */
  static String tool(String name) {
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
      File f = new File(dir, name);
      if (f.canExecute()) return f.getPath();
    }
    assumeTrue(false, name + " is not installed (.ci/run installs curl, nghttp2-client and tshark)");
    return null;
  }

  /** Runs {@code cmd} to its end (bounded), which must exit 0; what it printed, both streams. */
  static String run(List<String> cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "finished: " + cmd);
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.exitValue(), out);
    return out;
  }
}
