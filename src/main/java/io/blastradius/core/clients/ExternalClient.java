package io.blastradius.core.clients;

import io.blastradius.core.event.Event;
import io.blastradius.core.event.EventSink;
import io.blastradius.core.event.Fault;
import io.blastradius.core.load.FaultPlan;
import io.blastradius.core.proxy.FaultProxy;
import io.blastradius.core.proxy.FlowInfo;
import io.blastradius.core.run.RunConfig;
import io.blastradius.core.server.EmbeddedServer;
import io.blastradius.core.time.Clock;
import io.blastradius.core.wire.Capture;
import io.blastradius.core.wire.WireDecoding;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Any external program as the client: {@code --client-cmd 'curl -s {url}'}. The program is
 * started with {@code {url}} replaced by the fault proxy's URL and makes its own requests; the
 * product reads them off the wire.
 *
 * <p>The proxy decodes every flow ({@link WireDecoding}) and {@link WireRequests} turns what
 * crosses it into requests and outcomes: every stream the program opens (or HTTP/1.1 request it
 * sends) is a request, a response that ends it is OK, a stream the program resets is its timeout
 * or cancel, a server reset, a GOAWAY that leaves it out or its connection closing is a failure.
 * Connections are the proxy's flows ({@link ConnectionLedger#fromWire}), each with the protocol
 * its bytes speak (an HTTP/1.1 program's cards carry one request at a time), PINGs and GOAWAYs the
 * frames seen.
 * The fault schedule is counted in requests seen on the wire, and its unplugs drop (rather than
 * hold) both ways, so the proxy keeps reading what the program sends into a dead flow.
 *
 * <p>Lifecycle and bad input: the command is split into words (single and double quotes group),
 * must name {@code {url}}, and is started without a shell. A program that cannot start, exits
 * before its requests are done, never connects or sends no request within the connect timeout,
 * or speaks something the wire cannot read, ends the run with one {@link IllegalArgumentException}
 * naming it; the program and everything it started are killed and the stack is torn down before
 * the exception leaves.
 */
public final class ExternalClient {
  private ExternalClient() {}

  /** The command's words, {@code {url}} still in place; validates it. */
  public static List<String> parse(String template) {
    if (template == null || template.isBlank()) {
      throw new IllegalArgumentException("--client-cmd is empty: give a command with {url}, e.g. 'curl -s {url}'");
    }
    List<String> words = new ArrayList<>();
    StringBuilder w = new StringBuilder();
    boolean inWord = false;
    char quote = 0;
    for (char ch : template.toCharArray()) {
      if (quote != 0) {
        if (ch == quote) quote = 0;
        else w.append(ch);
      } else if (ch == '\'' || ch == '"') {
        quote = ch;
        inWord = true;
      } else if (Character.isWhitespace(ch)) {
        if (inWord) words.add(w.toString());
        w.setLength(0);
        inWord = false;
      } else {
        w.append(ch);
        inWord = true;
      }
    }
    if (quote != 0) throw new IllegalArgumentException("--client-cmd: unclosed " + quote + " quote in: " + template);
    if (inWord) words.add(w.toString());
    if (words.stream().noneMatch(s -> s.contains("{url}"))) {
      throw new IllegalArgumentException("--client-cmd must contain {url} where the proxy's URL goes, e.g. 'curl -s {url}'");
    }
    return words;
  }

  /**
   * Runs {@code template} against a fresh server and a fault proxy that decodes the wire (and
   * captures it to {@code config.wire().pcap()} when set), until {@code config.load().requests()}
   * requests seen on the wire have ended, then kills it. Events go to {@code sink}.
   *
   * @param connectTimeout how long the program may take to open its first connection and to send
   *     its first request on it
   * @param limit the whole run's limit
   * @throws IllegalArgumentException the program could not start, exited early, never connected,
   *     sent no request or spoke something the wire cannot read
   */
  public static void run(String template, RunConfig config, EventSink sink, Duration connectTimeout, Duration limit)
      throws IOException, InterruptedException {
    List<String> words = parse(template);
    long origin = System.nanoTime();
    Clock clock = () -> System.nanoTime() - origin;
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(
        config.ioThreads(), new DefaultThreadFactory("blastradius-io", true), NioIoHandler.newFactory());
    EmbeddedServer server = null;
    FaultProxy proxy = null;
    Process process = null;
    Capture capture = null;
    // Each connection's protocol is the one its bytes speak: the program may speak HTTP/1.1, h2 or h2c.
    ConnectionLedger ledger = ConnectionLedger.fromWire(sink, config.server().maxConcurrentStreams());
    ledger.useClock(clock);
    Watcher watcher = new Watcher(config, ledger);
    try {
      ledger.accept(new Event.RunStarted(clock.nanoTime(), "cmd: " + template, config.scenario()));
      server = EmbeddedServer.start(config.server(), group, clock, ledger);
      List<io.blastradius.core.proxy.FlowTap> taps = new ArrayList<>();
      if (config.wire().pcap() != null) {
        capture = Capture.open(config.wire().pcap());
        taps.add(capture); // first: it sees the bytes exactly as the socket does
      }
      taps.add(new WireDecoding(clock, watcher));
      proxy = FaultProxy.start(config.server().host(), config.proxyPort(), server.address(), group, clock, watcher, taps);
      watcher.proxy.set(proxy);
      String url = "http://" + proxy.address().getHostString() + ":" + proxy.address().getPort() + "/";
      List<String> argv = words.stream().map(s -> s.replace("{url}", url)).toList();
      try {
        process = new ProcessBuilder(argv).redirectErrorStream(true).start();
      } catch (IOException e) {
        throw new IllegalArgumentException("--client-cmd: cannot start '" + argv.get(0) + "': " + e.getMessage());
      }
      Tail tail = new Tail(process.getInputStream());
      String name = "'" + argv.get(0) + "'";
      long requests = config.load().requests();
      WireRequests wire = watcher.requests;
      long started = System.nanoTime();
      long deadline = started + limit.toNanos();
      while (wire.ended() < requests) {
        if (wire.undecoded() != null) {
          throw new IllegalArgumentException("--client-cmd: " + name + " spoke something the wire cannot read as HTTP on "
              + wire.undecoded());
        }
        if (System.nanoTime() - started > connectTimeout.toNanos() && wire.counted() == 0) {
          throw new IllegalArgumentException("--client-cmd: " + name + (wire.flowsOpened() == 0 ? " never connected to "
              : " connected but sent no request to ") + url + " within " + connectTimeout.toMillis() + " ms" + tail.last());
        }
        if (!process.isAlive()) {
          watcher.settle(); // its connections close: their open requests end
          if (wire.ended() >= requests) break;
          throw new IllegalArgumentException("--client-cmd: " + name + " exited with code " + process.exitValue()
              + (wire.flowsOpened() == 0 ? " before connecting" : " after " + wire.ended() + " of " + requests + " requests")
              + tail.lastAfterExit());
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalArgumentException("--client-cmd: " + name + " did not finish " + requests + " requests within "
              + limit.toSeconds() + " s (" + wire.ended() + " done)");
        }
        Thread.sleep(5);
      }
    } finally {
      watcher.requests.stop(); // the run is over: what the program does now is not counted
      if (process != null) kill(process);
      if (proxy != null) proxy.close();
      if (server != null) server.close();
      group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
      if (capture != null) capture.close(); // after the proxy: the flows' closing packets are in it
      ledger.accept(new Event.RunFinished(clock.nanoTime(), false));
    }
  }

  /** Kills the program and everything it started, and waits for them. */
  static void kill(Process p) throws InterruptedException {
    List<ProcessHandle> all = new ArrayList<>(p.descendants().toList());
    all.forEach(ProcessHandle::destroyForcibly);
    p.destroyForcibly();
    p.waitFor(5, TimeUnit.SECONDS);
    for (ProcessHandle h : all) h.onExit().completeOnTimeout(h, 5, TimeUnit.SECONDS).join();
  }

  /** Keeps the last line the program printed, for the error message; drains its output. */
  private static final class Tail {
    private final AtomicReference<String> last = new AtomicReference<>("");
    private final Thread reader;

    Tail(InputStream in) {
      Thread t = new Thread(() -> {
        try (in) {
          StringBuilder line = new StringBuilder();
          int b;
          while ((b = in.read()) >= 0) {
            if (b == '\n') {
              if (!line.toString().isBlank()) last.set(line.toString().strip());
              line.setLength(0);
            } else if (line.length() < 300) {
              line.append((char) b);
            }
          }
          if (!line.toString().isBlank()) last.set(line.toString().strip());
        } catch (IOException ignored) {
          // The program is gone; what was read is kept.
        }
      }, "blastradius-client-output");
      t.setDaemon(true);
      t.start();
      reader = t;
    }

    /** Once the program has exited: what it printed last, read to the end (bounded wait). */
    String lastAfterExit() throws InterruptedException {
      reader.join(1000);
      return last();
    }

    String last() {
      String l = last.get();
      return l.isEmpty() ? "" : ": " + l;
    }
  }

  /**
   * Passes the proxy's events to the ledger and the wire's requests, and applies the fault
   * schedule, counted in requests seen on the wire. Called on the proxy's I/O threads.
   */
  private static final class Watcher implements EventSink {
    final AtomicReference<FaultProxy> proxy = new AtomicReference<>();
    final WireRequests requests;
    private final RunConfig config;
    private final ConnectionLedger ledger;

    Watcher(RunConfig config, ConnectionLedger ledger) {
      this.config = config;
      this.ledger = ledger;
      this.requests = new WireRequests(ledger, config.load().requests(), this::applyFaults, ledger::connectionFor);
    }

    /** Once the program has exited: gives its connections a moment (at most 2 s) to be seen closing. */
    void settle() throws InterruptedException {
      for (int i = 0; i < 400 && !requests.allFlowsClosed(); i++) Thread.sleep(5);
    }

    @Override
    public void accept(Event e) {
      ledger.accept(e);
      requests.accept(e);
    }

    /**
     * Faults due before request {@code i}, which the wire has just seen on {@code flowId}. The
     * request is already on its way, so "a live flow" is the flow carrying it (as a pool's request
     * after an unplug lands on the dead connection); the busiest steps pick the busiest live flow.
     * Unplugs drop both ways rather than hold: the proxy goes on reading what the program sends
     * into the dead flow (its further requests, its RST_STREAMs, its close), so the wire sees them.
     * Runs on {@code flowId}'s loop: the unplug is in place before the server can answer.
     */
    private void applyFaults(long i, int flowId) {
      FaultProxy p = proxy.get();
      if (p == null) return;
      for (FaultPlan.Step step : config.faults().steps()) {
        // Unplugs only: an external program's run takes no other fault kind.
        if (!step.dueBefore(i) || step instanceof FaultPlan.At at && at.fault() != Fault.UNPLUG) continue;
        int target = step.picksBusiest() ? busiest(p, flowId) : flowId;
        p.unplug(target, FaultProxy.Direction.BOTH, true).exceptionally(e -> null);
      }
    }

    private static int busiest(FaultProxy p, int fallback) {
      return p.flows().stream().filter(FlowInfo::isLive)
          .max(Comparator.comparingLong((FlowInfo f) -> f.upBytes() + f.downBytes()).thenComparingInt(f -> -f.id()))
          .map(FlowInfo::id).orElse(fallback);
    }
  }
}
