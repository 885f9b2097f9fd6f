package io.blastradius.core.external;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;

/** The certificate an intercepting proxy's upstream must present, read from a PEM file. */
public final class UpstreamTrust {
  private UpstreamTrust() {}

  /** @throws IllegalArgumentException in one line naming the file and the problem */
  public static X509Certificate read(Path pem) {
    try (InputStream in = Files.newInputStream(pem)) {
      return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("upstream CA " + pem + ": no such file");
    } catch (IOException | CertificateException | ClassCastException e) {
      throw new IllegalArgumentException("upstream CA " + pem + " is not a PEM certificate: " + e.getMessage());
    }
  }
}
