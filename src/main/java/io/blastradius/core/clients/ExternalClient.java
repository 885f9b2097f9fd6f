package io.blastradius.core.clients;

import io.blastradius.core.event.Event;
import io.blastradius.core.event.EventSink;
import io.blastradius.core.event.Fault;
import io.blastradius.core.event.Outcome;
import io.blastradius.core.load.FaultPlan;
import io.blastradius.core.policy.Protocol;
import io.blastradius.core.proxy.FaultProxy;
import io.blastradius.core.proxy.FlowInfo;
import io.blastradius.core.run.RunConfig;
import io.blastradius.core.server.EmbeddedServer;
import io.blastradius.core.time.Clock;
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
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Any external program as the client: {@code --client-cmd 'curl -s {url}'}. The program is
 * started with {@code {url}} replaced by the fault proxy's URL and makes its own requests; the
 * product only watches the proxy.
 *
 * <p>What is counted without reading HTTP off the wire: every proxy flow is one connection (so
 * {@code connectionsOpened} is exact) and, for a client that opens one connection per request
 * (curl in a loop, HTTP/1.0, {@code Connection: close}), one request: it starts when the flow
 * opens and ends when the flow closes, OK if response bytes came back, ERROR if none did. The
 * fault schedule is counted in those requests. A keep-alive or HTTP/2 client sends many requests
 * per flow; counting them, and reading timeouts from the streams it resets, needs the wire
 * decoder: until then such a client is scored per connection, and says so.
 *
 * <p>Lifecycle and bad input: the command is split into words (single and double quotes group),
 * must name {@code {url}}, and is started without a shell. A program that cannot start, exits
 * before its requests are done, or never connects within the connect timeout ends the run with
 * one {@link IllegalArgumentException} naming it; the program and everything it started are
 * killed and the stack is torn down before the exception leaves.
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
   * Runs {@code template} against a fresh server and proxy until {@code config.load().requests()}
   * requests (flows) have ended, then kills it. Events go to {@code sink}.
   *
   * @param connectTimeout how long the program may take to open its first connection
   * @param limit the whole run's limit
   * @throws IllegalArgumentException the program could not start, exited early or never connected
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
    ConnectionLedger ledger = new ConnectionLedger(sink, Protocol.H1, config.server().maxConcurrentStreams());
    ledger.useClock(clock);
    Watcher watcher = new Watcher(config, ledger, clock);
    try {
      ledger.accept(new Event.RunStarted(clock.nanoTime(), "cmd: " + template, config.scenario()));
      server = EmbeddedServer.start(config.server(), group, clock, ledger);
      proxy = FaultProxy.start(config.server().host(), config.proxyPort(), server.address(), group, clock, watcher);
      watcher.proxy.set(proxy);
      String url = "http://" + proxy.address().getHostString() + ":" + proxy.address().getPort() + "/";
      List<String> argv = words.stream().map(s -> s.replace("{url}", url)).toList();
      try {
        process = new ProcessBuilder(argv).redirectErrorStream(true).start();
      } catch (IOException e) {
        throw new IllegalArgumentException("--client-cmd: cannot start '" + argv.get(0) + "': " + e.getMessage());
      }
      Tail tail = new Tail(process.getInputStream());
      long started = System.nanoTime();
      long deadline = started + limit.toNanos();
      while (!watcher.done()) {
        if (watcher.flowsOpened.get() == 0 && System.nanoTime() - started > connectTimeout.toNanos()) {
          throw new IllegalArgumentException("--client-cmd: '" + argv.get(0) + "' never connected to " + url
              + " within " + connectTimeout.toMillis() + " ms" + tail.last());
        }
        if (!process.isAlive()) {
          watcher.settle();
          if (watcher.done()) break;
          int ended = watcher.ended.get();
          throw new IllegalArgumentException("--client-cmd: '" + argv.get(0) + "' exited with code " + process.exitValue()
              + (watcher.flowsOpened.get() == 0 ? " before connecting" : " after " + ended + " of "
                  + config.load().requests() + " requests") + tail.lastAfterExit());
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalArgumentException("--client-cmd: '" + argv.get(0) + "' did not finish "
              + config.load().requests() + " requests within " + limit.toSeconds() + " s (" + watcher.ended.get() + " done)");
        }
        Thread.sleep(5);
      }
    } finally {
      if (process != null) kill(process);
      watcher.finishOpen(); // before the proxy closes the flows still open
      if (proxy != null) proxy.close();
      if (server != null) server.close();
      group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
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
   * Turns proxy flows into requests and applies the fault schedule, counted in flows. Called on
   * the proxy's I/O threads.
   */
  private static final class Watcher implements EventSink {
    final AtomicReference<FaultProxy> proxy = new AtomicReference<>();
    final AtomicInteger flowsOpened = new AtomicInteger();
    final AtomicInteger ended = new AtomicInteger();
    private final RunConfig config;
    private final ConnectionLedger ledger;
    private final Clock clock;
    private final SplittableRandom faultRandom;
    /** flowId -> [requestId, startedAt]; open flows only. */
    private final Map<Integer, long[]> open = new ConcurrentHashMap<>();

    Watcher(RunConfig config, ConnectionLedger ledger, Clock clock) {
      this.config = config;
      this.ledger = ledger;
      this.clock = clock;
      this.faultRandom = new SplittableRandom(config.load().seed());
    }

    /**
     * All requests ended, or the program opened a connection past the last one: a client that
     * opens one connection per request has then given up on every earlier one, including those on
     * an unplugged flow, whose server side the proxy keeps open (a black hole forwards no FIN).
     */
    boolean done() {
      return ended.get() >= config.load().requests() || flowsOpened.get() > config.load().requests();
    }

    /** Gives flows closing right now a moment to be counted. */
    void settle() throws InterruptedException {
      for (int i = 0; i < 40 && !open.isEmpty() && !done(); i++) Thread.sleep(5);
    }

    @Override
    public void accept(Event e) {
      ledger.accept(e);
      if (e instanceof Event.FlowOpened o) {
        int i = flowsOpened.getAndIncrement();
        if (i >= config.load().requests()) return;
        applyFaults(i);
        long now = clock.nanoTime();
        long conn = ledger.connectionFor(o.clientPort());
        open.put(o.flowId(), new long[] {i, now, conn});
        ledger.accept(new Event.RequestStarted(now, i, 0));
        ledger.accept(new Event.RequestAssigned(now, i, conn, 0));
      } else if (e instanceof Event.FlowClosed c) {
        long[] r = open.remove(c.flowId());
        if (r == null) return;
        FaultProxy p = proxy.get();
        long down = p == null ? 0 : p.flow(c.flowId()).map(FlowInfo::downBytes).orElse(0L);
        long now = clock.nanoTime();
        boolean ok = down > 0;
        ledger.accept(new Event.RequestFinished(now, r[0], r[2], 0, ok ? Outcome.OK : Outcome.ERROR,
            ok ? null : "no response bytes before the connection closed (" + c.why() + ")", now - r[1]));
        ended.incrementAndGet();
      }
    }

    /**
     * Requests whose flow is still open at the end: OK if response bytes came back; a failure if
     * the flow was faulted and none did (the client gave up on it); otherwise cut off by the end
     * of the run, cancelled as a pool's are.
     */
    void finishOpen() {
      long now = clock.nanoTime();
      FaultProxy p = proxy.get();
      for (Map.Entry<Integer, long[]> en : open.entrySet()) {
        long[] r = en.getValue();
        FlowInfo f = p == null ? null : p.flow(en.getKey()).orElse(null);
        Outcome o = f != null && f.downBytes() > 0 ? Outcome.OK
            : f != null && f.state() != FlowInfo.FlowState.PLUGGED ? Outcome.ERROR : Outcome.CANCELLED;
        String why = o == Outcome.ERROR ? "no response bytes: the flow was " + f.state().name().toLowerCase()
            + " and the client moved on" : "run ended";
        ledger.accept(new Event.RequestFinished(now, r[0], r[2], 0, o, o == Outcome.OK ? null : why, now - r[1]));
      }
      open.clear();
    }

    private void applyFaults(long i) {
      FaultProxy p = proxy.get();
      if (p == null) return;
      for (FaultPlan.Step step : config.faults().steps()) {
        if (step instanceof FaultPlan.UnplugBusiest b) {
          if (b.request() == i) io.blastradius.core.load.LoadDriver.unplugBusiest(p);
          continue;
        }
        if (step instanceof FaultPlan.UnplugBusiestEvery b) {
          if (i % b.every() == b.every() / 2) io.blastradius.core.load.LoadDriver.unplugBusiest(p);
          continue;
        }
        boolean due = step instanceof FaultPlan.UnplugEvery u ? i % u.every() == u.every() / 2
            : step instanceof FaultPlan.At at && at.request() == i && at.fault() == Fault.UNPLUG;
        if (!due) continue;
        List<FlowInfo> live = p.flows().stream().filter(FlowInfo::isLive)
            .sorted(Comparator.comparingInt(FlowInfo::id)).toList();
        if (!live.isEmpty()) p.unplug(live.get(faultRandom.nextInt(live.size())).id());
      }
    }
  }
}
