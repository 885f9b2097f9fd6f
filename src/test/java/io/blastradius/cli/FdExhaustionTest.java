package io.blastradius.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.blastradius.core.testutil.Waits;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run in a process limited to 160 file descriptors while 300 idle connections flood its proxy:
 * the listener backs off instead of killing the only event-loop thread, so the run ends and prints
 * its table, without a stack trace. Before, the first WARNING logged under exhaustion threw an
 * Error (the logger could not open its time-zone file) on the event-loop thread, and the run hung.
 */
@Timeout(240)
class FdExhaustionTest {
  @TempDir Path dir;

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  static boolean accepts(int port) {
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  @Test
  void aRunOutOfFileDescriptorsStillEndsAndSaysNoStackTrace() throws Exception {
    assumeTrue(new File("/proc/self/fd").isDirectory() && new File("/bin/bash").canExecute(), "Linux with bash");
    int port = freePort();
    String java = ProcessHandle.current().info().command().orElse("java");
    String cp = System.getProperty("java.class.path");
    Path out = dir.resolve("out.txt");
    Path err = dir.resolve("err.txt");
    Process p = new ProcessBuilder("/bin/bash", "-c",
        "ulimit -n 160 && exec \"$0\" -cp \"$1\" io.blastradius.Launcher run --policy h1 --requests 4000 --timeout 50ms"
            + " --delay 1ms --warmup 0 --proxy-port " + port, java, cp)
        .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    List<Socket> flood = new ArrayList<>();
    try {
      Waits.until("the proxy listening", Duration.ofSeconds(60), () -> !p.isAlive() || accepts(port));
      for (int i = 0; i < 300 && p.isAlive(); i++) {
        try {
          flood.add(new Socket(InetAddress.getLoopbackAddress(), port));
        } catch (IOException e) {
          break; // the backlog is full: the flood is as big as it gets
        }
      }
      // Hold the flood while the run goes on, for at most 10 s; then let go and let it finish.
      p.waitFor(10, TimeUnit.SECONDS);
      for (Socket s : flood) s.close();
      boolean ended = p.waitFor(120, TimeUnit.SECONDS);
      String stderr = Files.readString(err);
      assertTrue(ended, "the run ended; stderr:\n" + stderr);
      String stdout = Files.readString(out);
      assertTrue(p.exitValue() == 0 || p.exitValue() == RunCommand.STALLED, "exit " + p.exitValue() + "\n" + stderr);
      assertTrue(stdout.lines().anyMatch(l -> l.startsWith("h1 ")), "the table is printed:\n" + stdout + stderr);
      assertFalse(stderr.contains("Exception") || stderr.contains("WARNING") || stderr.contains("\tat "),
          "no stack trace, no WARNING:\n" + stderr);
    } finally {
      for (Socket s : flood) s.close();
      p.destroyForcibly();
    }
  }
}
