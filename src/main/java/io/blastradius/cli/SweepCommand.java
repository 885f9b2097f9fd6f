package io.blastradius.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.blastradius.core.scenario.Scenario;
import io.blastradius.core.scenario.ScenarioFiles;
import io.blastradius.core.sim.Sweep;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** One policy parameter over a range on the simulated engine: failures against cost. */
@Command(
    name = "sweep",
    description = {
      "Sweep one policy parameter over a range, each value a simulated run of the scenario",
      "(virtual time, deterministic), and print per value: failures per unplug, PINGs per hour,",
      "connections per minute, time to evict. Writes a PNG of failures against PINGs with every",
      "other policy at its defaults on it.",
      "  sweep --policy h2-read-idle-ping --param idle=1s..30s:6 --scenario seed"
    },
    sortOptions = false,
    mixinStandardHelpOptions = true)
final class SweepCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--policy", required = true, paramLabel = "ID|all", description = "The policy whose parameter is swept (its id, optionally with fixed parameters), or all: every policy that takes the parameter.")
  String policy;

  @Option(names = "--param", required = true, paramLabel = "NAME=FROM..TO[:STEPS]",
      description = "The parameter and its range: durations with a unit or whole numbers; STEPS values (default 5), ends included.")
  String param;

  @Option(names = "--scenario", defaultValue = "seed", paramLabel = "NAME|FILE", description = "A preset or a scenario file. Default: ${DEFAULT-VALUE}.")
  String scenario;

  @Option(names = "--requests", paramLabel = "N", description = "Override the scenario's request count.")
  Long requests;

  @Option(names = "--png", paramLabel = "FILE", description = "Where to write the chart. Default: sweep-<policy>-<param>.png.")
  Path png;

  @Option(names = "--no-png", description = "Write no chart.")
  boolean noPng;

  @Option(names = "--json", description = "Print a JSON array, one object per value (then one per policy at its defaults).")
  boolean json;

  @Option(names = "--csv", description = "Print CSV, one row per value (then one per policy at its defaults).")
  boolean csv;

  @Override
  public Integer call() throws Exception {
    if (json && csv) throw new IllegalArgumentException("--json and --csv: choose one");
    Scenario s = ScenarioFiles.load(scenario);
    if (requests != null) {
      if (requests < 0) throw new IllegalArgumentException("--requests must be >= 0, not " + requests);
      s = s.withLoad(s.load().withRequests(requests));
    }
    Sweep.Param p = Sweep.Param.parse(param);
    // every value of every swept policy validated before the first run
    for (String id : Sweep.sweptPolicies(policy, p.name())) Sweep.specs(s, id, p);
    Path out = noPng ? null : png != null ? png : Path.of("sweep-" + policy.replaceAll("[^A-Za-z0-9._-]", "_") + "-" + p.name() + ".png");
    if (out != null && Files.isDirectory(out)) throw new IllegalArgumentException(out + " is a directory, not a PNG file");
    if (out != null && out.toAbsolutePath().getParent() != null && !Files.isDirectory(out.toAbsolutePath().getParent())) {
      throw new IllegalArgumentException("cannot write " + out + ": no such directory " + out.toAbsolutePath().getParent());
    }
    // The same core call as the window's Sweep tab: the same points.
    Sweep.Result result = Sweep.sweep(s, policy, p, Sweep.Monitor.NONE);
    List<Sweep.Point> swept = result.swept();
    List<Sweep.Point> baselines = result.baselines();
    PrintWriter o = spec.commandLine().getOut();
    if (json) {
      List<Map<String, Object>> rows = new ArrayList<>();
      for (Sweep.Point pt : result.all()) rows.add(pt.asMap());
      o.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(rows));
    } else if (csv) {
      o.print(result.csv());
    } else {
      o.printf("sweep %s %s on %s (simulated)%n", policy, p.name(), s.name());
      Map<String, List<Sweep.Point>> byPolicy = new java.util.LinkedHashMap<>();
      for (Sweep.Point pt : swept) byPolicy.computeIfAbsent(Sweep.idOf(pt), k -> new ArrayList<>()).add(pt);
      for (Map.Entry<String, List<Sweep.Point>> e : byPolicy.entrySet()) {
        if (byPolicy.size() > 1) o.println(e.getKey() + ":");
        o.print(table(e.getValue(), p.name()));
      }
      o.println("every policy at its defaults:");
      o.print(table(baselines, null));
    }
    o.flush();
    if (out != null) {
      SweepChart.write(out, policy + " " + p.name(), s.name(), result);
      spec.commandLine().getErr().println("wrote " + out);
    }
    return 0;
  }

  private static String table(List<Sweep.Point> points, String param) {
    StringBuilder b = new StringBuilder();
    b.append(String.format("  %-40s %18s %14s %22s %18s%n", param == null ? "policy" : param, "failuresPerUnplug",
        "pingsPerHour", "connectionsPerMinute", "timeToEvictMillis"));
    for (Sweep.Point pt : points) {
      b.append(String.format("  %-40s %18.2f %14.1f %22.2f %18s%n", param == null ? pt.policy() : pt.value(),
          pt.failuresPerUnplug(), pt.pingsPerHour(), pt.connectionsPerMinute(),
          pt.timeToEvictMillis() == null ? "-" : String.format("%.1f", pt.timeToEvictMillis())));
    }
    return b.toString();
  }
}
