package io.blastradius.core.tls;

import io.netty.handler.codec.http2.Http2SecurityUtil;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolConfig.Protocol;
import io.netty.handler.ssl.ApplicationProtocolConfig.SelectedListenerFailureBehavior;
import io.netty.handler.ssl.ApplicationProtocolConfig.SelectorFailureBehavior;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;

/**
 * Netty {@link SslContext}s with ALPN (RFC 7301) on the JDK's TLS provider: the server offers
 * {@code h2} and {@code http/1.1}; a client offers what it speaks. HTTP/2 over TLS needs TLS 1.2+
 * and the cipher suites RFC 7540 §9.2.2 does not forbid: {@link Http2SecurityUtil#CIPHERS}.
 *
 * <p>Threading: stateless; the contexts built are thread-safe and meant to be shared.
 */
public final class TlsContexts {
  public static final String H2 = ApplicationProtocolNames.HTTP_2;
  public static final String HTTP_1_1 = ApplicationProtocolNames.HTTP_1_1;

  private TlsContexts() {}

  /** A server context presenting {@code identity} and choosing from {@code protocols} (client's order wins). */
  public static SslContext server(KeyAndCert identity, List<String> protocols) {
    try {
      SslContextBuilder b = SslContextBuilder.forServer(identity.key(), identity.chain())
          .sslProvider(SslProvider.JDK)
          .protocols("TLSv1.3", "TLSv1.2")
          .ciphers(Http2SecurityUtil.CIPHERS, SupportedCipherSuiteFilter.INSTANCE);
      if (!protocols.isEmpty()) b.applicationProtocolConfig(alpn(protocols));
      return b.build();
    } catch (SSLException e) {
      throw new IllegalStateException("cannot build a TLS server context: " + e.getMessage(), e);
    }
  }

  /** The embedded server's context: {@code h2} and {@code http/1.1}. */
  public static SslContext server(KeyAndCert identity) {
    return server(identity, List.of(H2, HTTP_1_1));
  }

  /**
   * A client context that trusts {@code trusted} (and nothing else) and offers {@code protocols}
   * by ALPN. {@code trusted} null trusts the JDK's default CAs.
   */
  public static SslContext client(X509Certificate trusted, List<String> protocols) {
    try {
      SslContextBuilder b = SslContextBuilder.forClient()
          .sslProvider(SslProvider.JDK)
          .protocols("TLSv1.3", "TLSv1.2")
          .ciphers(Http2SecurityUtil.CIPHERS, SupportedCipherSuiteFilter.INSTANCE)
          .endpointIdentificationAlgorithm("HTTPS");
      if (trusted != null) b.trustManager(trusted);
      if (!protocols.isEmpty()) b.applicationProtocolConfig(alpn(protocols));
      return b.build();
    } catch (SSLException e) {
      throw new IllegalStateException("cannot build a TLS client context: " + e.getMessage(), e);
    }
  }

  /** A JDK {@link SSLContext} trusting only {@code trusted}: for java.net.http.HttpClient and other JDK clients. */
  public static SSLContext jdkTrusting(X509Certificate trusted) {
    try {
      KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
      ks.load(null, null);
      ks.setCertificateEntry("blastradius", trusted);
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(ks);
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, tmf.getTrustManagers(), null);
      return ctx;
    } catch (Exception e) {
      throw new IllegalStateException("cannot build an SSLContext: " + e.getMessage(), e);
    }
  }

  private static ApplicationProtocolConfig alpn(List<String> protocols) {
    return new ApplicationProtocolConfig(Protocol.ALPN,
        // NO_ADVERTISE / ACCEPT: the only modes the JDK provider supports.
        SelectorFailureBehavior.NO_ADVERTISE, SelectedListenerFailureBehavior.ACCEPT, protocols);
  }
}
