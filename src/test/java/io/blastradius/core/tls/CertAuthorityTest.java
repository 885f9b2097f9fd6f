package io.blastradius.core.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CertAuthorityTest {

  @Test
  void createdOnceKeptAndReloaded(@TempDir Path dir) throws Exception {
    CertAuthority first = CertAuthority.loadOrCreate(dir.resolve("blastradius"));
    Path key = dir.resolve("blastradius").resolve(CertAuthority.KEY_FILE);
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)), "the key is the owner's alone");
    CertAuthority again = CertAuthority.loadOrCreate(dir.resolve("blastradius"));
    assertEquals(first.certificate(), again.certificate(), "the same CA, not a new one");
    assertEquals(first.pem(), Files.readString(again.certificateFile()));
    // A leaf minted by the reloaded CA verifies against the first one's certificate: the key was kept too.
    again.leaf("example.test").cert().verify(first.certificate().getPublicKey());
  }

  @Test
  void thePemExportIsAStandardCaCertificate(@TempDir Path dir) throws Exception {
    CertAuthority ca = CertAuthority.loadOrCreate(dir);
    String pem = ca.pem();
    assertTrue(pem.startsWith("-----BEGIN CERTIFICATE-----"), pem);
    X509Certificate parsed = (X509Certificate) CertificateFactory.getInstance("X.509")
        .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
    assertEquals(ca.certificate(), parsed);
    assertTrue(parsed.getBasicConstraints() >= 0, "a CA certificate");
  }

  @Test
  void leavesNameTheHostAndAreMintedOncePerName(@TempDir Path dir) throws Exception {
    CertAuthority ca = CertAuthority.loadOrCreate(dir);
    KeyAndCert leaf = ca.leaf("Api.Example.TEST");
    assertSame(leaf, ca.leaf("api.example.test"));
    X509Certificate c = leaf.cert();
    c.verify(ca.certificate().getPublicKey());
    assertEquals(-1, c.getBasicConstraints(), "not a CA");
    assertTrue(c.getSubjectAlternativeNames().contains(List.of(2, "api.example.test")), c.getSubjectAlternativeNames().toString());
    assertEquals(2, leaf.chain().length, "leaf, then the CA");
    assertTrue(ca.leaf("127.0.0.1").cert().getSubjectAlternativeNames().contains(List.of(7, "127.0.0.1")), "an IP name");
  }

  @Test
  void aDamagedKeyFileIsNamed(@TempDir Path dir) throws Exception {
    CertAuthority.loadOrCreate(dir);
    Files.writeString(dir.resolve(CertAuthority.KEY_FILE), "not pem");
    IOException e = assertThrows(IOException.class, () -> CertAuthority.loadOrCreate(dir));
    assertTrue(e.getMessage().contains(CertAuthority.KEY_FILE), e.getMessage());
  }
}
