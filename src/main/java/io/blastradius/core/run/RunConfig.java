package io.blastradius.core.run;

import io.blastradius.core.load.FaultPlan;
import io.blastradius.core.load.LoadConfig;
import io.blastradius.core.policy.PolicySpec;
import io.blastradius.core.server.ServerConfig;
import java.util.Objects;

/**
 * Everything one run needs: one policy on a fresh server, proxy and pool.
 *
 * @param proxyPort the fault proxy's port (0: ephemeral); it binds to the server's host
 * @param ioThreads event-loop threads shared by server, proxy and pool (1 keeps the whole stack on
 *     one thread: the fastest on two cores, and the most repeatable)
 * @param wire TLS, wire decoding, interception and capture ({@link WireOptions#NONE}: none)
 */
public record RunConfig(
    String scenario, PolicySpec policy, LoadConfig load, ServerConfig server, FaultPlan faults,
    int proxyPort, int ioThreads, WireOptions wire) {

  /**
   * Most event-loop threads: 64. One is the fastest on two cores; more only spread server and
   * proxy channels, and each thread has its own selector and buffers (100,000 exhausted memory).
   */
  public static final int MAX_IO_THREADS = 64;

  public RunConfig {
    Objects.requireNonNull(scenario, "scenario");
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(load, "load");
    Objects.requireNonNull(server, "server");
    Objects.requireNonNull(faults, "faults");
    if (proxyPort < 0 || proxyPort > 65535) throw new IllegalArgumentException("proxy port must be 0..65535, not " + proxyPort);
    if (ioThreads < 1 || ioThreads > MAX_IO_THREADS) {
      throw new IllegalArgumentException("ioThreads must be >= 1 and <= " + MAX_IO_THREADS + ", not " + ioThreads);
    }
    if (wire == null) wire = WireOptions.NONE; // recordings made before wire options existed
  }

  /** Cleartext, no wire decoding, no capture. */
  public RunConfig(String scenario, PolicySpec policy, LoadConfig load, ServerConfig server, FaultPlan faults,
      int proxyPort, int ioThreads) {
    this(scenario, policy, load, server, faults, proxyPort, ioThreads, WireOptions.NONE);
  }

  /** A run on ephemeral ports with one I/O thread. */
  public static RunConfig of(String scenario, PolicySpec policy, LoadConfig load, ServerConfig server, FaultPlan faults) {
    return new RunConfig(scenario, policy, load, server, faults, 0, 1);
  }

  public RunConfig withPolicy(PolicySpec p) {
    return new RunConfig(scenario, p, load, server, faults, proxyPort, ioThreads, wire);
  }

  public RunConfig withWire(WireOptions w) {
    return new RunConfig(scenario, policy, load, server, faults, proxyPort, ioThreads, w);
  }
}
