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
      "  compare --scenario seed --policy all",
      "Exit code 3: a run stalled (no request ended for a long time) and was stopped; all",
      "scorecards are still printed."
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

  @Option(names = "--csv", description = "Print CSV (RFC 4180): one row per policy, the scorecard's columns, then engine (real or sim).")
  boolean csv;

  @Option(names = "--warmup", defaultValue = "3000", paramLabel = "N",
      description = "Healthy requests per protocol on a throwaway stack first (0: none). Default: ${DEFAULT-VALUE}.")
  long warmup;

  @Option(names = "--record", paramLabel = "FILE", description = "Record each policy's run to FILE-<policy>.blastrec.")
  java.nio.file.Path record;

  @Option(names = "--io-threads", defaultValue = "1", paramLabel = "N", description = "Event-loop threads. Default: ${DEFAULT-VALUE}.")
  int ioThreads;

  @CommandLine.Mixin WireFlags wire;

  @Option(names = "--engine", defaultValue = "real", paramLabel = "real|sim",
      description = "real: sockets on loopback in real time; sim: the same pool and policy on a simulated network and server in virtual time (deterministic, no warm-up; no --tls, --wire or --pcap). Default: ${DEFAULT-VALUE}.")
  String engine;

  @Override
  public Integer call() throws Exception {
    // Everything is checked before the warm-up and the first run: bad input costs no finished run.
    Engine eng = Engine.parse(engine);
    if (json && csv) throw new IllegalArgumentException("--json and --csv: choose one");
    Scenario s = ScenarioFiles.load(scenario);
    if (requests != null) {
      Limits.range("--requests", requests, 0, io.blastradius.core.load.LoadConfig.MAX_REQUESTS);
      s = s.withLoad(s.load().withRequests(requests));
    }
    Limits.range("--io-threads", ioThreads, 1, RunConfig.MAX_IO_THREADS);
    Limits.range("--warmup", warmup, 0, io.blastradius.core.load.LoadConfig.MAX_REQUESTS);
    List<PolicySpec> specs = RealClientSpecs.parseList(policies); // models and real clients
    NetworkInputs.checkRecordTarget(record);
    List<RunConfig> configs = new ArrayList<>();
    for (PolicySpec p : specs) {
      // The policy as it will run, with the scenario's parameters: checked now, not at its turn.
      RunConfig config = s.runConfig(p, 0, ioThreads);
      try {
        if (io.blastradius.core.clients.RealClients.isClient(config.policy())) {
          io.blastradius.core.clients.RealClients.validate(config.policy());
        } else {
          io.blastradius.core.policy.Policies.create(config.policy());
        }
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("scenario " + s.name() + ", " + config.policy() + ": " + e.getMessage(), e);
      }
      if (eng == Engine.SIM) io.blastradius.core.sim.SimRun.checkSupported(config.withWire(wire.options(p, specs.size())));
      configs.add(config);
    }
    Limits.recordings(specs.stream().map(p -> Recorded.fileFor(record, p, specs.size() + 1)).toList());
    PrintWriter err = spec.commandLine().getErr();
    wire.validate(specs);
    if (eng == Engine.REAL) Runs.warmUp(warmup, wire.options(specs.get(0), specs.size()).withPcap(null));
    List<Scorecard> cards = new ArrayList<>();
    boolean stalled = false;
    for (int i = 0; i < configs.size(); i++) {
      RunConfig config = configs.get(i).withWire(wire.options(specs.get(i), specs.size()));
      if (!json && !csv) err.printf("%s: running %s...%n", s.name(), config.policy());
      StallWatch stall = new StallWatch();
      cards.add(Recorded.run(config, eng, Recorded.fileFor(record, specs.get(i), specs.size() + 1), err, stall));
      stalled |= stall.why() != null;
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
    } else if (csv) {
      List<String> engines = new ArrayList<>();
      for (int i = 0; i < cards.size(); i++) engines.add(eng.id()); // which engine made each row
      Scorecard.writeCsv(cards, engines, out);
    } else {
      out.println("scenario " + s.name() + (eng == Engine.SIM ? " (simulated: virtual time)" : "") + ": " + s.description());
      out.print(Scorecard.table(cards));
    }
    out.flush();
    // Like run: every scorecard is printed, and the exit code says one of the runs was cut short.
    return stalled ? RunCommand.STALLED : 0;
  }
}
