package io.blastradius.core.run;

import io.blastradius.core.load.FaultPlan;
import io.blastradius.core.load.LoadConfig;
import io.blastradius.core.policy.PolicySpec;
import io.blastradius.core.server.ServerConfig;
import java.util.Objects;

/** Everything one run needs: one policy on a fresh server, proxy and pool. */
public record RunConfig(
    String scenario, PolicySpec policy, LoadConfig load, ServerConfig server, FaultPlan faults, int ioThreads) {

  public RunConfig {
    Objects.requireNonNull(scenario, "scenario");
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(load, "load");
    Objects.requireNonNull(server, "server");
    Objects.requireNonNull(faults, "faults");
    if (ioThreads < 1) throw new IllegalArgumentException("ioThreads must be >= 1, not " + ioThreads);
  }

  public RunConfig withPolicy(PolicySpec p) {
    return new RunConfig(scenario, p, load, server, faults, ioThreads);
  }
}
