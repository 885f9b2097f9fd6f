package io.blastradius.core.policy;

import io.blastradius.core.event.CloseReason;
import io.blastradius.core.util.Durations;
import java.time.Duration;
import java.util.List;

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
public final class H2NaivePolicy implements PoolPolicy {
  public static final PolicyInfo INFO = new PolicyInfo(
      "h2-naive", Protocol.H2,
      "Go net/http2 before x/net v0.31 (Go 1.21, golang/go#63422), grpc-go, hyper/h2, .NET",
      "HTTP/2. A timed-out stream is reset and its slot freed at once; the connection stays"
          + " eligible until a TCP error or idle (90s with no streams). One dead flow takes every"
          + " later request. Parameter: idle (90s).",
      H2NaivePolicy::new);

  private final long idleNanos;
  private final int clientCap;
  private final boolean retry;

  public H2NaivePolicy(PolicySpec spec) {
    PolicySpec.Params p = spec.reader();
    this.idleNanos = p.duration("idle", Duration.ofSeconds(90)).toNanos();
    p.checkAllUsed();
    this.clientCap = spec.maxStreams();
    this.retry = spec.retry();
  }

  @Override
  public String id() {
    return "h2-naive";
  }

  @Override
  public Protocol protocol() {
    return Protocol.H2;
  }

  @Override
  public Placement place(List<Conn> conns, int dialing, long now) {
    return H2Placement.firstWithRoom(conns, dialing, clientCap, now);
  }

  /** The {@code retry} modifier; moot here, since this policy never judges a connection dead. */
  @Override
  public boolean retryOnEviction() {
    return retry;
  }

  @Override
  public long nextTimer(Conn c, long now) {
    return c.activeStreams() == 0 ? c.lastStreamEndedAt() + idleNanos : NO_TIMER;
  }

  @Override
  public void onTimer(Conn c, long now, Actions a) {
    if (c.activeStreams() == 0 && now - c.lastStreamEndedAt() >= idleNanos) {
      a.close(c, CloseReason.IDLE, "no streams for " + Durations.format(Duration.ofNanos(idleNanos)));
    }
  }
}
