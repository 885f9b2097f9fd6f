package io.blastradius.cli;

import io.blastradius.core.net.BindAddresses;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The CLI's checks of where it listens and where it writes, made before the first request: one
 * line naming the problem (an {@link IllegalArgumentException}, exit 2), and a warning when the
 * user asked to listen on every interface.
 */
final class NetworkInputs {
  private NetworkInputs() {}

  /** {@code --bind}: resolvable, this machine's; warns on stderr for the wildcard. */
  static void checkBind(String host, PrintWriter err) {
    try {
      BindAddresses.local(host);
    } catch (IOException e) {
      throw new IllegalArgumentException("--bind: " + e.getMessage(), e);
    }
    if (BindAddresses.isWildcard(host)) {
      err.println("blastradius: warning: --bind " + host.trim() + " exposes the server and the fault proxy on every"
          + " network interface of this machine, not only loopback");
      err.flush();
    }
  }

  /** {@code --record FILE}: its folder must exist and be a folder. */
  static void checkRecordTarget(Path file) {
    if (file == null) return;
    Path abs = file.toAbsolutePath();
    Path dir = abs.getParent();
    if (dir == null) throw new IllegalArgumentException("--record " + file + ": not a file name");
    if (!Files.exists(dir)) throw new IllegalArgumentException("--record " + file + ": the folder " + dir + " does not exist");
    if (!Files.isDirectory(dir)) throw new IllegalArgumentException("--record " + file + ": " + dir + " is not a folder");
    if (!Files.isWritable(dir)) throw new IllegalArgumentException("--record " + file + ": the folder " + dir + " is not writable");
  }
}
