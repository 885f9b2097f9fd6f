package io.blastradius.cli;

import io.blastradius.core.policy.PolicySpec;
import io.blastradius.core.run.WireOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/** The wire options shared by {@code run} and {@code compare}: TLS, the wire decoder, interception, capture. */
final class WireFlags {
  @Option(names = "--tls",
      description = "The pool speaks TLS with ALPN (h2 or http/1.1) to the embedded server, whose certificate is made at start.")
  boolean tls;

  @Option(names = "--wire",
      description = "Decode every flow's bytes in the proxy (HTTP/2 frames, HTTP/1.1 messages) into wire events.")
  boolean decode;

  @Option(names = "--tls-intercept",
      description = "The proxy terminates TLS with a leaf from the BlastRadius CA (implies --tls), so --wire and --pcap see plaintext.")
  boolean intercept;

  @Option(names = "--pcap", paramLabel = "FILE",
      description = "Capture every flow's bytes to FILE (classic pcap; with several policies FILE-<policy>.pcap each).")
  Path pcap;

  /**
   * Checks the flags before any run starts (and makes sure the interception CA can be read or
   * created); throws IllegalArgumentException or IOException naming the problem.
   */
  void validate(List<PolicySpec> specs) throws java.io.IOException {
    if (intercept) io.blastradius.core.tls.CertAuthority.loadOrCreate(io.blastradius.core.tls.CertAuthority.defaultDir());
    if (pcap == null) return;
    if (Files.isDirectory(pcap)) throw new IllegalArgumentException("--pcap " + pcap + " is a directory, not a file");
    for (PolicySpec p : specs) {
      Path f = fileFor(p, specs.size());
      Path dir = f.toAbsolutePath().getParent();
      if (dir != null && !Files.isDirectory(dir)) throw new IllegalArgumentException("--pcap " + pcap + ": no directory " + dir);
      if (dir != null && !Files.isWritable(dir)) throw new IllegalArgumentException("--pcap " + pcap + ": cannot write in " + dir);
      if (Files.exists(f)) throw new IllegalArgumentException("--pcap " + f + " already exists: choose another name or delete it");
    }
  }

  WireOptions options(PolicySpec p, int policies) {
    return new WireOptions(tls || intercept, decode, intercept, pcap == null ? null : fileFor(p, policies));
  }

  private Path fileFor(PolicySpec p, int policies) {
    if (policies == 1) return pcap;
    String name = pcap.getFileName().toString();
    String base = name.endsWith(".pcap") ? name.substring(0, name.length() - ".pcap".length()) : name;
    String safe = p.toString().replaceAll("[^A-Za-z0-9._=-]", "_");
    return pcap.resolveSibling(base + "-" + safe + ".pcap");
  }
}
