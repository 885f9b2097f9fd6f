package io.blastradius.core.tls;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * X.509 certificates built with BouncyCastle's builders, signed by the JDK's own providers
 * (ECDSA P-256 with SHA-256): a self-signed server certificate, a CA, and leaves minted by it.
 *
 * <p>Names given to {@link #selfSigned} and {@link #leaf} go into the subjectAltName extension
 * (RFC 6125: clients match the host against it, never against the subject CN): an IP literal as an
 * iPAddress entry, anything else as a dNSName.
 *
 * <p>Threading: stateless; every method may be called from any thread.
 */
public final class Certificates {
  private static final SecureRandom RANDOM = new SecureRandom();
  /** Back-dated so a peer whose clock is a little behind still accepts a fresh certificate. */
  private static final Duration BACKDATE = Duration.ofHours(1);

  private Certificates() {}

  /** A fresh ECDSA P-256 key pair. */
  public static KeyPair newKeyPair() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JDK cannot make EC P-256 keys: " + e.getMessage(), e);
    }
  }

  /**
   * A self-signed server certificate for {@code names} (e.g. "localhost", "127.0.0.1"), valid
   * for {@code validity} from now. What the embedded server presents on TLS.
   */
  public static KeyAndCert selfSigned(Duration validity, String... names) {
    KeyPair kp = newKeyPair();
    X500Name subject = name("BlastRadius embedded server");
    X509Certificate cert = build(subject, kp.getPublic(), subject, kp.getPrivate(), kp.getPublic(), validity,
        false, names);
    return new KeyAndCert(kp.getPrivate(), new X509Certificate[] {cert});
  }

  /** A certificate authority: may sign certificates (basicConstraints CA, keyCertSign), no names. */
  public static KeyAndCert authority(String commonName, Duration validity) {
    KeyPair kp = newKeyPair();
    X500Name subject = name(commonName);
    X509Certificate cert = build(subject, kp.getPublic(), subject, kp.getPrivate(), kp.getPublic(), validity,
        true);
    return new KeyAndCert(kp.getPrivate(), new X509Certificate[] {cert});
  }

  /** A server leaf for {@code names}, signed by {@code ca}; its chain is leaf then CA. */
  public static KeyAndCert leaf(KeyAndCert ca, Duration validity, String... names) {
    if (names.length == 0) throw new IllegalArgumentException("a leaf certificate needs at least one name");
    KeyPair kp = newKeyPair();
    X500Name issuer = X500Name.getInstance(ca.cert().getSubjectX500Principal().getEncoded());
    X509Certificate cert = build(name(names[0]), kp.getPublic(), issuer, ca.key(), ca.cert().getPublicKey(),
        validity, false, names);
    return new KeyAndCert(kp.getPrivate(), new X509Certificate[] {cert, ca.cert()});
  }

  /**
   * PEM text of a certificate ("-----BEGIN CERTIFICATE-----") or a private key (PKCS#8,
   * "-----BEGIN PRIVATE KEY-----", unencrypted).
   */
  public static String pem(Object certOrKey) {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter w = new JcaPEMWriter(out)) {
      if (certOrKey instanceof PrivateKey k) w.writeObject(new JcaPKCS8Generator(k, null));
      else w.writeObject(certOrKey);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a StringWriter does not fail
    }
    return out.toString();
  }

  private static X500Name name(String cn) {
    return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, "BlastRadius").addRDN(BCStyle.CN, cn).build();
  }

  private static X509Certificate build(X500Name subject, PublicKey subjectKey, X500Name issuer, PrivateKey issuerKey,
      PublicKey issuerPublic, Duration validity, boolean ca, String... names) {
    Instant now = Instant.now();
    BigInteger serial = new BigInteger(127, RANDOM).add(BigInteger.ONE); // positive, unique enough (RFC 5280 §4.1.2.2)
    X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer, serial, Date.from(now.minus(BACKDATE)),
        Date.from(now.plus(validity)), subject, subjectKey);
    try {
      JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
      b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(subjectKey));
      b.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(issuerPublic));
      if (ca) {
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
        b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
      } else {
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
        b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
        b.addExtension(Extension.subjectAlternativeName, false, altNames(names));
      }
      ContentSigner signer = new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey);
      return new JcaX509CertificateConverter().getCertificate(b.build(signer));
    } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
      throw new IllegalStateException("cannot build a certificate for " + subject + ": " + e.getMessage(), e);
    }
  }

  private static GeneralNames altNames(String... names) {
    List<GeneralName> out = new ArrayList<>();
    for (String n : names) out.add(isIpLiteral(n) ? new GeneralName(GeneralName.iPAddress, n)
        : new GeneralName(GeneralName.dNSName, n));
    return new GeneralNames(out.toArray(GeneralName[]::new));
  }

  /** True for "127.0.0.1" or "::1", false for host names (no DNS lookup is made). */
  static boolean isIpLiteral(String s) {
    if (s.isEmpty()) return false;
    if (s.indexOf(':') >= 0) return true;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c != '.' && (c < '0' || c > '9')) return false;
    }
    try {
      InetAddress.getByName(s); // a dotted quad: parsed, not resolved
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
