package io.blastradius.cli;

import io.blastradius.core.event.Event;
import io.blastradius.core.event.EventSink;
import io.blastradius.core.event.Outcome;
import io.blastradius.core.load.FaultPlan;
import io.blastradius.core.load.LoadConfig;
import io.blastradius.core.policy.PolicySpec;
import io.blastradius.core.run.RunConfig;
import io.blastradius.core.server.ServerConfig;
import java.io.PrintWriter;
import java.time.Duration;
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

  @Override
  public Integer call() throws Exception {
    if (requests < 1 || warmup < 0 || rounds < 1) throw new IllegalArgumentException("--requests and --rounds must be >= 1, --warmup >= 0");
    List<PolicySpec> specs = io.blastradius.core.policy.Policies.parseList(policies);
    PrintWriter out = spec.commandLine().getOut();
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

  record Result(long ok, double seconds) {
    double perSecond() {
      return ok / seconds;
    }
  }

  private Result measure(PolicySpec p, long n) throws Exception {
    LoadConfig load = new LoadConfig(n, 1, Duration.ofSeconds(5), 0, Duration.ZERO, 1);
    RunConfig config = new RunConfig("bench", p, load, ServerConfig.defaults(), FaultPlan.none(), 0, ioThreads);
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
    io.blastradius.core.run.Run run = io.blastradius.core.run.Run.start(config, counter);
    run.await(120_000);
    return new Result(ok[0], (last[0] - first[0]) / 1e9);
  }
}
