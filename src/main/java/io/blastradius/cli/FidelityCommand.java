package io.blastradius.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.blastradius.core.clients.Fidelity;
import io.blastradius.core.clients.RealClients;
import io.blastradius.core.policy.PolicySpec;
import io.blastradius.core.run.Runs;
import io.blastradius.core.scenario.Scenario;
import io.blastradius.core.scenario.ScenarioFiles;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Each model against the real client library it names, on the same schedule. */
@Command(
    name = "fidelity",
    description = {
      "Run each real client library and the model that names it on the same scenario, each on a",
      "fresh server/proxy stack, and print both scorecards side by side with their ratio.",
      "A pair agrees when failures differ by at most 10%% or 2 per unplug.",
      "  fidelity --scenario seed,concurrent --client okhttp/read-timeout"
    },
    sortOptions = false,
    mixinStandardHelpOptions = true)
final class FidelityCommand implements Callable<Integer> {
  static final List<String> FIELDS = List.of(
      "requests", "failed", "cancelled", "unplugs", "failuresPerUnplug", "magnification", "connectionsOpened",
      "pingsSent", "goAways", "p50Micros", "wallMillis");

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--scenario", defaultValue = "seed,concurrent,healthy-cancel", paramLabel = "LIST",
      description = "Comma-separated presets or scenario files. Default: ${DEFAULT-VALUE}.")
  String scenarios;

  @Option(names = "--client", defaultValue = "all", paramLabel = "all|LIST",
      description = "Real clients (FAMILY[-VERSION]/MODE[:param=value]); --list names them. Default: ${DEFAULT-VALUE}.")
  String clients;

  @Option(names = "--requests", paramLabel = "N", description = "Override each scenario's request count.")
  Long requests;

  @Option(names = "--timeout", paramLabel = "DURATION", description = "Override each scenario's request timeout (10ms, 50ms).")
  java.time.Duration timeout;

  @Option(names = "--unplug-every", paramLabel = "N",
      description = "Replace each scenario's faults with: unplug one live flow before request i when i %% N == N/2.")
  Integer unplugEvery;

  @Option(names = "--unplug-busiest-every", paramLabel = "N",
      description = "As --unplug-every, but unplug the live flow that moved the most bytes (the one the client uses).")
  Integer unplugBusiestEvery;

  @Option(names = "--unplug-busiest-at", paramLabel = "N",
      description = "Replace each scenario's faults with one unplug, before request N, of the live flow that moved the most bytes.")
  Long unplugBusiestAt;

  @Option(names = "--warmup", defaultValue = "2000", paramLabel = "N",
      description = "Healthy requests per model protocol and per client on a throwaway stack first (0: none). Default: ${DEFAULT-VALUE}.")
  long warmup;

  @Option(names = "--random-unplug",
      description = "Keep the scenarios' random choice of flow to unplug. By default an unplug hits the busiest live"
          + " flow: clients that open spare connections (Jetty, reactor-netty) would otherwise lose an idle spare on"
          + " one side and their working connection on the other.")
  boolean randomUnplug;

  @Option(names = "--json", description = "Print a JSON array: one object per scenario and client, both scorecards.")
  boolean json;

  @Option(names = "--list", description = "List the real clients this build bundles, their parameters and models, and run nothing.")
  boolean list;

  @Override
  public Integer call() throws Exception {
    if (list) {
      PrintWriter out = spec.commandLine().getOut();
      for (RealClients.Info i : RealClients.all()) {
        out.printf("%s%n  %s%n  model: %s%s%n", i.id(), i.help(), i.model(), i.params().isEmpty() ? "" : "; parameters: " + i.params());
      }
      out.flush();
      return 0;
    }
    List<Scenario> scenarioList = new ArrayList<>();
    for (String name : scenarios.split(",")) {
      if (name.isBlank()) continue;
      Scenario s = ScenarioFiles.load(name.trim());
      if (requests != null) {
        if (requests < 0) throw new IllegalArgumentException("--requests must be >= 0, not " + requests);
        s = s.withLoad(s.load().withRequests(requests));
      }
      if (timeout != null) {
        if (timeout.isZero() || timeout.isNegative()) throw new IllegalArgumentException("--timeout must be > 0, not " + timeout);
        io.blastradius.core.load.LoadConfig l = s.load();
        s = s.withLoad(new io.blastradius.core.load.LoadConfig(
            l.requests(), l.workers(), timeout, l.cancelFraction(), l.thinkTime(), l.seed()));
      }
      if (unplugEvery != null) {
        if (unplugEvery < 1) throw new IllegalArgumentException("--unplug-every must be >= 1, not " + unplugEvery);
        s = s.withFaults(io.blastradius.core.load.FaultPlan.unplugEvery(unplugEvery));
      }
      if (unplugBusiestEvery != null) {
        if (unplugEvery != null || unplugBusiestAt != null) throw new IllegalArgumentException("choose one of --unplug-every, --unplug-busiest-every, --unplug-busiest-at");
        if (unplugBusiestEvery < 1) throw new IllegalArgumentException("--unplug-busiest-every must be >= 1, not " + unplugBusiestEvery);
        s = s.withFaults(new io.blastradius.core.load.FaultPlan(List.of(new io.blastradius.core.load.FaultPlan.UnplugBusiestEvery(unplugBusiestEvery))));
      }
      if (unplugBusiestAt != null) {
        if (unplugEvery != null) throw new IllegalArgumentException("--unplug-every and --unplug-busiest-at: choose one");
        if (unplugBusiestAt < 0) throw new IllegalArgumentException("--unplug-busiest-at must be >= 0, not " + unplugBusiestAt);
        s = s.withFaults(new io.blastradius.core.load.FaultPlan(List.of(new io.blastradius.core.load.FaultPlan.UnplugBusiest(unplugBusiestAt))));
      }
      if (!randomUnplug) s = s.withFaults(busiest(s.faults()));
      scenarioList.add(s);
    }
    if (scenarioList.isEmpty()) throw new IllegalArgumentException("--scenario: no scenario named");
    List<PolicySpec> specs = parseClients(clients);
    if (warmup < 0) throw new IllegalArgumentException("--warmup must be >= 0, not " + warmup);
    PrintWriter err = spec.commandLine().getErr();
    PrintWriter out = spec.commandLine().getOut();
    if (!json && warmup > 0) err.printf("warming up (%d requests per protocol and client)...%n", warmup);
    Runs.warmUp(warmup);
    for (PolicySpec c : specs) Fidelity.warmUp(c, warmup);
    List<Fidelity.Comparison> all = new ArrayList<>();
    for (Scenario s : scenarioList) {
      for (PolicySpec c : specs) {
        if (!json) err.printf("%s: %s against its model...%n", s.name(), c);
        Fidelity.Comparison cmp = Fidelity.compare(s, c);
        all.add(cmp);
        if (!json) print(out, cmp);
      }
    }
    if (json) {
      List<Map<String, Object>> rows = new ArrayList<>();
      for (Fidelity.Comparison c : all) rows.add(c.asMap());
      out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(rows));
    } else {
      long disagree = all.stream().filter(c -> !c.agrees()).count();
      out.printf("%d of %d pairs agree%n", all.size() - disagree, all.size());
    }
    out.flush();
    return 0;
  }

  /** The same schedule, every plain unplug of a random live flow aimed at the busiest one instead. */
  static io.blastradius.core.load.FaultPlan busiest(io.blastradius.core.load.FaultPlan plan) {
    List<io.blastradius.core.load.FaultPlan.Step> steps = new ArrayList<>();
    for (io.blastradius.core.load.FaultPlan.Step step : plan.steps()) {
      if (step instanceof io.blastradius.core.load.FaultPlan.UnplugEvery u) {
        steps.add(new io.blastradius.core.load.FaultPlan.UnplugBusiestEvery(u.every()));
      } else if (step instanceof io.blastradius.core.load.FaultPlan.At at
          && at.fault() == io.blastradius.core.event.Fault.UNPLUG && at.revertAfter() == null) {
        steps.add(new io.blastradius.core.load.FaultPlan.UnplugBusiest(at.request()));
      } else {
        steps.add(step);
      }
    }
    return new io.blastradius.core.load.FaultPlan(steps);
  }

  /** Validates every client before anything starts. */
  static List<PolicySpec> parseClients(String text) {
    List<PolicySpec> specs = new ArrayList<>();
    for (String part : text.split(",")) {
      if (part.isBlank()) continue;
      if (part.trim().equals("all")) {
        for (String id : RealClients.ids()) specs.add(PolicySpec.parse(id));
        continue;
      }
      specs.add(RealClients.validate(PolicySpec.parse(part)));
    }
    if (specs.isEmpty()) throw new IllegalArgumentException("--client: no client named");
    return specs;
  }

  private static void print(PrintWriter out, Fidelity.Comparison c) {
    out.printf("scenario %s: %s vs %s: failed %d vs %d, ratio %s, %s%n", c.scenario(), c.client().policy(),
        c.model().policy(), c.client().failed(), c.model().failed(),
        c.ratio() == null ? "-" : String.format(Locale.ROOT, "%.2f", c.ratio()),
        c.agrees() ? "agrees" : "DISAGREES");
    if (!c.note().isEmpty()) out.println("  note: " + c.note());
    out.printf("  stream resets sent: %d (client, from the wire) vs %d (model)%n", c.clientResets(), c.modelResets());
    out.print(io.blastradius.core.score.Scorecard.rows(List.of(c.client(), c.model()), withPolicy()));
    out.println();
  }

  private static List<String> withPolicy() {
    List<String> f = new ArrayList<>();
    f.add("policy");
    f.addAll(FIELDS);
    return f;
  }
}
