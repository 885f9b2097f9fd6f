package io.blastradius.core.server;

/**
 * gRPC's ping-abuse accounting for one connection (grpc-go {@code http2_server.go handlePing}): a
 * PING that arrives sooner than {@code minInterval} after the previous PING is a strike; more than
 * {@code maxStrikes} strikes and the server must send GOAWAY(ENHANCE_YOUR_CALM). Strikes go back to
 * zero whenever the server sends HEADERS or DATA, because a peer that is being answered has a reason
 * to check the connection.
 *
 * <p>Pure: time is passed in, so tests use literal nanoseconds. The first PING has no predecessor
 * and is never a strike (grpc-go starts with a zero {@code lastPingAt}).
 *
 * <p>Threading: not thread-safe; confined to the connection's event loop. Public so that the
 * simulated server ({@code core.sim}) polices PINGs by the very same rule.
 */
public final class PingStrikes {
  private final long minIntervalNanos;
  private final int maxStrikes;
  private boolean seenPing;
  private long lastPingAt;
  private int strikes;

  public PingStrikes(ServerConfig.PingLimit limit) {
    this.minIntervalNanos = limit.minInterval().toNanos();
    this.maxStrikes = limit.maxStrikes();
  }

  /** Counts a PING read at {@code now}; true when the peer has now exceeded its strikes. */
  public boolean onPing(long now) {
    if (seenPing && now - lastPingAt < minIntervalNanos) strikes++;
    seenPing = true;
    lastPingAt = now;
    return strikes > maxStrikes;
  }

  /** The server sent HEADERS or DATA. */
  public void onHeadersOrDataSent() {
    strikes = 0;
  }

  public int strikes() {
    return strikes;
  }
}
