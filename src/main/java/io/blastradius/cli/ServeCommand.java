package io.blastradius.cli;

import io.blastradius.core.event.EventSink;
import io.blastradius.core.external.HostPort;
import io.blastradius.core.record.RecordingHeader;
import io.blastradius.core.server.DelayModel;
import io.blastradius.core.server.EmbeddedServer;
import io.blastradius.core.server.ServerConfig;
import io.blastradius.core.tls.Certificates;
import io.blastradius.core.tls.KeyAndCert;
import io.netty.channel.EventLoopGroup;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
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
 * HTTP/2 (prior knowledge) on one port, and with {@code --tls} TLS with ALPN on the same port. Runs until Ctrl+C or SIGTERM, printing a status line each
 * second while something changes.
 */
@Command(
    name = "serve",
    description = {
      "Run the embedded server alone: HTTP/1.1 and cleartext HTTP/2 (prior knowledge) on one port, and with --tls",
      "TLS with ALPN on the same port,",
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

  @Option(names = "--tls",
      description = "Also speak TLS with ALPN (h2, http/1.1) on the same port, with a self-signed certificate made at start"
          + " for localhost and 127.0.0.1.")
  boolean tls;

  @Option(names = "--cert-out", paramLabel = "PEM",
      description = "With --tls: write the server's certificate to PEM (refuses to overwrite), for clients to trust"
          + " (curl --cacert, proxy --upstream-ca).")
  Path certOut;

  @CommandLine.Mixin Foreground.Options common = new Foreground.Options();

  final StopSignal stop = new StopSignal();

  @Override
  public Integer call() throws Exception {
    if (port < 0 || port > 65535) throw new IllegalArgumentException("--port must be 0..65535, not " + port);
    if (maxConcurrentStreams < 1) throw new IllegalArgumentException("--max-concurrent-streams must be >= 1, not " + maxConcurrentStreams);
    common.validate();
    if (certOut != null) {
      if (!tls) throw new IllegalArgumentException("--cert-out needs --tls");
      if (Files.exists(certOut)) throw new IllegalArgumentException("--cert-out " + certOut + " already exists: choose another name or delete it");
      Path dir = certOut.toAbsolutePath().getParent();
      if (dir != null && !Files.isDirectory(dir)) throw new IllegalArgumentException("--cert-out " + certOut + ": no directory " + dir);
    }
    HostPort where = new HostPort(bind, port);
    ServerConfig config = new ServerConfig(bind, port, maxConcurrentStreams, DelayModel.fixed(delay),
        strictPings ? ServerConfig.PingLimit.grpcDefaults() : null);

    EventLoopGroup group = new MultiThreadIoEventLoopGroup(common.ioThreads, NioIoHandler.newFactory());
    EmbeddedServer server = null;
    try (Foreground fg = new Foreground(common, spec.commandLine().getOut(), spec.commandLine().getErr(), stop)) {
      try {
        if (!where.loopback()) fg.output.remark("warning: listening on " + bind + ": reachable from other machines");
        EventSink recorded = fg.recording(RecordingHeader.forRun("serve", "server " + where, Instant.now()));
        KeyAndCert identity = tls ? EmbeddedServer.selfSignedIdentity() : null;
        if (certOut != null) writeCertificate(identity);
        server = EmbeddedServer.start(config, group, fg.clock, e -> {
          recorded.accept(e);
          fg.output.event(null, e, null);
        }, identity);
        String at = bind + ":" + server.address().getPort();
        fg.output.notice("listening", ProxyCommand.fields("role", "server", "listen", at, "tls", tls),
            "serving HTTP/1.1 and h2c (prior knowledge) on http://" + at
                + (tls ? " and TLS with ALPN (h2, http/1.1) on https://" + at : ""));
        fg.started();
        Stats last = Stats.of(server);
        while (!fg.stopRequested()) {
          long tick = System.nanoTime();
          fg.awaitStop(TimeUnit.SECONDS.toNanos(1));
          Stats now = Stats.of(server);
          if (!now.equals(last)) stats(fg.output, now, last, (System.nanoTime() - tick) / 1e9);
          last = now;
        }
        fg.output.remark("stopping");
        return 0;
      } finally {
        if (server != null) server.close();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
      }
    }
  }

  private void writeCertificate(KeyAndCert identity) throws IOException {
    try {
      Files.writeString(certOut, Certificates.pem(identity.cert()), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw new IOException("cannot write --cert-out " + certOut + ": " + e.getMessage(), e);
    }
  }

  /** Asks the command to stop as Ctrl+C would (tests, embedding). */
  void stop() {
    stop.stop();
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

}
