package io.blastradius.core.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.blastradius.core.event.EventSink;
import io.blastradius.core.proxy.FaultProxy;
import io.blastradius.core.server.EmbeddedServer;
import io.blastradius.core.server.ServerConfig;
import io.blastradius.core.time.Clock;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The embedded server, directly and through the fault proxy, against independent real-world
 * clients: curl (HTTP/1.1 and HTTP/2 prior knowledge) and nghttp2's h2load.
 */
@Tag("interop")
class InteropTest {
  private static final Pattern REQUESTS =
      Pattern.compile("requests: (\\d+) total, (\\d+) started, (\\d+) done, (\\d+) succeeded, (\\d+) failed");

  private static EventLoopGroup group;
  private static EmbeddedServer server;
  private static FaultProxy proxy;

  @BeforeAll
  static void start() throws IOException {
    group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    server = EmbeddedServer.start(ServerConfig.defaults(), group, Clock.SYSTEM, EventSink.NONE);
    proxy = FaultProxy.start("127.0.0.1", 0, server.address(), group, Clock.SYSTEM, EventSink.NONE);
  }

  @AfterAll
  static void stop() {
    if (proxy != null) proxy.close();
    if (server != null) server.close();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  private static String url(InetSocketAddress a) {
    return "http://127.0.0.1:" + a.getPort() + "/";
  }

  @Test
  void curlHttp2PriorKnowledge() throws Exception {
    assertEquals("ok\n", run("curl", "curl", "--http2-prior-knowledge", "-s", "--max-time", "10", url(server.address())));
    assertEquals("ok\n", run("curl", "curl", "--http2-prior-knowledge", "-s", "--max-time", "10", url(proxy.address())));
  }

  @Test
  void curlHttp11() throws Exception {
    assertEquals("ok\n", run("curl", "curl", "--http1.1", "-s", "--max-time", "10", url(server.address())));
    assertEquals("ok\n", run("curl", "curl", "--http1.1", "-s", "--max-time", "10", url(proxy.address())));
  }

  @Test
  void curlSeesHttp2AndTheStatus() throws Exception {
    String out = run("curl", "curl", "--http2-prior-knowledge", "-s", "-o", "/dev/null", "-w",
        "%{http_version} %{http_code}", "--max-time", "10", url(proxy.address()));
    assertEquals("2 200", out);
  }

  @Test
  void h2loadAllSucceedDirect() throws Exception {
    h2load(server.address());
  }

  @Test
  void h2loadAllSucceedThroughTheProxy() throws Exception {
    h2load(proxy.address());
  }

  private static void h2load(InetSocketAddress a) throws Exception {
    String out = run("nghttp2-client", "h2load", "-n", "2000", "-c", "4", "-m", "10", url(a));
    Matcher m = REQUESTS.matcher(out);
    assertTrue(m.find(), "no requests line in h2load output:\n" + out);
    assertEquals(2000, Integer.parseInt(m.group(4)), "succeeded\n" + out);
    assertEquals(0, Integer.parseInt(m.group(5)), "failed\n" + out);
    System.out.println("h2load " + url(a) + ": " + out.lines().filter(l -> l.startsWith("finished in")).findFirst().orElse(""));
  }

  /** Runs a tool with a deadline and returns its stdout; a missing tool names its apt package. */
  private static String run(String aptPackage, String... command) throws Exception {
    if (!onPath(command[0])) {
      fail(command[0] + " is not installed: apt-get install -y " + aptPackage);
    }
    File err = File.createTempFile("interop", ".err");
    err.deleteOnExit();
    Process p = new ProcessBuilder(command).redirectError(err).start();
    p.getOutputStream().close();
    List<byte[]> chunks = new ArrayList<>();
    Thread reader = new Thread(() -> {
      try {
        chunks.add(p.getInputStream().readAllBytes());
      } catch (IOException ignored) {
        // reported below as empty output
      }
    });
    reader.start();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      fail(String.join(" ", command) + " did not finish within 60 s");
    }
    reader.join(5_000);
    String out = chunks.isEmpty() ? "" : new String(chunks.get(0), StandardCharsets.UTF_8);
    assertEquals(0, p.exitValue(), String.join(" ", command) + " failed:\n" + out
        + new String(java.nio.file.Files.readAllBytes(err.toPath()), StandardCharsets.UTF_8));
    return out;
  }

  private static boolean onPath(String tool) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (new File(dir, tool).canExecute()) return true;
    }
    return false;
  }
}
