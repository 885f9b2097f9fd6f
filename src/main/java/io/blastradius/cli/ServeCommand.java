package io.blastradius.cli;

import io.blastradius.core.event.EventSink;
import io.blastradius.core.external.HostPort;
import io.blastradius.core.record.RecordingHeader;
import io.blastradius.core.record.RecordingWriter;
import io.blastradius.core.server.DelayModel;
import io.blastradius.core.server.EmbeddedServer;
import io.blastradius.core.server.ServerConfig;
import io.blastradius.core.time.Clock;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The embedded server alone, for any client (curl, h2load, your own): HTTP/1.1 and cleartext
 * HTTP/2 (prior knowledge) on one port. Runs until Ctrl+C or SIGTERM, printing a status line each
 * second while something changes.
 */
@Command(
    name = "serve",
    description = {
      "Run the embedded server alone: HTTP/1.1 and cleartext HTTP/2 (prior knowledge) on one port,",
      "every request answered 200 \"ok\" after --delay. For any client:",
      "  serve --port 8080   then   curl --http2-prior-knowledge http://127.0.0.1:8080/",
      "Runs until Ctrl+C or SIGTERM. Loopback only unless --bind says otherwise."
    },
    sortOptions = false,
    mixinStandardHelpOptions = true)
final class ServeCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--port", defaultValue = "8080", paramLabel = "PORT", description = "Port to listen on (0: any free port). Default: ${DEFAULT-VALUE}.")
  int port;

  @Option(names = "--bind", defaultValue = "127.0.0.1", paramLabel = "HOST",
      description = "Address to listen on. Default: ${DEFAULT-VALUE} (loopback only).")
  String bind;

  @Option(names = "--delay", defaultValue = "0ms", paramLabel = "DURATION", description = "Handler delay per request. Default: ${DEFAULT-VALUE}.")
  Duration delay;

  @Option(names = "--max-concurrent-streams", defaultValue = "250", paramLabel = "N",
      description = "SETTINGS_MAX_CONCURRENT_STREAMS advertised. Default: ${DEFAULT-VALUE} (Go's server).")
  int maxConcurrentStreams;

  @Option(names = "--strict-pings", description = "Enforce gRPC's ping policy (5 min between PINGs, 2 strikes, then GOAWAY ENHANCE_YOUR_CALM).")
  boolean strictPings;

  @Option(names = "--json", description = "Print server events and per-second stats as JSON lines on stdout.")
  boolean json;

  @Option(names = "--record", paramLabel = "FILE", description = "Record the server's events to FILE (.blastrec).")
  Path record;

  @Option(names = "--io-threads", defaultValue = "1", paramLabel = "N", description = "Event-loop threads. Default: ${DEFAULT-VALUE}.")
  int ioThreads;

  final StopSignal stop = new StopSignal();

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (port < 0 || port > 65535) throw new IllegalArgumentException("--port must be 0..65535, not " + port);
    if (maxConcurrentStreams < 1) throw new IllegalArgumentException("--max-concurrent-streams must be >= 1, not " + maxConcurrentStreams);
    if (ioThreads < 1) throw new IllegalArgumentException("--io-threads must be >= 1, not " + ioThreads);
    HostPort where = new HostPort(bind, port);
    ServerConfig config = new ServerConfig(bind, port, maxConcurrentStreams, DelayModel.fixed(delay),
        strictPings ? ServerConfig.PingLimit.grpcDefaults() : null);
    checkNewFile(record);

    LiveLines lines = new LiveLines();
    EventOutput output = new EventOutput(lines, out, err, json);
    if (!where.loopback()) output.remark("warning: listening on " + bind + ": reachable from other machines");
    long t0 = System.nanoTime();
    Clock clock = () -> System.nanoTime() - t0;
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(ioThreads, NioIoHandler.newFactory());
    RecordingWriter writer = null;
    boolean running = false;
    EmbeddedServer server = null;
    try {
      if (record != null) {
        writer = RecordingWriter.open(record, RecordingHeader.forRun("serve", "server " + where, Instant.now()));
      }
      EventSink recorded = writer == null ? EventSink.NONE : writer;
      server = EmbeddedServer.start(config, group, clock, e -> {
        recorded.accept(e);
        output.event(null, e, null);
      });
      String at = bind + ":" + server.address().getPort();
      output.notice("listening", ProxyCommand.fields("role", "server", "listen", at),
          "serving HTTP/1.1 and h2c (prior knowledge) on http://" + at);
      running = true;
      stop.install();
      output.remark("Ctrl+C to stop");
      Stats last = Stats.of(server);
      while (!stop.stopRequested()) {
        long tick = System.nanoTime();
        stopWait(1);
        Stats now = Stats.of(server);
        if (!now.equals(last)) stats(output, now, last, (System.nanoTime() - tick) / 1e9);
        last = now;
      }
      output.remark("stopping");
      return 0;
    } finally {
      if (server != null) server.close();
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
      try {
        if (writer != null) {
          writer.close();
          if (running) output.remark("recorded " + record + " (" + writer.eventsWritten() + " events)");
          else java.nio.file.Files.deleteIfExists(record); // it never started: leave no empty recording behind
        }
      } finally {
        lines.close();
        stop.close();
      }
    }
  }

  /** Asks the command to stop as Ctrl+C would (tests, embedding). */
  void stop() {
    stop.stop();
  }

  private void stopWait(int seconds) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (!stop.stopRequested() && System.nanoTime() < end) {
      java.util.concurrent.locks.LockSupport.parkNanos(50_000_000);
      if (Thread.interrupted()) throw new InterruptedException();
    }
  }

  /** The server's counters at one moment. */
  private record Stats(long connections, long requests, long pings, long goAways) {
    static Stats of(EmbeddedServer s) {
      return new Stats(s.connectionsAccepted(), s.requestsServed(), s.pingsReceived(), s.goAwaysSent());
    }
  }

  private static void stats(EventOutput output, Stats now, Stats last, double seconds) {
    double rate = (now.requests - last.requests) / Math.max(seconds, 1e-3);
    output.status("stats", ProxyCommand.fields("connections", now.connections, "requests", now.requests,
        "requestsPerSecond", Math.round(rate), "pings", now.pings, "goAways", now.goAways),
        String.format(Locale.ROOT, "connections %d · requests %d (%.0f/s) · PINGs %d · GOAWAYs %d",
            now.connections, now.requests, rate, now.pings, now.goAways));
  }

  /** A recording must not overwrite anything: checked before anything starts. */
  static void checkNewFile(Path record) {
    if (record == null) return;
    if (Files.isDirectory(record)) throw new IllegalArgumentException(record + " is a directory, not a recording file");
    if (Files.exists(record)) throw new IllegalArgumentException(record + " already exists: choose another name or delete it");
    Path dir = record.toAbsolutePath().getParent();
    if (dir != null && !Files.isDirectory(dir)) throw new IllegalArgumentException("no directory " + dir + " for " + record);
  }
}
