package io.blastradius.core.pool;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.net.InetSocketAddress;
import java.net.Socket;

/** Finding and waiting for the real peers the interop tests run against. */
final class Interop {
  private Interop() {}

  static String require(String binary, String debianPackage) {
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
      File f = new File(dir, binary);
      if (f.canExecute()) return f.getPath();
    }
    for (String dir : new String[] {"/usr/sbin", "/usr/bin", "/usr/local/bin"}) {
      File f = new File(dir, binary);
      if (f.canExecute()) return f.getPath();
    }
    fail(binary + " is not installed: apt-get install " + debianPackage + " (.ci/run does this)");
    return null;
  }

  /** Polls until something accepts on the port, bounded; fails if the process died. */
  static void awaitListening(int port, Process p) throws InterruptedException {
    long until = System.nanoTime() + 10_000_000_000L;
    while (System.nanoTime() < until) {
      if (!p.isAlive()) fail("peer exited with " + p.exitValue() + " before listening on " + port);
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return;
      } catch (java.io.IOException notYet) {
        Thread.onSpinWait();
        Thread.sleep(20); // polling a child process's readiness, not waiting for time to pass
      }
    }
    fail("nothing listening on 127.0.0.1:" + port + " after 10 s");
  }
}
