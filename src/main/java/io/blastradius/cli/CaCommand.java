package io.blastradius.cli;

import io.blastradius.core.tls.CertAuthority;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The BlastRadius CA that --tls-intercept signs with: created if missing, printed or exported as PEM. */
@Command(
    name = "ca",
    description = {
      "Print the BlastRadius interception CA certificate (PEM) that --tls-intercept signs its leaf",
      "certificates with, creating it first in the user's config directory if there is none",
      "($XDG_CONFIG_HOME/blastradius or ~/.config/blastradius). Trust it in a client to let the",
      "proxy decode that client's TLS."
    },
    sortOptions = false,
    mixinStandardHelpOptions = true)
final class CaCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--export", paramLabel = "FILE", description = "Write the PEM to FILE (refuses to overwrite) instead of printing it.")
  Path export;

  @Override
  public Integer call() throws Exception {
    if (export != null) {
      if (Files.exists(export)) throw new IllegalArgumentException("--export " + export + " already exists: choose another name or delete it");
      Path dir = export.toAbsolutePath().getParent();
      if (dir != null && !Files.isDirectory(dir)) throw new IllegalArgumentException("--export " + export + ": no directory " + dir);
    }
    CertAuthority ca = CertAuthority.loadOrCreate(CertAuthority.defaultDir());
    PrintWriter err = spec.commandLine().getErr();
    if (export != null) {
      Files.writeString(export, ca.pem(), StandardCharsets.US_ASCII);
      err.printf("wrote %s (the CA kept in %s)%n", export, ca.dir());
    } else {
      spec.commandLine().getOut().print(ca.pem());
      spec.commandLine().getOut().flush();
      err.printf("the CA is kept in %s%n", ca.dir());
    }
    return 0;
  }
}
