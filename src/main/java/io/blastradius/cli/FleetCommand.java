package io.blastradius.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.blastradius.core.policy.Policies;
import io.blastradius.core.policy.PolicySpec;
import io.blastradius.core.server.ServerConfig;
import io.blastradius.core.sim.Fleet;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Fleet scale on the simulated engine: failures per hour per policy, and the engine's speed. */
@Command(
    name = "fleet",
    description = {
      "Simulate a fleet (clients x hosts pools) over hours of virtual time while routes black-hole",
      "at a rate, once per policy, and print failures per hour. Also the engine's speed:",
      "simulated requests per second of CPU.",
      "  fleet --policy all --clients 20 --hosts 5 --hours 1 --blackholes-per-hour 60"
    },
    sortOptions = false,
    mixinStandardHelpOptions = true)
final class FleetCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--policy", defaultValue = "all", paramLabel = "all|LIST", description = "Policies. Default: ${DEFAULT-VALUE}.")
  String policies;

  @Option(names = "--clients", defaultValue = "20", paramLabel = "N", description = "Client processes. Default: ${DEFAULT-VALUE}.")
  int clients;

  @Option(names = "--hosts", defaultValue = "5", paramLabel = "N", description = "Hosts; each client has a pool per host. Default: ${DEFAULT-VALUE}.")
  int hosts;

  @Option(names = "--workers", defaultValue = "1", paramLabel = "N", description = "Sequential workers per pool. Default: ${DEFAULT-VALUE}.")
  int workers;

  @Option(names = "--hours", defaultValue = "1", paramLabel = "H", description = "Virtual hours. Default: ${DEFAULT-VALUE}.")
  double hours;

  @Option(names = "--blackholes-per-hour", defaultValue = "60", paramLabel = "R",
      description = "Rate at which a random live flow starts dropping every packet, for good. Default: ${DEFAULT-VALUE}.")
  double blackholesPerHour;

  @Option(names = "--timeout", defaultValue = "100ms", paramLabel = "DURATION", description = "Each request's timeout. Default: ${DEFAULT-VALUE}.")
  Duration timeout;

  @Option(names = "--think", defaultValue = "100ms", paramLabel = "DURATION", description = "Pause between a worker's requests. Default: ${DEFAULT-VALUE}.")
  Duration think;

  @Option(names = "--seed", defaultValue = "1", paramLabel = "N", description = "Seed for black holes and loads. Default: ${DEFAULT-VALUE}.")
  long seed;

  @Option(names = "--json", description = "Print a JSON array, one object per policy.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    List<PolicySpec> specs = Policies.parseList(policies);
    if (!(hours > 0) || hours > 1000) throw new IllegalArgumentException("--hours must be in (0, 1000], not " + hours);
    Fleet.Config config = new Fleet.Config(clients, hosts, workers, Duration.ofNanos((long) (hours * 3.6e12)),
        blackholesPerHour, timeout, think, ServerConfig.defaults(), seed);
    for (PolicySpec p : specs) Policies.create(p);
    PrintWriter err = spec.commandLine().getErr();
    List<Map<String, Object>> rows = new ArrayList<>();
    for (PolicySpec p : specs) {
      if (!json) err.printf("fleet: simulating %s...%n", p);
      Fleet.Result r = Fleet.run(config, p);
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("policy", r.policy());
      row.put("requests", r.requests());
      row.put("failed", r.failed());
      row.put("failuresPerHour", Math.round(r.failuresPerHour() * 10) / 10.0);
      row.put("blackholes", r.blackholes());
      row.put("pingsPerHour", Math.round(r.pingsPerHour() * 10) / 10.0);
      row.put("connectionsOpened", r.connectionsOpened());
      row.put("goAways", r.goAways());
      row.put("virtualHours", r.hours());
      row.put("cpuSeconds", Math.round(r.cpuNanos() / 1e6) / 1000.0);
      row.put("requestsPerCpuSecond", Math.round(r.requestsPerCpuSecond()));
      rows.add(row);
    }
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(rows));
    } else {
      out.printf("fleet: %d clients x %d hosts, %d worker(s) per pool, %s virtual, %.0f black holes/hour, timeout %s%n",
          clients, hosts, workers, hours + " h", blackholesPerHour, io.blastradius.core.util.Durations.format(timeout));
      List<String> keys = new ArrayList<>(rows.get(0).keySet());
      StringBuilder b = new StringBuilder();
      for (String k : keys) b.append(String.format(k.equals("policy") ? "%-24s" : " %16s", k.equals("policy") ? k : shorten(k)));
      out.println(b);
      for (Map<String, Object> row : rows) {
        b.setLength(0);
        for (String k : keys) b.append(String.format(k.equals("policy") ? "%-24s" : " %16s", row.get(k)));
        out.println(b);
      }
    }
    out.flush();
    return 0;
  }

  private static String shorten(String k) {
    return k.equals("requestsPerCpuSecond") ? "req/CPU-s" : k;
  }
}
