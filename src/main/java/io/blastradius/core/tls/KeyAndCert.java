package io.blastradius.core.tls;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Objects;

/**
 * A private key and its certificate chain, leaf first.
 *
 * <p>Immutable; safe to share between threads.
 */
public record KeyAndCert(PrivateKey key, X509Certificate[] chain) {
  public KeyAndCert {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(chain, "chain");
    if (chain.length == 0) throw new IllegalArgumentException("a certificate chain needs at least the leaf");
    chain = chain.clone();
  }

  /** The leaf (the certificate that names the host). */
  public X509Certificate cert() {
    return chain[0];
  }

  @Override
  public X509Certificate[] chain() {
    return chain.clone();
  }
}
