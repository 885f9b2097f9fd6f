package io.blastradius.core.scenario;

import io.blastradius.core.load.FaultPlan;
import io.blastradius.core.load.LoadConfig;
import io.blastradius.core.policy.PolicySpec;
import io.blastradius.core.run.RunConfig;
import io.blastradius.core.server.ServerConfig;
import java.util.Map;
import java.util.Objects;

/**
 * A named workload, network fault schedule and server behaviour, to run any policy against. The
 * presets ship as JSON files under {@code assets/scenarios/}; users write their own in the same
 * schema ({@link ScenarioFiles}).
 *
 * @param policyParams parameters a policy gets in this scenario when the user named none (e.g.
 *     strict-pings shortens ping periods so a short run shows the server's limit)
 */
public record Scenario(
    String name, String description, LoadConfig load, ServerConfig server, FaultPlan faults,
    Map<String, String> policyParams) {

  public Scenario {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(load, "load");
    Objects.requireNonNull(server, "server");
    Objects.requireNonNull(faults, "faults");
    description = description == null ? "" : description;
    policyParams = policyParams == null ? Map.of() : Map.copyOf(policyParams);
  }

  /** The run of {@code policy} in this scenario, with the scenario's parameters for it if none given. */
  public RunConfig runConfig(PolicySpec policy, int proxyPort, int ioThreads) {
    PolicySpec effective = policy;
    String params = policyParams.get(policy.id());
    if (params != null && policy.params().isEmpty()) {
      PolicySpec withParams = PolicySpec.parse(policy.id() + ":" + params.replace(',', ':'));
      effective = new PolicySpec(policy.id(), withParams.params(), policy.maxStreams(), policy.retry());
    }
    return new RunConfig(name, effective, load, server, faults, proxyPort, ioThreads);
  }

  public RunConfig runConfig(PolicySpec policy) {
    return runConfig(policy, 0, 1);
  }

  public Scenario withLoad(LoadConfig l) {
    return new Scenario(name, description, l, server, faults, policyParams);
  }

  public Scenario withServer(ServerConfig s) {
    return new Scenario(name, description, load, s, faults, policyParams);
  }

  public Scenario withFaults(FaultPlan f) {
    return new Scenario(name, description, load, server, f, policyParams);
  }
}
