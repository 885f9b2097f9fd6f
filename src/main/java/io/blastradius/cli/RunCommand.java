package io.blastradius.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.blastradius.core.event.Event;
import io.blastradius.core.load.FaultPlan;
import io.blastradius.core.load.LoadConfig;
import io.blastradius.core.policy.PolicySpec;
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

  /** Exit code when a run was stopped as stalled (its results so far are printed). */
  static final int STALLED = 3;

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

  @CommandLine.Mixin WireFlags wire;

  @Option(names = "--engine", defaultValue = "real", paramLabel = "real|sim",
      description = "real: sockets on loopback in real time; sim: the same pool and policy on a simulated network and server in virtual time (deterministic, no warm-up; no --tls, --wire, --pcap, --client-cmd or real clients). Default: ${DEFAULT-VALUE}.")
  String engine;

  @Option(names = "--client-cmd", paramLabel = "'CMD {url}'",
      description = "Instead of policies, run this program as the client ({url}: the fault proxy's URL; no shell),"
          + " e.g. 'curl -s {url}' in a loop or 'nghttp -n -m 100 {url}'; its requests and their outcomes are read off the wire"
          + " (a stream it resets is its timeout), --requests and --unplug-every count requests seen there; --record works too.")
  String clientCmd;

  @Option(names = "--connect-timeout", defaultValue = "5s", paramLabel = "DURATION",
      description = "With --client-cmd: how long the program may take to connect. Default: ${DEFAULT-VALUE}.")
  Duration connectTimeout;

  @Override
  public Integer call() throws Exception {
    Engine eng = Engine.parse(engine);
    if (clientCmd != null) {
      if (eng == Engine.SIM) throw new IllegalArgumentException("--client-cmd needs --engine real: a program's sockets cannot run in virtual time");
      return runCommand();
    }
    // Everything is checked before the warm-up and the first run: bad input costs no finished run.
    List<PolicySpec> specs = RealClientSpecs.parseList(policies); // every spec, parameters included
    Limits.range("--requests", requests, 0, LoadConfig.MAX_REQUESTS);
    if (unplugEvery < 0) throw new IllegalArgumentException("--unplug-every must be >= 0, not " + unplugEvery);
    Limits.range("--workers", workers, 1, LoadConfig.MAX_WORKERS);
    Limits.range("--io-threads", ioThreads, 1, RunConfig.MAX_IO_THREADS);
    Limits.range("--max-concurrent-streams", maxConcurrentStreams, 1, Integer.MAX_VALUE);
    Limits.range("--warmup", warmup, 0, LoadConfig.MAX_REQUESTS);
    if (timeout.isZero()) throw new IllegalArgumentException("--timeout must be > 0");
    LoadConfig load = new LoadConfig(requests, workers, timeout, 0, Duration.ZERO, seed);
    ServerConfig server = new ServerConfig(bind, serverPort, maxConcurrentStreams, DelayModel.fixed(delay), null);
    FaultPlan faults = unplugEvery > 0 ? FaultPlan.unplugEvery(unplugEvery) : FaultPlan.none();
    List<RunConfig> configs = new ArrayList<>();
    for (PolicySpec p : specs) configs.add(new RunConfig("cli", p, load, server, faults, proxyPort, ioThreads));
    if (eng == Engine.SIM) {
      for (RunConfig c : configs) io.blastradius.core.sim.SimRun.checkSupported(c.withWire(wire.options(c.policy(), specs.size())));
    }
    NetworkInputs.checkRecordTarget(record);
    Limits.recordings(specs.stream().map(p -> Recorded.fileFor(record, p, specs.size())).toList());
    PrintWriter err = spec.commandLine().getErr();
    NetworkInputs.checkBind(bind, err);
    wire.validate(specs);
    for (PolicySpec p : specs) {
      if (io.blastradius.core.clients.RealClients.isClient(p)) {
        io.blastradius.core.clients.RealClients.checkWire(p, wire.options(p, specs.size()));
      }
    }
    if (eng == Engine.REAL) { // a simulated run meets no JIT: its time is virtual
      if (!json && warmup > 0) err.printf("warming up (%d requests per protocol)...%n", warmup);
      Runs.warmUp(warmup, wire.options(specs.get(0), specs.size()).withPcap(null));
    }
    List<Scorecard> cards = new ArrayList<>();
    boolean stalled = false;
    for (RunConfig config : configs) {
      if (!json) err.printf("running %s: %d requests...%n", config.policy(), requests);
      config = config.withWire(wire.options(config.policy(), specs.size()));
      StallWatch stall = new StallWatch();
      cards.add(Recorded.run(config, eng, Recorded.fileFor(record, config.policy(), specs.size()), err, stall));
      stalled |= stall.why() != null;
    }
    if (!json && eng == Engine.SIM) spec.commandLine().getOut().println("engine: sim (virtual time; wallMillis is simulated time)");
    print(spec.commandLine().getOut(), cards, FIELDS, json);
    return stalled ? STALLED : 0;
  }

  /** {@code --client-cmd}: an external program as the client, on one fresh server and proxy. */
  private Integer runCommand() throws Exception {
    io.blastradius.core.clients.ExternalClient.parse(clientCmd); // one clear line before anything starts
    if (spec.commandLine().getParseResult().hasMatchedOption("--policy")) {
      throw new IllegalArgumentException("--client-cmd runs a program instead of policies: drop --policy");
    }
    if (requests < 1) throw new IllegalArgumentException("--requests must be >= 1 with --client-cmd, not " + requests);
    if (unplugEvery < 0) throw new IllegalArgumentException("--unplug-every must be >= 0, not " + unplugEvery);
    if (connectTimeout.isZero() || connectTimeout.isNegative()) throw new IllegalArgumentException("--connect-timeout must be > 0");
    if (spec.commandLine().getParseResult().hasMatchedOption("--workers")) {
      throw new IllegalArgumentException("--client-cmd: the program makes its own requests, as many at a time as it likes: drop --workers");
    }
    if (wire.tls || wire.intercept) {
      throw new IllegalArgumentException("--client-cmd: the program is given an http:// URL: --tls and --tls-intercept apply to models only");
    }
    wire.validate(List.of(PolicySpec.of("h1"))); // --pcap: one file, checked before the program starts
    LoadConfig load = new LoadConfig(requests, 1, timeout, 0, Duration.ZERO, seed);
    ServerConfig server = new ServerConfig(bind, serverPort, maxConcurrentStreams, DelayModel.fixed(delay), null);
    FaultPlan faults = unplugEvery > 0 ? FaultPlan.unplugEvery(unplugEvery) : FaultPlan.none();
    RunConfig config = new RunConfig("cli", PolicySpec.of("h1"), load, server, faults, proxyPort, ioThreads);
    NetworkInputs.checkRecordTarget(record);
    if (record != null && java.nio.file.Files.exists(record)) {
      throw new IllegalArgumentException(record + " already exists: choose another name or delete it");
    }
    // The scorecard is folded as the events stream: memory does not grow with --requests.
    io.blastradius.core.score.ScoringSink score = new io.blastradius.core.score.ScoringSink();
    io.blastradius.core.record.RecordingWriter writer = record == null ? null
        : io.blastradius.core.record.RecordingWriter.open(record, io.blastradius.core.record.RecordingHeader.forRun(
            config.scenario(), "cmd: " + clientCmd, java.time.Instant.now()));
    try {
      io.blastradius.core.clients.ExternalClient.run(clientCmd, config.withWire(wire.options(config.policy(), 1)),
          writer == null ? score : io.blastradius.core.event.EventSink.tee(score, writer), connectTimeout, Duration.ofMinutes(30));
    } finally {
      if (writer != null) writer.close(); // what was recorded is kept, even when the program misbehaved
    }
    if (wire.pcap != null) {
      spec.commandLine().getErr().printf("captured %s%n", wire.pcap);
    }
    if (writer != null) {
      spec.commandLine().getErr().printf("recorded %s (%d events)%n", record, writer.eventsWritten());
      Recorded.warnIfLost(writer, spec.commandLine().getErr());
    }
    print(spec.commandLine().getOut(), List.of(score.result("cmd: " + clientCmd)), FIELDS, json);
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
