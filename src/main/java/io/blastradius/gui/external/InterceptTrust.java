package io.blastradius.gui.external;

import io.blastradius.core.external.ExternalWire;
import io.blastradius.core.external.UpstreamTrust;
import io.blastradius.core.tls.CertAuthority;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.cert.X509Certificate;

/**
 * Intercept TLS in the External workspace: the BlastRadius CA a proxy signs its clients' leaves
 * with (created on first use in the config directory, as {@code proxy --tls-intercept} does), the
 * upstream CA it trusts, and Export CA…. Blocking file work: call off the FX thread. Mistakes are
 * {@link IllegalArgumentException}s whose message is the one line the window shows.
 */
final class InterceptTrust {
  private InterceptTrust() {}

  /**
   * {@code wire} terminating clients' TLS with a leaf from the BlastRadius CA and speaking TLS
   * upstream, trusting {@code caFile} (PEM) or, when empty, the JDK's CAs.
   */
  static ExternalWire intercepting(ExternalWire wire, String caFile) {
    X509Certificate trust = caFile.isEmpty() ? null : UpstreamTrust.read(Path.of(caFile));
    CertAuthority ca;
    try {
      ca = CertAuthority.loadOrCreate(CertAuthority.defaultDir());
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read or create the BlastRadius CA: " + e.getMessage(), e);
    }
    return wire.withInterception(ca, trust);
  }

  /** Writes the BlastRadius CA certificate (PEM) to {@code file}, never over a file; says what it did. */
  static String exportCa(Path file) {
    try {
      CertAuthority ca = CertAuthority.loadOrCreate(CertAuthority.defaultDir());
      Files.writeString(file, ca.pem(), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
      return "CA certificate written to " + file + ": trust it in the client (curl --cacert, keytool -importcert, the system store)";
    } catch (FileAlreadyExistsException e) {
      throw new IllegalArgumentException(file + " already exists: choose another name");
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot export the CA: " + e.getMessage());
    }
  }
}
