package io.blastradius.cli;

import io.blastradius.core.event.Event;
import io.blastradius.core.event.EventSink;
import io.blastradius.core.external.ExternalException;
import io.blastradius.core.external.ExternalProxy;
import io.blastradius.core.external.ExternalWire;
import io.blastradius.core.external.HostPort;
import io.blastradius.core.external.ListenPolicy;
import io.blastradius.core.external.ProxyEvents;
import io.blastradius.core.external.ProxyRegistry;
import io.blastradius.core.external.api.ApiServer;
import io.blastradius.core.proxy.FlowHook;
import io.blastradius.core.proxy.FlowInfo;
import io.blastradius.core.tls.CertAuthority;
import io.blastradius.core.wire.Capture;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import io.blastradius.core.record.RecordingHeader;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The fault proxy alone, in front of any service, with Toxiproxy's API optionally: runs until
 * Ctrl+C or SIGTERM, printing a line per flow event.
 */
@Command(
    name = "proxy",
    description = {
      "Put the fault proxy in front of any TCP service, and drive it with Toxiproxy's API:",
      "  proxy --listen 127.0.0.1:9000 --upstream 127.0.0.1:8080 --api 127.0.0.1:8474",
      "Runs until Ctrl+C or SIGTERM. A line per flow event on stderr, or JSON lines on stdout (--json).",
      "--wire decodes HTTP/2 frames; --tls-intercept terminates TLS with the BlastRadius CA; --pcap FILE captures.",
      "Loopback only unless --bind names the address to open."
    },
    sortOptions = false,
    mixinStandardHelpOptions = true)
final class ProxyCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--listen", paramLabel = "HOST:PORT", description = "Where clients connect (port 0: any free port).")
  String listen;

  @Option(names = "--upstream", paramLabel = "HOST:PORT", description = "The service the proxy relays to.")
  String upstream;

  @Option(names = "--name", defaultValue = "main", paramLabel = "NAME",
      description = "The proxy's name in the API. Default: ${DEFAULT-VALUE}.")
  String name;

  @Option(names = "--api", paramLabel = "HOST:PORT",
      description = "Serve a Toxiproxy-compatible HTTP API here (Toxiproxy's own port is 8474).")
  String api;

  @Option(names = "--bind", paramLabel = "HOST",
      description = "Allow listening on this non-loopback address (0.0.0.0: any) for the proxies and the API.")
  String bind;

  @Option(names = "--wire",
      description = "Decode every flow's bytes (HTTP/2 frames, HTTP/1.1 messages) into wire events: lines, --json, the API's flows.")
  boolean decode;

  @Option(names = "--tls-intercept",
      description = "Terminate the clients' TLS with a leaf from the BlastRadius CA (see the ca command) and speak TLS upstream,"
          + " so --wire and --pcap see plaintext.")
  boolean intercept;

  @Option(names = "--upstream-ca", paramLabel = "PEM",
      description = "With --tls-intercept: the certificate (PEM) upstream services must present. Default: the JDK's CAs.")
  Path upstreamCa;

  @Option(names = "--pcap", paramLabel = "FILE",
      description = "Capture every flow's bytes (of every proxy) to FILE, classic pcap; plaintext when intercepted.")
  Path pcap;

  @CommandLine.Mixin Foreground.Options common = new Foreground.Options();

  final StopSignal stop = new StopSignal();

  @Override
  public Integer call() throws Exception {
    // Everything is validated before anything starts.
    if (upstream != null && listen == null) throw new IllegalArgumentException("--upstream needs --listen HOST:PORT");
    if (listen == null && api == null) throw new IllegalArgumentException("give --listen and --upstream, or --api, or both");
    if (listen != null && upstream == null) throw new IllegalArgumentException("--listen needs --upstream HOST:PORT");
    if (name.isEmpty() || name.contains("/")) throw new IllegalArgumentException("--name must be non-empty without '/'");
    HostPort listenAt = listen == null ? null : parse("--listen", listen);
    HostPort apiAt0 = api == null ? null : parse("--api", api);
    if (upstream != null) parse("--upstream", upstream);
    if (common.record != null && listen == null) throw new IllegalArgumentException("--record records the --listen proxy: give --listen");
    common.validate();
    if (upstreamCa != null && !intercept) throw new IllegalArgumentException("--upstream-ca needs --tls-intercept");
    X509Certificate upstreamTrust = upstreamCa == null ? null : readCertificate(upstreamCa);
    if (pcap != null) {
      if (Files.isDirectory(pcap)) throw new IllegalArgumentException("--pcap " + pcap + " is a directory, not a file");
      if (Files.exists(pcap)) throw new IllegalArgumentException("--pcap " + pcap + " already exists: choose another name or delete it");
      Path dir = pcap.toAbsolutePath().getParent();
      if (dir != null && !Files.isDirectory(dir)) throw new IllegalArgumentException("--pcap " + pcap + ": no directory " + dir);
    }
    CertAuthority ca = intercept ? CertAuthority.loadOrCreate(CertAuthority.defaultDir()) : null;
    if (listenAt != null) allowed(new ListenPolicy(bind, w -> {}), "--listen", listenAt);
    if (apiAt0 != null) allowed(new ListenPolicy(bind, w -> {}), "--api", apiAt0);

    EventLoopGroup group = new MultiThreadIoEventLoopGroup(common.ioThreads, NioIoHandler.newFactory());
    EventLoopGroup apiGroup = apiAt0 == null ? null : new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    ProxyRegistry registry = null;
    ApiServer apiServer = null;
    ExternalWire wire = null;
    try (Foreground fg = new Foreground(common, spec.commandLine().getOut(), spec.commandLine().getErr(), stop)) {
      try {
        ListenPolicy policy = new ListenPolicy(bind, w -> fg.output.remark("warning: " + w));
        HostPort apiAt = apiAt0 == null ? null : policy.check(apiAt0);
        EventSink recorded = fg.recording(RecordingHeader.forRun("external", "proxy " + listenAt + " -> " + upstream, Instant.now()));
        wire = new ExternalWire(decode, ca, upstreamTrust, pcap == null ? null : Capture.open(pcap));
        registry = new ProxyRegistry(group, fg.clock, policy, events(fg, recorded), FlowHook.NONE, wire);
        ExternalProxy main = listenAt == null ? null : create(registry);
        if (apiAt != null) apiServer = ApiServer.start(apiAt, registry, apiGroup, "BlastRadius " + RecordingHeader.currentAppVersion());
        // Everything is up: only now say where.
        if (main != null) {
          fg.output.notice("listening", fields("role", "proxy", "name", name, "listen", main.listen(), "upstream", upstream),
              "proxy " + name + " listening on " + main.listen() + ", relaying to " + upstream);
        }
        if (ca != null) {
          fg.output.notice("intercepting", fields("ca", ca.certificateFile().toString()),
              "intercepting TLS: clients must trust " + ca.certificateFile() + " (blastradius ca --export FILE)");
        }
        if (pcap != null) fg.output.notice("capturing", fields("pcap", pcap.toString()), "capturing every flow to " + pcap);
        if (apiServer != null) {
          String at = apiAt.host() + ":" + apiServer.address().getPort();
          fg.output.notice("listening", fields("role", "api", "listen", at), "Toxiproxy-compatible API on http://" + at);
        }
        fg.started();
        fg.awaitStop(-1);
        fg.output.remark("stopping");
        return 0;
      } finally {
        if (apiServer != null) apiServer.close();
        if (registry != null) registry.close();
        if (apiGroup != null) apiGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        closeCapture(wire, fg);
      }
    }
  }

  /** Every proxy's events as lines (or JSON), the --listen proxy's also into the recording. */
  private ProxyEvents events(Foreground fg, EventSink recorded) {
    return new ProxyEvents() {
      @Override
      public void accept(ExternalProxy p, Event e) {
        if (p.name().equals(name)) recorded.accept(e);
        fg.output.event(p.name(), e, e instanceof Event.FlowClosed c ? traffic(p, c.flowId()) : null);
      }

      @Override
      public void changed(ExternalProxy p, String what) {
        if (fg.running()) fg.output.change(fg.clock.nanoTime(), p.name(), what); // startup is announced by the listening lines
      }
    };
  }

  /** After the loops: every flow's closing packets are in. A full disk does not fail the command. */
  private static void closeCapture(ExternalWire wire, Foreground fg) {
    if (wire == null) return;
    try {
      wire.close();
    } catch (IOException e) {
      fg.output.remark("warning: the capture " + e.getMessage());
    }
  }

  private static X509Certificate readCertificate(Path pem) {
    try (InputStream in = Files.newInputStream(pem)) {
      return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("--upstream-ca " + pem + ": no such file");
    } catch (IOException | CertificateException | ClassCastException e) {
      throw new IllegalArgumentException("--upstream-ca " + pem + " is not a PEM certificate: " + e.getMessage());
    }
  }

  /** Asks the command to stop as Ctrl+C would (tests, embedding). */
  void stop() {
    stop.stop();
  }

  private ExternalProxy create(ProxyRegistry registry) {
    try {
      return registry.create(new ProxyRegistry.Request(name, listen, upstream, true));
    } catch (ExternalException e) {
      throw new IllegalArgumentException((e.kind() == ExternalException.Kind.FAILED ? "--listen " : "") + e.getMessage(), e);
    }
  }

  private static HostPort allowed(ListenPolicy policy, String flag, HostPort at) {
    try {
      return policy.check(at);
    } catch (ExternalException e) {
      throw new IllegalArgumentException(flag + " " + at + " is not a loopback address; add --bind " + at.host()
          + " to listen there");
    }
  }

  static HostPort parse(String flag, String value) {
    try {
      return HostPort.parse(flag, value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(e.getMessage());
    }
  }

  private static String traffic(ExternalProxy p, int flowId) {
    try {
      FlowInfo f = p.flow(flowId);
      String wire = p.wire(flowId).map(w -> " · wire " + (w.protocol().isEmpty() ? "?" : w.protocol())
          + ", streams " + w.streamsOpened() + " opened, " + w.openStreams() + " open, "
          + (w.resetsFromClient() + w.resetsFromServer()) + " reset").orElse("");
      return " · up " + EventOutput.bytes(f.upBytes()) + " · down " + EventOutput.bytes(f.downBytes()) + wire;
    } catch (ExternalException gone) {
      return "";
    }
  }

  static Map<String, Object> fields(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
    return m;
  }
}
