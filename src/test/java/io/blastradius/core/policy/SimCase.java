package io.blastradius.core.policy;

import io.blastradius.core.event.Event;
import io.blastradius.core.event.EventLog;
import io.blastradius.core.event.Fault;
import io.blastradius.core.load.FaultPlan;
import io.blastradius.core.load.LoadConfig;
import io.blastradius.core.run.RunConfig;
import io.blastradius.core.scenario.ScenarioFiles;
import io.blastradius.core.score.Scorecard;
import io.blastradius.core.server.ServerConfig;
import io.blastradius.core.sim.SimRun;
import java.util.ArrayList;
import java.util.List;

/**
 * A policy in the real pool core on the simulated network and server ({@link SimRun}), with the
 * figures the policy tests ask about, computed from the run's events.
 */
record SimCase(List<Event> events, Scorecard card) {

  static SimCase run(RunConfig config) {
    EventLog log = new EventLog();
    SimRun.run(config, log);
    List<Event> events = log.snapshot();
    return new SimCase(events, Scorecard.of(config.policy().toString(), events));
  }

  static SimCase run(String policy, LoadConfig load, ServerConfig server, FaultPlan faults) {
    return run(RunConfig.of("policy-test", PolicySpec.parse(policy), load, server, faults));
  }

  /** A preset scenario, as shipped. */
  static SimCase preset(String preset, String policy) {
    return run(ScenarioFiles.preset(preset).runConfig(PolicySpec.parse(policy)));
  }

  /** The seed's loop: sequential requests, 10 ms timeout, an unplug before request i when i % every == every / 2. */
  static SimCase seedLoop(String policy, long requests, int every) {
    return run(policy, LoadConfig.sequential(requests, java.time.Duration.ofMillis(10)), ServerConfig.defaults(),
        FaultPlan.unplugEvery(every));
  }

  long failed() {
    return card.failed();
  }

  long dials() {
    return card.connectionsOpened();
  }

  long pings() {
    return card.pingsSent();
  }

  long evictions() {
    return card.evictions();
  }

  /** Failures between unplugs: index 0 before the first, index k after the k-th. */
  List<Long> failuresPerUnplug() {
    List<Long> per = new ArrayList<>(List.of(0L));
    for (Event e : events) {
      if (e instanceof Event.FlowFaulted f && f.fault() == Fault.UNPLUG) per.add(0L);
      else if (e instanceof Event.RequestFinished f && f.outcome().isFailure()) per.set(per.size() - 1, per.get(per.size() - 1) + 1);
    }
    return per;
  }

  long maxFailuresPerUnplug() {
    List<Long> per = failuresPerUnplug();
    return per.subList(1, per.size()).stream().mapToLong(Long::longValue).max().orElse(0);
  }

  @Override
  public String toString() {
    return card.policy() + " failed=" + card.failed() + " unplugs=" + card.unplugs() + " perUnplug=" + failuresPerUnplug()
        + " dials=" + dials() + " pings=" + pings() + " evictions=" + evictions() + " falseEvictions=" + card.falseEvictions()
        + " goAways=" + card.goAways();
  }
}
