package io.blastradius.core.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.blastradius.core.event.EventSink;
import io.blastradius.core.proxy.FaultProxy;
import io.blastradius.core.server.EmbeddedServer;
import io.blastradius.core.server.ServerConfig;
import io.blastradius.core.time.Clock;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The embedded server's TLS (ALPN) and h2c Upgrade against real clients: curl and nghttp2's
 * h2load, directly and through the fault proxy. Skipped (not failed) when a tool is missing;
 * .ci/run installs curl and nghttp2-client.
 */
@Tag("interop")
class TlsInteropTest {
  private static final Pattern REQUESTS =
      Pattern.compile("requests: (\\d+) total, (\\d+) started, (\\d+) done, (\\d+) succeeded, (\\d+) failed");

  private static EventLoopGroup group;
  private static EmbeddedServer server;
  private static FaultProxy proxy;

  @BeforeAll
  static void start() throws Exception {
    group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    server = EmbeddedServer.start(ServerConfig.defaults(), group, Clock.SYSTEM, EventSink.NONE,
        EmbeddedServer.selfSignedIdentity());
    proxy = FaultProxy.start("127.0.0.1", 0, server.address(), group, Clock.SYSTEM, EventSink.NONE);
  }

  @AfterAll
  static void stop() {
    if (proxy != null) proxy.close();
    if (server != null) server.close();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  @Test
  void curlGetsHttp2OverTls() throws Exception {
    for (int port : new int[] {server.address().getPort(), proxy.address().getPort()}) {
      String out = run("curl", "--http2", "-k", "-s", "-o", "/dev/null", "-w", "%{http_version} %{http_code} %{scheme}",
          "--max-time", "10", "https://127.0.0.1:" + port + "/");
      assertEquals("2 200 HTTPS", out.trim());
    }
  }

  @Test
  void curlAskingForHttp11OverTlsGetsIt() throws Exception {
    String out = run("curl", "--http1.1", "-k", "-s", "-w", " %{http_version}", "--max-time", "10",
        "https://127.0.0.1:" + proxy.address().getPort() + "/");
    assertEquals("ok\n 1.1", out);
  }

  @Test
  void curlUpgradesToH2c() throws Exception {
    String out = run("curl", "--http2", "-s", "-w", " %{http_version}", "--max-time", "10",
        "http://127.0.0.1:" + proxy.address().getPort() + "/");
    assertEquals("ok\n 2", out);
  }

  @Test
  void h2loadOverTlsAllSucceed() throws Exception {
    for (int port : new int[] {server.address().getPort(), proxy.address().getPort()}) {
      String out = run("h2load", "-n", "1000", "-c", "2", "-m", "10", "https://127.0.0.1:" + port + "/");
      Matcher m = REQUESTS.matcher(out);
      assertTrue(m.find(), "no requests line in h2load output:\n" + out);
      assertEquals(1000, Integer.parseInt(m.group(4)), out);
      assertEquals(0, Integer.parseInt(m.group(5)), out);
      assertTrue(out.contains("Application protocol: h2"), "h2load negotiated h2:\n" + out);
    }
  }

  /** Runs a tool with a deadline and returns its stdout; a missing tool skips the test. */
  static String run(String... command) throws Exception {
    assumeTrue(onPath(command[0]), command[0] + " is not installed (apt-get install curl nghttp2-client)");
    File err = File.createTempFile("interop", ".err");
    File out = File.createTempFile("interop", ".out");
    try {
      Process p = new ProcessBuilder(command).redirectError(err).redirectOutput(out).start();
      p.getOutputStream().close();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError(String.join(" ", command) + " did not finish within 60 s");
      }
      String text = Files.readString(out.toPath(), StandardCharsets.UTF_8);
      assertEquals(0, p.exitValue(), String.join(" ", command) + " failed:\n" + text
          + Files.readString(err.toPath(), StandardCharsets.UTF_8));
      return text;
    } finally {
      err.delete();
      out.delete();
    }
  }

  static boolean onPath(String tool) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (new File(dir, tool).canExecute()) return true;
    }
    return false;
  }
}
