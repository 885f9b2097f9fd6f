package io.blastradius.gui;

import io.blastradius.core.load.LoadConfig;
import io.blastradius.core.policy.Policies;
import io.blastradius.core.policy.PolicySpec;
import io.blastradius.core.run.RunConfig;
import io.blastradius.core.server.DelayModel;
import io.blastradius.core.server.ServerConfig;
import java.time.Duration;

/**
 * The values of the scenario form, as plain data.
 *
 * @param faultParam unplug every N requests (seed) or unplug at request N (concurrent)
 */
public record Scenario(
    Preset preset, String policy, int workers, int requests, int timeoutMs, int delayMs,
    int maxStreams, int faultParam) {

  /** The demo's small seed: 1,500 sequential requests, 10 ms timeout, an unplug every 500. */
  public static Scenario demoSeed(String policy) {
    return new Scenario(Preset.SEED, policy, 1, 1_500, 10, 0, 250, 500);
  }

  public Scenario withPolicy(String p) {
    return new Scenario(preset, p, workers, requests, timeoutMs, delayMs, maxStreams, faultParam);
  }

  /**
   * The run configuration, checking the policy spec.
   *
   * @throws IllegalArgumentException with a message fit for the status bar
   */
  public RunConfig toRunConfig() {
    PolicySpec spec = PolicySpec.parse(policy);
    Policies.create(spec); // validates id, parameters and modifiers
    if (timeoutMs < 1) throw new IllegalArgumentException("timeout must be at least 1 ms");
    LoadConfig load = LoadConfig.sequential(requests, Duration.ofMillis(timeoutMs)).withWorkers(Math.max(1, workers));
    ServerConfig server = ServerConfig.defaults()
        .withMaxConcurrentStreams(Math.max(1, maxStreams))
        .withDelay(DelayModel.fixed(Duration.ofMillis(Math.max(0, delayMs))));
    return new RunConfig(preset.id, spec, load, server, preset.faults(faultParam), 1);
  }
}
