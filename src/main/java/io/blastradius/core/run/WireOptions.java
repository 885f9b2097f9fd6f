package io.blastradius.core.run;

import java.nio.file.Path;

/**
 * How a run's bytes travel and what is seen of them.
 *
 * @param tls the pool speaks TLS with ALPN to the embedded server (through the proxy); the server's
 *     certificate is made at start and trusted by the pool alone
 * @param decode the fault proxy decodes every flow's bytes into wire events (HTTP/2 frames,
 *     HTTP/1.1 message boundaries) beside relaying them
 * @param intercept the proxy terminates TLS with a certificate from the BlastRadius CA and opens its
 *     own TLS to the server, so the decoder and the capture see plaintext (needs {@code tls})
 * @param pcap a capture file every flow's bytes are written to, or null
 */
public record WireOptions(boolean tls, boolean decode, boolean intercept, Path pcap) {

  public WireOptions {
    if (intercept && !tls) throw new IllegalArgumentException("--tls-intercept needs --tls");
  }

  /** Cleartext, no decoding, no capture: the relay as it always was. */
  public static final WireOptions NONE = new WireOptions(false, false, false, null);

  public WireOptions withTls(boolean on) {
    return new WireOptions(on, decode, intercept && on, pcap);
  }

  public WireOptions withDecode(boolean on) {
    return new WireOptions(tls, on, intercept, pcap);
  }

  public WireOptions withIntercept(boolean on) {
    return new WireOptions(tls || on, decode, on, pcap);
  }

  public WireOptions withPcap(Path file) {
    return new WireOptions(tls, decode, intercept, file);
  }
}
