package io.blastradius.core.tls;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * BlastRadius's own certificate authority, for TLS interception: created once in the user's
 * configuration directory ({@link #defaultDir()}), kept there (the key readable by the owner only),
 * and exportable as PEM so a user can make a client trust it. Leaf certificates for the host names
 * clients ask for (SNI) are minted on demand and kept in memory for the process's life.
 *
 * <p>Threading: thread-safe; leaves are minted once per name even when flows on several event
 * loops ask at the same time.
 */
public final class CertAuthority {
  public static final String CERT_FILE = "ca.pem";
  public static final String KEY_FILE = "ca-key.pem";
  static final Duration CA_VALIDITY = Duration.ofDays(3650);
  static final Duration LEAF_VALIDITY = Duration.ofDays(30);

  private final Path dir;
  private final KeyAndCert ca;
  private final Map<String, KeyAndCert> leaves = new ConcurrentHashMap<>();

  private CertAuthority(Path dir, KeyAndCert ca) {
    this.dir = dir;
    this.ca = ca;
  }

  /**
   * Where the CA lives: {@code $XDG_CONFIG_HOME/blastradius}, else {@code ~/.config/blastradius}
   * (the XDG Base Directory specification); the system property {@code blastradius.configDir}
   * overrides both.
   */
  public static Path defaultDir() {
    String override = System.getProperty("blastradius.configDir");
    if (override != null && !override.isBlank()) return Path.of(override);
    String xdg = System.getenv("XDG_CONFIG_HOME");
    if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) return Path.of(xdg, "blastradius");
    return Path.of(System.getProperty("user.home"), ".config", "blastradius");
  }

  /**
   * The CA in {@code dir}, created there first if it has none.
   *
   * @throws IOException naming the file when it cannot be read, parsed or written
   */
  public static CertAuthority loadOrCreate(Path dir) throws IOException {
    Path certFile = dir.resolve(CERT_FILE);
    Path keyFile = dir.resolve(KEY_FILE);
    if (Files.exists(certFile) || Files.exists(keyFile)) return new CertAuthority(dir, load(certFile, keyFile));
    Files.createDirectories(dir);
    KeyAndCert fresh = Certificates.authority("BlastRadius interception CA (" + System.getProperty("user.name", "user")
        + ")", CA_VALIDITY);
    try {
      writePrivate(keyFile, Certificates.pem(fresh.key()));
      writeNew(certFile, Certificates.pem(fresh.cert()));
    } catch (FileAlreadyExistsException raced) {
      return new CertAuthority(dir, load(certFile, keyFile)); // another process made it meanwhile
    }
    return new CertAuthority(dir, fresh);
  }

  private static KeyAndCert load(Path certFile, Path keyFile) throws IOException {
    X509Certificate cert;
    PrivateKey key;
    try {
      Object c = parse(certFile);
      if (!(c instanceof X509CertificateHolder h)) throw new IOException(certFile + " holds no certificate");
      cert = new JcaX509CertificateConverter().getCertificate(h);
      Object k = parse(keyFile);
      JcaPEMKeyConverter conv = new JcaPEMKeyConverter();
      if (k instanceof PEMKeyPair pair) key = conv.getKeyPair(pair).getPrivate();
      else if (k instanceof PrivateKeyInfo info) key = conv.getPrivateKey(info);
      else throw new IOException(keyFile + " holds no private key");
    } catch (IOException e) {
      throw e;
    } catch (Exception e) {
      throw new IOException("cannot read the BlastRadius CA in " + certFile.getParent() + ": " + e.getMessage(), e);
    }
    return new KeyAndCert(key, new X509Certificate[] {cert});
  }

  private static Object parse(Path file) throws IOException {
    if (!Files.isRegularFile(file)) throw new IOException(file + " is missing: delete the other CA file too to start afresh");
    try (Reader r = new StringReader(Files.readString(file, StandardCharsets.US_ASCII)); PEMParser p = new PEMParser(r)) {
      Object o = p.readObject();
      if (o == null) throw new IOException(file + " is not PEM");
      return o;
    }
  }

  private static void writePrivate(Path file, String pem) throws IOException {
    Path tmp = Files.createTempFile(file.getParent(), ".ca-key", ".tmp");
    try {
      if (Files.getFileStore(tmp).supportsFileAttributeView("posix")) {
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
      }
      Files.writeString(tmp, pem, StandardCharsets.US_ASCII);
      move(tmp, file);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private static void writeNew(Path file, String pem) throws IOException {
    Path tmp = Files.createTempFile(file.getParent(), ".ca", ".tmp");
    try {
      if (Files.getFileStore(tmp).supportsFileAttributeView("posix")) {
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--")); // public: users export it
      }
      Files.writeString(tmp, pem, StandardCharsets.US_ASCII);
      move(tmp, file);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private static void move(Path tmp, Path file) throws IOException {
    if (Files.exists(file)) throw new FileAlreadyExistsException(file.toString());
    try {
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, file);
    }
  }

  public Path dir() {
    return dir;
  }

  public Path certificateFile() {
    return dir.resolve(CERT_FILE);
  }

  public X509Certificate certificate() {
    return ca.cert();
  }

  /** The CA certificate as PEM: what a client is told to trust. */
  public String pem() {
    return Certificates.pem(ca.cert());
  }

  /** A leaf for {@code host} signed by this CA (chain: leaf, CA), minted once per name. */
  public KeyAndCert leaf(String host) {
    String name = host == null || host.isBlank() ? "localhost" : host.toLowerCase(Locale.ROOT);
    return leaves.computeIfAbsent(name, n -> Certificates.leaf(ca, LEAF_VALIDITY, n));
  }
}
