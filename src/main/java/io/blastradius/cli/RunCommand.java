package io.blastradius.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.blastradius.core.event.Event;
import io.blastradius.core.load.FaultPlan;
import io.blastradius.core.load.LoadConfig;
import io.blastradius.core.policy.PolicySpec;
import io.blastradius.core.policy.Policies;
import io.blastradius.core.run.Engine;
import io.blastradius.core.run.RunConfig;
import io.blastradius.core.run.Runs;
import io.blastradius.core.score.Scorecard;
import io.blastradius.core.server.DelayModel;
import io.blastradius.core.server.ServerConfig;
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

/** Runs each policy on a fresh server/proxy/pool stack, one after the other, and scores it. */
@Command(
    name = "run",
    description = {
      "Run each policy on a fresh server, fault proxy and pool, one after the other, and print",
      "what it cost. The seed of golang/go#63422:",
      "  run --policy h1,h2-naive --requests 3000 --timeout 10ms --unplug-every 1000"
    },
    sortOptions = false,
    mixinStandardHelpOptions = true)
final class RunCommand implements Callable<Integer> {
  /** The columns of `run`, in order: the issue-2 summary. */
  static final List<String> FIELDS = List.of(
      "policy", "requests", "ok", "failed", "unplugs", "connectionsOpened", "pingsSent",
      "p50Micros", "p99Micros", "wallMillis");

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--policy", defaultValue = "h1,h2-naive", paramLabel = "LIST",
      description = "Comma-separated policies, or 'all' (see 'blastradius policies'). Default: ${DEFAULT-VALUE}.")
  String policies;

  @Option(names = "--requests", defaultValue = "3000", paramLabel = "N", description = "Requests per policy. Default: ${DEFAULT-VALUE}.")
  long requests;

  @Option(names = "--timeout", defaultValue = "10ms", paramLabel = "DURATION",
      description = "Each request's own timeout, with a unit (10ms, 1s). Default: ${DEFAULT-VALUE}.")
  Duration timeout;

  @Option(names = "--unplug-every", defaultValue = "0", paramLabel = "N",
      description = "Before request i, when i %% N == N/2, unplug one random live flow (0: never). Default: ${DEFAULT-VALUE}.")
  int unplugEvery;

  @Option(names = "--workers", defaultValue = "1", paramLabel = "N", description = "Concurrent workers (1: sequential). Default: ${DEFAULT-VALUE}.")
  int workers;

  @Option(names = "--delay", defaultValue = "0ms", paramLabel = "DURATION", description = "Server handler delay per request. Default: ${DEFAULT-VALUE}.")
  Duration delay;

  @Option(names = "--max-concurrent-streams", defaultValue = "250", paramLabel = "N",
      description = "SETTINGS_MAX_CONCURRENT_STREAMS the server advertises. Default: ${DEFAULT-VALUE} (Go's server).")
  int maxConcurrentStreams;

  @Option(names = "--seed", defaultValue = "1", paramLabel = "N", description = "Seed for fault and cancel choices. Default: ${DEFAULT-VALUE}.")
  long seed;

  @Option(names = "--bind", defaultValue = "127.0.0.1", paramLabel = "HOST", description = "Address the server and proxy bind to. Default: ${DEFAULT-VALUE}.")
  String bind;

  @Option(names = "--server-port", defaultValue = "0", paramLabel = "PORT", description = "Server port (0: any free port).")
  int serverPort;

  @Option(names = "--proxy-port", defaultValue = "0", paramLabel = "PORT", description = "Fault proxy port (0: any free port).")
  int proxyPort;

  @Option(names = "--io-threads", defaultValue = "1", paramLabel = "N", description = "Event-loop threads for the whole stack. Default: ${DEFAULT-VALUE}.")
  int ioThreads;

  @Option(names = "--warmup", defaultValue = "3000", paramLabel = "N",
      description = "Healthy requests per protocol on a throwaway stack first, so a cold JVM does not fail the first requests (0: none). Default: ${DEFAULT-VALUE}.")
  long warmup;

  @Option(names = "--record", paramLabel = "FILE",
      description = "Record each run to FILE (.blastrec); with several policies, FILE-<policy>.blastrec each.")
  java.nio.file.Path record;

  @Option(names = "--json", description = "Print a JSON array, one object per policy, instead of a table.")
  boolean json;

  @Option(names = "--engine", defaultValue = "real", paramLabel = "real|sim",
      description = "real: sockets on loopback in real time; sim: the same pool and policy on a simulated network and server in virtual time (deterministic, no warm-up). Default: ${DEFAULT-VALUE}.")
  String engine;

  @Override
  public Integer call() throws Exception {
    Engine eng = Engine.parse(engine);
    List<PolicySpec> specs = Policies.parseList(policies);
    if (requests < 0) throw new IllegalArgumentException("--requests must be >= 0, not " + requests);
    if (unplugEvery < 0) throw new IllegalArgumentException("--unplug-every must be >= 0, not " + unplugEvery);
    if (workers < 1) throw new IllegalArgumentException("--workers must be >= 1, not " + workers);
    if (timeout.isZero()) throw new IllegalArgumentException("--timeout must be > 0");
    LoadConfig load = new LoadConfig(requests, workers, timeout, 0, Duration.ZERO, seed);
    ServerConfig server = new ServerConfig(bind, serverPort, maxConcurrentStreams, DelayModel.fixed(delay), null);
    FaultPlan faults = unplugEvery > 0 ? FaultPlan.unplugEvery(unplugEvery) : FaultPlan.none();
    PrintWriter err = spec.commandLine().getErr();
    if (warmup < 0) throw new IllegalArgumentException("--warmup must be >= 0, not " + warmup);
    if (!json && warmup > 0 && eng == Engine.REAL) err.printf("warming up (%d requests per protocol)...%n", warmup);
    if (eng == Engine.REAL) Runs.warmUp(warmup);
    List<Scorecard> cards = new ArrayList<>();
    for (PolicySpec p : specs) {
      if (!json) err.printf("running %s: %d requests...%n", p, requests);
      RunConfig config = new RunConfig("cli", p, load, server, faults, proxyPort, ioThreads);
      cards.add(Recorded.run(config, eng, Recorded.fileFor(record, p, specs.size()), err));
    }
    if (!json && eng == Engine.SIM) spec.commandLine().getOut().println("engine: sim (virtual time; wallMillis is simulated time)");
    print(spec.commandLine().getOut(), cards, FIELDS, json);
    return 0;
  }

  /** Prints scorecards as an aligned table or a JSON array, keeping only {@code fields}. */
  static void print(PrintWriter out, List<Scorecard> cards, List<String> fields, boolean json) throws Exception {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (Scorecard c : cards) {
      Map<String, Object> all = c.asMap();
      Map<String, Object> row = new LinkedHashMap<>();
      for (String f : fields) row.put(f, all.get(f));
      rows.add(row);
    }
    if (json) {
      out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(rows));
    } else {
      out.print(Scorecard.rows(cards, fields));
    }
    out.flush();
  }
}
