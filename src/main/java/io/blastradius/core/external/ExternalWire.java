package io.blastradius.core.external;

import io.blastradius.core.event.EventSink;
import io.blastradius.core.proxy.FlowTap;
import io.blastradius.core.time.Clock;
import io.blastradius.core.tls.CertAuthority;
import io.blastradius.core.tls.Interception;
import io.blastradius.core.wire.Capture;
import io.blastradius.core.wire.WireDecoding;
import java.io.IOException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * The wire view of the external mode's proxies, the same taps a run puts on its fault proxy: TLS
 * interception (first, so the others see plaintext), capture, the HTTP/2 and HTTP/1.1 decoder.
 * One instance serves every proxy of a registry; each proxy gets its own taps, whose wire events
 * go to that proxy's events.
 *
 * <p>Threading: immutable but for the capture's file, which {@link Capture} guards; {@link #close}
 * after every proxy stopped.
 */
public final class ExternalWire implements AutoCloseable {
  /** No interception, no capture, no decoding: the proxies relay bytes only. */
  public static final ExternalWire NONE = new ExternalWire(false, null, null, null);

  private final boolean decode;
  private final CertAuthority ca;
  private final X509Certificate upstreamTrust;
  private final Capture capture;
  private final SessionCapture session;

  /**
   * @param decode decode every flow's bytes into wire events
   * @param ca the CA whose leaves the proxy presents to clients, or null for no interception
   * @param upstreamTrust with interception, the certificate upstream services must present, or null
   *     for the JDK's default CAs
   * @param capture where every flow's bytes are captured, or null; closed by {@link #close}
   */
  public ExternalWire(boolean decode, CertAuthority ca, X509Certificate upstreamTrust, Capture capture) {
    this(decode, ca, upstreamTrust, capture, null);
  }

  /**
   * As above, with a capture started and stopped while the proxies run (the window's Record)
   * instead of one file for their whole life.
   */
  public ExternalWire(boolean decode, CertAuthority ca, X509Certificate upstreamTrust, Capture capture,
      SessionCapture session) {
    this.decode = decode;
    this.ca = ca;
    this.upstreamTrust = upstreamTrust;
    this.capture = capture;
    this.session = session;
  }

  /**
   * The same view with TLS interception by {@code authority} (null: none), for one proxy of a
   * registry whose other proxies relay TLS as it is (the window's Intercept TLS). Shares the
   * capture: close only the registry's own view.
   */
  public ExternalWire withInterception(CertAuthority authority, X509Certificate trust) {
    return new ExternalWire(decode, authority, authority == null ? null : trust, capture, session);
  }

  public boolean decodes() {
    return decode;
  }

  public boolean intercepts() {
    return ca != null;
  }

  /** The CA clients must trust when interception is on. */
  public java.util.Optional<CertAuthority> authority() {
    return java.util.Optional.ofNullable(ca);
  }

  /** The taps for one proxy, in the order a run installs them; wire events go to {@code sink}. */
  List<FlowTap> taps(Clock clock, EventSink sink) {
    List<FlowTap> taps = new ArrayList<>(4);
    if (ca != null) taps.add(new Interception(ca, upstreamTrust));
    if (capture != null) taps.add(capture);
    if (session != null) taps.add(session);
    if (decode) taps.add(new WireDecoding(clock, sink));
    return List.copyOf(taps);
  }

  /** Closes the capture file (after the proxies, so every flow's closing packets are in). */
  @Override
  public void close() throws IOException {
    if (capture != null) capture.close();
  }
}
