package io.blastradius.cli;

import io.blastradius.core.event.Event;
import io.blastradius.core.event.EventSink;
import io.blastradius.core.event.Outcome;
import io.blastradius.core.load.FaultPlan;
import io.blastradius.core.load.LoadConfig;
import io.blastradius.core.policy.PolicySpec;
import io.blastradius.core.record.RecordingHeader;
import io.blastradius.core.record.RecordingWriter;
import io.blastradius.core.run.RunConfig;
import io.blastradius.core.run.WireOptions;
import io.blastradius.core.server.ServerConfig;
import io.blastradius.core.util.TempFiles;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Sequential healthy throughput through the fault proxy, h1 against h2, measured in one process
 * run so the figures are comparable as ratios.
 */
@Command(
    name = "bench",
    description = {
      "Measure sequential healthy throughput through the fault proxy (requests/s) for HTTP/1.1 and",
      "HTTP/2, after a warm-up, in one process. Reference: Go's net/http does 30,000 sequential",
      "HTTP/1 requests through an equivalent proxy in 1.73 s on this kind of machine (~17,000 req/s)."
    },
    sortOptions = false,
    mixinStandardHelpOptions = true)
final class BenchCommand implements Callable<Integer> {
  static final double GO_H1_REQ_PER_S = 30_000 / 1.73;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--requests", defaultValue = "30000", paramLabel = "N", description = "Measured requests per policy. Default: ${DEFAULT-VALUE}.")
  long requests;

  @Option(names = "--warmup", defaultValue = "20000", paramLabel = "N", description = "Unmeasured requests first, per policy. Default: ${DEFAULT-VALUE}.")
  long warmup;

  @Option(names = "--rounds", defaultValue = "3", paramLabel = "N", description = "Measured rounds per policy; the best is reported. Default: ${DEFAULT-VALUE}.")
  int rounds;

  @Option(names = "--policy", defaultValue = "h1,h2-naive", paramLabel = "LIST", description = "Policies to measure. Default: ${DEFAULT-VALUE}.")
  String policies;

  @Option(names = "--io-threads", defaultValue = "1", paramLabel = "N", description = "Event-loop threads. Default: ${DEFAULT-VALUE}.")
  int ioThreads;

  @Option(names = "--recording",
      description = {
        "Also measure each policy while recording to a temporary .blastrec file (deleted after):",
        "rounds alternate off/on, best of each; prints both rates, on/off, the process's CPU time",
        "per request both ways, the recording's bytes per event and how long its close took."
      })
  boolean recording;

  @CommandLine.Mixin SoakBench.Options soak = new SoakBench.Options();

  @Option(names = "--wire",
      description = {
        "Also measure each policy with the proxy's wire decoder on (events counted, not kept):",
        "rounds alternate off/on, best of each; prints both rates, on/off and CPU time per request",
        "(the least of the rounds: other load on the machine only ever adds to it)."
      })
  boolean wire;

  /** Where the temporary recordings go (null: the system's temp directory); a seam for tests. */
  Path tempDir;

  @Override
  public Integer call() throws Exception {
    if (soak.duration != null) return new SoakBench(soak, ioThreads).run(spec.commandLine().getOut(), spec.commandLine().getErr());
    Limits.range("--requests", requests, 1, io.blastradius.core.load.LoadConfig.MAX_REQUESTS);
    Limits.range("--warmup", warmup, 0, io.blastradius.core.load.LoadConfig.MAX_REQUESTS);
    Limits.range("--rounds", rounds, 1, 1_000);
    Limits.range("--io-threads", ioThreads, 1, RunConfig.MAX_IO_THREADS);
    List<PolicySpec> specs = io.blastradius.core.policy.Policies.parseList(policies);
    PrintWriter out = spec.commandLine().getOut();
    if (recording && wire) throw new IllegalArgumentException("--recording and --wire are measured one at a time");
    if (recording) return callRecording(specs, out);
    if (wire) return callWire(specs, out);
    out.printf("%-14s %10s %10s %12s %10s%n", "policy", "requests", "seconds", "req/s", "vs Go h1");
    for (PolicySpec p : specs) {
      if (warmup > 0) measure(p, warmup);
      Result best = null;
      for (int r = 0; r < rounds; r++) {
        Result res = measure(p, requests);
        if (best == null || res.perSecond() > best.perSecond()) best = res;
      }
      out.printf("%-14s %10d %10.3f %12.0f %9.2fx%s%n", p, best.ok, best.seconds, best.perSecond(),
          best.perSecond() / GO_H1_REQ_PER_S, best.ok == requests ? "" : "  (" + (requests - best.ok) + " failed)");
      out.flush();
    }
    return 0;
  }

  /**
   * Each policy measured with recording off and on in the same process: one warm-up with recording
   * on (it warms the engine and the writer), then rounds that alternate which mode goes first, so
   * drift from other load on the machine falls on both alike. The rate is the run's own (first
   * request started to last finished); the writer drains on its own thread, and what is still
   * queued when the run ends shows as the close time. On a busy machine the rates move with the
   * neighbours; the CPU time per request (writer included) is the steadier measure of the cost.
   */
  private Integer callRecording(List<PolicySpec> specs, PrintWriter out) throws Exception {
    out.printf("%-14s %10s %12s %12s %8s %10s %10s %10s %10s%n", "policy", "requests", "off req/s", "on req/s", "on/off",
        "off cpu us", "on cpu us", "bytes/ev", "close ms");
    for (PolicySpec p : specs) {
      if (warmup > 0) measureRecorded(p, warmup);
      Result off = null;
      RecordedResult on = null;
      for (int r = 0; r < rounds; r++) {
        for (int k = 0; k < 2; k++) {
          if ((k == 0) == (r % 2 == 0)) {
            Result res = measure(p, requests);
            if (off == null || res.perSecond() > off.perSecond()) off = res;
          } else {
            RecordedResult res = measureRecorded(p, requests);
            if (on == null || res.run.perSecond() > on.run.perSecond()) on = res;
          }
        }
      }
      long failed = 2 * requests - off.ok - on.run.ok;
      out.printf("%-14s %10d %12.0f %12.0f %8.3f %10.1f %10.1f %10.1f %10.1f%s%n", p, requests,
          off.perSecond(), on.run.perSecond(), on.run.perSecond() / off.perSecond(),
          off.cpuMicrosPerRequest, on.run.cpuMicrosPerRequest, (double) on.bytes / on.events, on.run.closeMillis,
          failed == 0 ? "" : "  (" + failed + " failed)");
      out.flush();
    }
    return 0;
  }

  /**
   * Each policy with the wire decoder off and on, in the same process: a warm-up with it on, then
   * rounds alternating which mode goes first, best of each (as {@link #callRecording}). The CPU
   * time per request is the least over the rounds of each mode, not the fastest round's: on a
   * shared machine the neighbours' load inflates CPU time too (caches, migrations), never deflates it.
   */
  private Integer callWire(List<PolicySpec> specs, PrintWriter out) throws Exception {
    out.printf("%-14s %10s %12s %12s %8s %10s %10s%n", "policy", "requests", "off req/s", "wire req/s", "on/off",
        "off cpu us", "wire cpu us");
    WireOptions decode = WireOptions.NONE.withDecode(true);
    for (PolicySpec p : specs) {
      if (warmup > 0) measure(config(p, warmup).withWire(decode), EventSink.NONE);
      Result off = null;
      Result on = null;
      double offCpu = Double.MAX_VALUE;
      double onCpu = Double.MAX_VALUE;
      for (int r = 0; r < rounds; r++) {
        for (int k = 0; k < 2; k++) {
          if ((k == 0) == (r % 2 == 0)) {
            Result res = measure(p, requests);
            if (off == null || res.perSecond() > off.perSecond()) off = res;
            offCpu = Math.min(offCpu, res.cpuMicrosPerRequest);
          } else {
            Result res = measure(config(p, requests).withWire(decode), EventSink.NONE);
            if (on == null || res.perSecond() > on.perSecond()) on = res;
            onCpu = Math.min(onCpu, res.cpuMicrosPerRequest);
          }
        }
      }
      long failed = 2 * requests - off.ok - on.ok;
      out.printf("%-14s %10d %12.0f %12.0f %8.3f %10.1f %10.1f%s%n", p, requests, off.perSecond(), on.perSecond(),
          on.perSecond() / off.perSecond(), offCpu, onCpu,
          failed == 0 ? "" : "  (" + failed + " failed)");
      out.flush();
    }
    return 0;
  }

  /**
   * @param cpuMicrosPerRequest the process's CPU time (every thread: I/O, writer, GC, JIT) per
   *     request, from start to the end of teardown (and of the recording's close)
   * @param closeMillis how long closing the recording took after the run ended (0 without one)
   */
  record Result(long ok, double seconds, double cpuMicrosPerRequest, double closeMillis) {
    double perSecond() {
      return ok / seconds;
    }
  }

  /** A measured run with recording on: its rate, the file's size and events, how long close took. */
  record RecordedResult(Result run, long bytes, long events) {}

  private RunConfig config(PolicySpec p, long n) {
    LoadConfig load = new LoadConfig(n, 1, Duration.ofSeconds(5), 0, Duration.ZERO, 1);
    return new RunConfig("bench", p, load, ServerConfig.defaults(), FaultPlan.none(), 0, ioThreads);
  }

  private RecordedResult measureRecorded(PolicySpec p, long n) throws Exception {
    RunConfig config = config(p, n);
    Path file = TempFiles.create(tempDir, "blastradius-bench-", ".blastrec");
    try {
      RecordingWriter writer = RecordingWriter.open(file, RecordingHeader.forRun(config, Instant.now()));
      Result res;
      try {
        res = measure(config, writer);
      } finally {
        writer.close();
      }
      return new RecordedResult(res, Files.size(file), writer.eventsWritten());
    } finally {
      deleteQuietly(file);
    }
  }

  /** CPU time of the whole process (every thread, GC and JIT included), or -1 if unknown. */
  private static long processCpuNanos() {
    return java.lang.management.ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os ? os.getProcessCpuTime() : -1;
  }

  /** Deletes it now; if that fails, or the bench is stopped (Ctrl+C, SIGTERM) first, at exit. */
  private static void deleteQuietly(Path file) {
    TempFiles.delete(file);
  }

  private Result measure(PolicySpec p, long n) throws Exception {
    return measure(config(p, n), EventSink.NONE);
  }

  private Result measure(RunConfig config, EventSink also) throws Exception {
    long[] first = {-1};
    long[] last = {0};
    long[] ok = {0};
    // Count on the fly instead of keeping the events: the bench measures the engine, not a log.
    EventSink counter = e -> {
      if (e instanceof Event.RequestStarted s && first[0] < 0) first[0] = s.t();
      if (e instanceof Event.RequestFinished f) {
        last[0] = f.t();
        if (f.outcome() == Outcome.OK) ok[0]++;
      }
    };
    long cpu0 = processCpuNanos();
    io.blastradius.core.run.Run run =
        io.blastradius.core.run.Run.start(config, also == EventSink.NONE ? counter : EventSink.tee(counter, also));
    run.await(120_000);
    long closeStart = System.nanoTime();
    if (also instanceof RecordingWriter w) w.close(); // The writer's CPU counts, all of it.
    double closeMillis = (System.nanoTime() - closeStart) / 1e6;
    long cpu = processCpuNanos() - cpu0;
    return new Result(ok[0], (last[0] - first[0]) / 1e9, cpu / 1e3 / config.load().requests(), closeMillis);
  }
}
