package io.blastradius.core.policy;

import java.time.Duration;

/**
 * {@code h2-naive}: Go's HTTP/2 transport before x/net v0.31 (the Go 1.21 of golang/go#63422);
 * grpc-go, hyper/h2 and .NET behave the same way.
 *
 * <p>A timed-out stream is reset with RST_STREAM(CANCEL) and, as RFC 9113 §5.1.2 and §6.4 allow,
 * its slot is free at once. Nothing else changes: the connection stays eligible, and since a dead
 * connection never has a stream left counting against MAX_CONCURRENT_STREAMS, it always looks like
 * the one with room. Every following request lands on it and times out, until a TCP error (the
 * kernel gives up after ~15 min) or {@code idle} with no streams (90 s) closes it. This is the
 * cascade the product exists to show.
 */
public final class H2NaivePolicy extends H2PolicyBase {
  public static final PolicyInfo INFO = new PolicyInfo(
      "h2-naive", Protocol.H2,
      "Go net/http2 before x/net v0.31 (Go 1.21, golang/go#63422), grpc-go, hyper/h2, .NET",
      "HTTP/2. A timed-out stream is reset and its slot freed at once; the connection stays"
          + " eligible until a TCP error or idle (90s with no streams). One dead flow takes every"
          + " later request. Parameter: idle (90s).",
      H2NaivePolicy::new);

  public H2NaivePolicy(PolicySpec spec) {
    this(spec, spec.reader());
  }

  private H2NaivePolicy(PolicySpec spec, PolicySpec.Params p) {
    super("h2-naive", spec, p, Duration.ofSeconds(90));
    p.checkAllUsed();
  }

  // Placement (first connection with room), the idle close and the retry flag are the base's:
  // a timed-out stream changes nothing here, which is the whole point.
}
