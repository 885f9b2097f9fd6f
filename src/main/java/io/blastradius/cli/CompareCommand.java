package io.blastradius.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.blastradius.core.event.Event;
import io.blastradius.core.policy.Policies;
import io.blastradius.core.policy.PolicySpec;
import io.blastradius.core.run.Engine;
import io.blastradius.core.run.RunConfig;
import io.blastradius.core.run.Runs;
import io.blastradius.core.scenario.Scenario;
import io.blastradius.core.scenario.ScenarioFiles;
import io.blastradius.core.score.Scorecard;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** One scenario, several policies, each on a fresh stack one after another: the scorecard side by side. */
@Command(
    name = "compare",
    description = {
      "Run one scenario under several policies, each on a fresh server/proxy/pool, one after",
      "another, and print their scorecards side by side.",
      "Presets: seed, concurrent, healthy-cancel, slow-handler, latency-spike, strict-pings;",
      "or a scenario file (schema in the README).",
      "  compare --scenario seed --policy all"
    },
    sortOptions = false,
    mixinStandardHelpOptions = true)
final class CompareCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--scenario", required = true, paramLabel = "NAME|FILE", description = "A preset name or a scenario file.")
  String scenario;

  @Option(names = "--policy", defaultValue = "all", paramLabel = "all|LIST", description = "Policies to compare. Default: ${DEFAULT-VALUE}.")
  String policies;

  @Option(names = "--requests", paramLabel = "N", description = "Override the scenario's request count.")
  Long requests;

  @Option(names = "--json", description = "Print a JSON array: one object per policy, the scorecard fields in camelCase, policy first.")
  boolean json;

  @Option(names = "--warmup", defaultValue = "3000", paramLabel = "N",
      description = "Healthy requests per protocol on a throwaway stack first (0: none). Default: ${DEFAULT-VALUE}.")
  long warmup;

  @Option(names = "--record", paramLabel = "FILE", description = "Record each policy's run to FILE-<policy>.blastrec.")
  java.nio.file.Path record;

  @Option(names = "--io-threads", defaultValue = "1", paramLabel = "N", description = "Event-loop threads. Default: ${DEFAULT-VALUE}.")
  int ioThreads;

  @Option(names = "--engine", defaultValue = "real", paramLabel = "real|sim",
      description = "real: sockets on loopback in real time; sim: the same pool and policy on a simulated network and server in virtual time (deterministic, no warm-up). Default: ${DEFAULT-VALUE}.")
  String engine;

  @Override
  public Integer call() throws Exception {
    Engine eng = Engine.parse(engine);
    Scenario s = ScenarioFiles.load(scenario);
    if (requests != null) {
      if (requests < 0) throw new IllegalArgumentException("--requests must be >= 0, not " + requests);
      s = s.withLoad(s.load().withRequests(requests));
    }
    List<PolicySpec> specs = Policies.parseList(policies);
    for (PolicySpec p : specs) s.runConfig(p); // reject bad scenario parameters before any run starts
    PrintWriter err = spec.commandLine().getErr();
    if (warmup < 0) throw new IllegalArgumentException("--warmup must be >= 0, not " + warmup);
    if (eng == Engine.REAL) Runs.warmUp(warmup);
    List<Scorecard> cards = new ArrayList<>();
    for (PolicySpec p : specs) {
      RunConfig config = s.runConfig(p, 0, ioThreads);
      if (!json) err.printf("%s: running %s...%n", s.name(), config.policy());
      cards.add(Recorded.run(config, eng, Recorded.fileFor(record, p, specs.size() + 1), err));
    }
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      List<Map<String, Object>> rows = new ArrayList<>();
      for (Scorecard c : cards) {
        Map<String, Object> row = new java.util.LinkedHashMap<>(c.asMap());
        row.put("engine", eng.id()); // which engine made this scorecard
        rows.add(row);
      }
      out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(rows));
    } else {
      out.println("scenario " + s.name() + (eng == Engine.SIM ? " (simulated: virtual time)" : "") + ": " + s.description());
      out.print(Scorecard.table(cards));
    }
    out.flush();
    return 0;
  }
}
