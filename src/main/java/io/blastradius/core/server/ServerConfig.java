package io.blastradius.core.server;

import java.time.Duration;
import java.util.Objects;

/**
 * How the embedded server behaves.
 *
 * @param host address to bind; loopback unless the user asks otherwise
 * @param port 0 for an ephemeral port
 * @param maxConcurrentStreams SETTINGS_MAX_CONCURRENT_STREAMS advertised (Go's server: 250)
 * @param delay how long the handler takes before answering each request
 * @param pingLimit gRPC-style ping-abuse enforcement, or {@code null} for none (the default)
 */
public record ServerConfig(
    String host, int port, int maxConcurrentStreams, DelayModel delay, PingLimit pingLimit) {

  public ServerConfig {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(delay, "delay");
    if (port < 0 || port > 65535) throw new IllegalArgumentException("port must be 0..65535, not " + port);
    if (maxConcurrentStreams < 1) throw new IllegalArgumentException("maxConcurrentStreams must be >= 1, not " + maxConcurrentStreams);
  }

  public static ServerConfig defaults() {
    return new ServerConfig("127.0.0.1", 0, 250, DelayModel.none(), null);
  }

  public ServerConfig withDelay(DelayModel d) {
    return new ServerConfig(host, port, maxConcurrentStreams, d, pingLimit);
  }

  public ServerConfig withPingLimit(PingLimit p) {
    return new ServerConfig(host, port, maxConcurrentStreams, delay, p);
  }

  public ServerConfig withMaxConcurrentStreams(int n) {
    return new ServerConfig(host, port, n, delay, pingLimit);
  }

  public ServerConfig withPort(int p) {
    return new ServerConfig(host, p, maxConcurrentStreams, delay, pingLimit);
  }

  /**
   * gRPC's server keepalive enforcement (grpc-go {@code http2_server.go handlePing}): a PING that
   * arrives sooner than {@code minInterval} after the previous one is a strike; more than
   * {@code maxStrikes} strikes and the server sends GOAWAY(ENHANCE_YOUR_CALM, "too_many_pings") and
   * closes. Strikes reset whenever the server sends HEADERS or DATA.
   */
  public record PingLimit(Duration minInterval, int maxStrikes) {
    public PingLimit {
      Objects.requireNonNull(minInterval, "minInterval");
      if (minInterval.isNegative()) throw new IllegalArgumentException("minInterval must be >= 0");
      if (maxStrikes < 0) throw new IllegalArgumentException("maxStrikes must be >= 0");
    }

    /** gRPC's defaults: MinTime 5 min, 2 strikes allowed. */
    public static PingLimit grpcDefaults() {
      return new PingLimit(Duration.ofMinutes(5), 2);
    }
  }
}
