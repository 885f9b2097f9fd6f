package io.blastradius.cli;

import com.sun.management.UnixOperatingSystemMXBean;
import io.blastradius.core.event.Event;
import io.blastradius.core.event.EventSink;
import io.blastradius.core.event.Fault;
import io.blastradius.core.load.FaultPlan;
import io.blastradius.core.load.LoadConfig;
import io.blastradius.core.policy.PolicySpec;
import io.blastradius.core.proxy.FlowInfo;
import io.blastradius.core.run.Run;
import io.blastradius.core.run.RunConfig;
import io.blastradius.core.server.ServerConfig;
import io.blastradius.core.util.Durations;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import picocli.CommandLine.Option;

/**
 * {@code bench --soak DURATION}: one long run at full rate with an unplug every few seconds,
 * sampling every 10 s what an hours-long run must keep flat: heap after a full GC, the process's
 * resident memory, its open file descriptors and the proxy's open flows. The events are counted,
 * not kept: this measures the engine, not a log.
 */
final class SoakBench {
  /** The soak's options, mixed into {@code bench}. */
  static final class Options {
    @Option(names = "--soak", paramLabel = "DURATION", converter = Converters.DurationConverter.class,
        description = "Instead of throughput: one run of DURATION (e.g. 30m) at full rate with unplugs, sampling heap after GC, RSS, open fds and open flows every 10 s.")
    Duration duration;

    @Option(names = "--soak-policy", defaultValue = "h2-adaptive", paramLabel = "POLICY", description = "The soak's policy. Default: ${DEFAULT-VALUE}.")
    String policy;

    @Option(names = "--soak-workers", defaultValue = "8", paramLabel = "N", description = "The soak's workers. Default: ${DEFAULT-VALUE}.")
    int workers;

    @Option(names = "--soak-timeout", defaultValue = "50ms", paramLabel = "DURATION", converter = Converters.DurationConverter.class, description = "The soak's request timeout. Default: ${DEFAULT-VALUE}.")
    Duration timeout;

    @Option(names = "--soak-unplug-every", defaultValue = "20000", paramLabel = "N",
        description = "Unplug a pool flow every N requests (a few seconds at full rate). Default: ${DEFAULT-VALUE}.")
    int unplugEvery;

    @Option(names = "--soak-sample", defaultValue = "10s", paramLabel = "DURATION", converter = Converters.DurationConverter.class, description = "Sampling period. Default: ${DEFAULT-VALUE}.")
    Duration sample;
  }

  /** One row of the table. */
  record Sample(long elapsedMillis, long ok, long failed, long unplugs, double reqPerSecond, long heapAfterGcBytes,
      long rssBytes, long openFds, long openFlows) {}

  private final Options o;
  private final int ioThreads;

  SoakBench(Options o, int ioThreads) {
    this.o = o;
    this.ioThreads = ioThreads;
  }

  int run(PrintWriter out, PrintWriter err) throws Exception {
    if (o.duration.isZero() || o.duration.isNegative()) throw new IllegalArgumentException("--soak must be > 0");
    if (o.workers < 1) throw new IllegalArgumentException("--soak-workers must be >= 1, not " + o.workers);
    if (o.unplugEvery < 0) throw new IllegalArgumentException("--soak-unplug-every must be >= 0, not " + o.unplugEvery);
    if (o.sample.toMillis() < 100) throw new IllegalArgumentException("--soak-sample must be >= 100ms");
    PolicySpec policy = PolicySpec.parse(o.policy);
    LoadConfig load = new LoadConfig(LoadConfig.MAX_REQUESTS, o.workers, o.timeout, 0, Duration.ZERO, 1);
    RunConfig config = new RunConfig("soak", policy, load, ServerConfig.defaults(),
        o.unplugEvery > 0 ? FaultPlan.unplugEvery(o.unplugEvery) : FaultPlan.none(), 0, ioThreads);
    LongAdder ok = new LongAdder();
    LongAdder failed = new LongAdder();
    LongAdder unplugs = new LongAdder();
    EventSink counter = e -> {
      if (e instanceof Event.RequestFinished f) {
        if (f.outcome().isFailure()) failed.increment();
        else ok.increment();
      } else if (e instanceof Event.FlowFaulted f && f.fault() == Fault.UNPLUG) {
        unplugs.increment();
      }
    };
    err.printf("soak: %s, %d workers, %s timeout, an unplug every %d requests, for %s; a row every %s%n",
        policy, o.workers, Durations.format(o.timeout), o.unplugEvery, Durations.format(o.duration), Durations.format(o.sample));
    err.flush();
    out.printf("%8s %12s %9s %8s %9s %10s %9s %7s %7s%n",
        "t(s)", "ok", "failed", "unplugs", "req/s", "heapGC MB", "RSS MB", "fds", "flows");
    List<Sample> samples = new ArrayList<>();
    samples.add(sample(0, 0, 0, 0, 0, null));
    print(out, samples.get(0));
    Run run = Run.start(config, counter);
    long start = System.nanoTime();
    long end = start + o.duration.toNanos();
    long prevOk = 0;
    long prevAt = start;
    try {
      while (!run.done().isDone()) {
        long next = Math.min(end, prevAt + o.sample.toNanos());
        long wait = next - System.nanoTime();
        if (wait > 0) {
          try {
            run.done().get(wait, java.util.concurrent.TimeUnit.NANOSECONDS);
          } catch (java.util.concurrent.TimeoutException ignored) {
            // time for a sample
          }
        }
        long now = System.nanoTime();
        long okNow = ok.sum();
        double rate = (okNow - prevOk) / ((now - prevAt) / 1e9);
        Sample s = sample((now - start) / 1_000_000, okNow, failed.sum(), unplugs.sum(), rate, run);
        samples.add(s);
        print(out, s);
        prevOk = okNow;
        prevAt = now;
        if (now >= end) break;
      }
    } finally {
      run.close();
    }
    summarize(out, samples);
    return 0;
  }

  private static void print(PrintWriter out, Sample s) {
    out.printf("%8.0f %12d %9d %8d %9.0f %10.1f %9.1f %7d %7d%n", s.elapsedMillis / 1000.0, s.ok, s.failed, s.unplugs,
        s.reqPerSecond, s.heapAfterGcBytes / 1e6, s.rssBytes / 1e6, s.openFds, s.openFlows);
    out.flush();
  }

  /** From the first sample after a minute of warm-up (or the first sample) to the last. */
  static void summarize(PrintWriter out, List<Sample> samples) {
    if (samples.size() < 3) return;
    Sample from = samples.stream().filter(s -> s.elapsedMillis >= 60_000).findFirst().orElse(samples.get(1));
    Sample to = samples.get(samples.size() - 1);
    long maxFds = samples.stream().filter(s -> s.elapsedMillis >= from.elapsedMillis).mapToLong(Sample::openFds).max().orElse(0);
    long maxRss = samples.stream().filter(s -> s.elapsedMillis >= from.elapsedMillis).mapToLong(Sample::rssBytes).max().orElse(0);
    long maxHeap = samples.stream().filter(s -> s.elapsedMillis >= from.elapsedMillis).mapToLong(Sample::heapAfterGcBytes).max().orElse(0);
    out.printf("after warm-up (t=%.0fs to %.0fs, %d unplugs): heap after GC %.1f -> %.1f MB (max %.1f), RSS %.1f -> %.1f MB (max %.1f), fds %d -> %d (max %d)%n",
        from.elapsedMillis / 1000.0, to.elapsedMillis / 1000.0, to.unplugs - from.unplugs,
        from.heapAfterGcBytes / 1e6, to.heapAfterGcBytes / 1e6, maxHeap / 1e6,
        from.rssBytes / 1e6, to.rssBytes / 1e6, maxRss / 1e6, from.openFds, to.openFds, maxFds);
    out.flush();
  }

  private static Sample sample(long elapsedMillis, long ok, long failed, long unplugs, double rate, Run run) {
    System.gc(); // a bench's sample, not a habit: the heap that survives a full collection
    long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    long flows = run == null ? 0 : run.proxy().flows().stream().filter(f -> f.state() != FlowInfo.FlowState.CLOSED).count();
    return new Sample(elapsedMillis, ok, failed, unplugs, rate, heap, rssBytes(), openFds(), flows);
  }

  /** VmRSS from /proc/self/status (Linux), or -1. */
  static long rssBytes() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
      }
    } catch (IOException | RuntimeException e) {
      // not Linux
    }
    return -1;
  }

  static long openFds() {
    return ManagementFactory.getOperatingSystemMXBean() instanceof UnixOperatingSystemMXBean u
        ? u.getOpenFileDescriptorCount() : -1;
  }
}
