package io.blastradius.core.run;

import io.blastradius.core.event.Event;
import io.blastradius.core.event.EventSink;
import io.blastradius.core.load.LoadDriver;
import io.blastradius.core.policy.Policies;
import io.blastradius.core.policy.PoolPolicy;
import io.blastradius.core.proxy.FaultProxy;
import io.blastradius.core.server.EmbeddedServer;
import io.blastradius.core.time.Clock;
import io.blastradius.core.policy.Protocol;
import io.blastradius.core.tls.TlsContexts;
import io.netty.handler.ssl.SslContext;
import java.util.List;
import java.util.ArrayList;
import io.blastradius.core.proxy.FlowTap;
import io.blastradius.core.tls.CertAuthority;
import io.blastradius.core.tls.Interception;
import io.blastradius.core.wire.Capture;
import io.blastradius.core.wire.WireDecoding;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One policy on a fresh server, fault proxy and pool, driven by the load and fault plan of a
 * {@link RunConfig}. Both front ends (CLI and GUI) start runs through this class only.
 *
 * <p>Threading: {@link #start} returns at once with the load running on the run's event loops
 * (their own threads, named {@code blastradius-io-N}); {@link #stop} and the proxy's fault
 * methods may be called from any thread. The pool, its policy and the load driver are confined to
 * one loop; server and proxy channels are spread over the group.
 */
public final class Run implements AutoCloseable {
  static {
    // java.util.logging formats its first line's timestamp by reading tzdb.dat. If that first line
    // comes when the process is out of file descriptors, the Error it throws kills the event-loop
    // thread that logged it. Load the zone now, while a file can still be opened.
    java.util.TimeZone.getDefault();
  }

  /** Property: how long a run may go without any request ending before it is stopped as stalled. */
  public static final String STALL_PROPERTY = "blastradius.stallAfter";

  private static final java.util.concurrent.ScheduledExecutorService WATCHDOG =
      java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "blastradius-watchdog");
        t.setDaemon(true);
        return t;
      });

  private final RunConfig config;
  private final Clock clock;
  private final EventSink sink;
  private final EventLoopGroup group;
  private final EmbeddedServer server;
  private final FaultProxy proxy;
  private final ClientSide pool;
  private final LoadDriver driver;
  private final CompletableFuture<Void> done = new CompletableFuture<>();
  private final AtomicBoolean stopping = new AtomicBoolean();
  /** Requests ended so far: the watchdog's measure of progress. */
  private final java.util.concurrent.atomic.AtomicLong ended;
  private volatile String stalled;
  private java.util.concurrent.ScheduledFuture<?> watch;
  /** The --pcap file being written, or null. */
  private Capture capture;

  private Run(RunConfig config, Clock clock, EventSink sink, EventLoopGroup group, EmbeddedServer server,
      FaultProxy proxy, ClientSide pool, LoadDriver driver, java.util.concurrent.atomic.AtomicLong ended) {
    this.ended = ended;
    this.config = config;
    this.clock = clock;
    this.sink = sink;
    this.group = group;
    this.server = server;
    this.proxy = proxy;
    this.pool = pool;
    this.driver = driver;
  }

  /**
   * Starts the stack on loopback and the load. Events go to {@code sink} from I/O threads.
   *
   * @throws IOException when a port cannot be bound (the message names the address); nothing is
   *     left running
   * @throws IllegalArgumentException when the policy spec is not valid
   */
  public static Run start(RunConfig config, EventSink sink) throws IOException {
    return start(config, sink, (ClientSide.Factory) null);
  }

  /**
   * Like {@link #start(RunConfig, EventSink)} with another client side: a real client library
   * instead of the pool ({@code null}: the pool under {@code config.policy()}, over TLS when the wire
   * options say so). {@code client} must have validated its part of {@code config} already.
   */
  public static Run start(RunConfig config, EventSink sink, ClientSide.Factory client) throws IOException {
    return start(config, sink, client, stallAfter(config));
  }

  /**
   * How long a run may go without a request ending before it counts as stalled: every request ends
   * by its own timeout, so twice the timeout plus the think time, and never less than 30 s (a
   * loaded machine's pauses). {@value #STALL_PROPERTY} overrides it.
   */
  public static java.time.Duration stallAfter(RunConfig config) {
    String p = System.getProperty(STALL_PROPERTY);
    if (p != null && !p.isBlank()) return io.blastradius.core.util.Durations.parse(p.trim());
    java.time.Duration d = config.load().timeout().multipliedBy(2).plus(config.load().thinkTime());
    java.time.Duration floor = java.time.Duration.ofSeconds(30);
    return d.compareTo(floor) < 0 ? floor : d;
  }

  /** As {@link #start(RunConfig, EventSink, ClientSide.Factory, java.time.Duration)} with the pool. */
  public static Run start(RunConfig config, EventSink userSink, java.time.Duration stallAfter) throws IOException {
    return start(config, userSink, null, stallAfter);
  }

  /**
   * As {@link #start(RunConfig, EventSink, ClientSide.Factory)}, stopped with a {@code RunStalled}
   * event and then {@code RunFinished(stopped)} if no request ends for {@code stallAfter} (the event
   * loop died or hangs, the machine ran out of file descriptors, ...): the events so far are kept.
   */
  public static Run start(RunConfig config, EventSink userSink, ClientSide.Factory client,
      java.time.Duration stallAfter) throws IOException {
    if (client == null) Policies.create(config.policy()); // reject a bad spec before anything starts
    java.util.concurrent.atomic.AtomicLong ended = new java.util.concurrent.atomic.AtomicLong();
    EventSink sink = e -> {
      if (e instanceof Event.RequestFinished) ended.lazySet(ended.get() + 1);
      userSink.accept(e);
    };
    Run run = start0(config, sink, ended, client);
    run.watch(stallAfter);
    return run;
  }

  private static Run start0(RunConfig config, EventSink sink, java.util.concurrent.atomic.AtomicLong ended,
      ClientSide.Factory client) throws IOException {
    long origin = System.nanoTime();
    Clock clock = () -> System.nanoTime() - origin;
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(
        config.ioThreads(), new DefaultThreadFactory("blastradius-io", true), NioIoHandler.newFactory());
    EmbeddedServer server = null;
    FaultProxy proxy = null;
    Capture capture = null;
    try {
      sink.accept(new Event.RunStarted(clock.nanoTime(), config.policy().toString(), config.scenario()));
      WireOptions wire = config.wire();
      server = EmbeddedServer.start(config.server(), group, clock, sink,
          wire.tls() ? EmbeddedServer.selfSignedIdentity() : null);
      List<FlowTap> taps = new ArrayList<>();
      CertAuthority ca = null;
      if (wire.intercept()) {
        ca = CertAuthority.loadOrCreate(CertAuthority.defaultDir());
        taps.add(new Interception(ca, server.tlsCertificate().orElseThrow())); // ahead of the rest: they see plaintext
      }
      if (wire.pcap() != null) {
        capture = Capture.open(wire.pcap());
        taps.add(capture); // first: it sees the bytes exactly as the socket does
      }
      if (wire.decode()) taps.add(new WireDecoding(clock, sink));
      proxy = FaultProxy.start(config.server().host(), config.proxyPort(), server.address(), group, clock, sink, taps);
      EventLoop loop = group.next();
      CertAuthority caFinal = ca;
      ClientSide pool;
      if (client == null) {
        PoolPolicy policy = Policies.create(config.policy());
        SslContext tls = wire.tls()
            ? TlsContexts.client(caFinal != null ? caFinal.certificate() : server.tlsCertificate().orElseThrow(),
                List.of(policy.protocol() == Protocol.H1 ? TlsContexts.HTTP_1_1 : TlsContexts.H2))
            : null;
        pool = ClientSide.pool(policy, tls).create(config, loop, proxy.address(), clock, sink);
      } else {
        pool = client.create(config, loop, proxy.address(), clock, sink);
      }
      proxy.ownClients(pool::ownsClientPort);
      LoadDriver driver = new LoadDriver(config.load(), config.faults(), pool, proxy);
      Run run = new Run(config, clock, sink, group, server, proxy, pool, driver, ended);
      run.capture = capture;
      driver.done().whenComplete((v, e) -> run.finish(false));
      driver.start();
      return run;
    } catch (IOException | RuntimeException e) {
      if (proxy != null) proxy.close();
      if (server != null) server.close();
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
      closeQuietly(capture);
      throw e;
    }
  }

  public RunConfig config() {
    return config;
  }

  /** The run's clock: zero when the run started, the same one every event's {@code t} reads. */
  public Clock clock() {
    return clock;
  }

  /** The fault proxy, for unplugging flows by hand. */
  public FaultProxy proxy() {
    return proxy;
  }

  /** The embedded server (its ping and GOAWAY counters). */
  public EmbeddedServer server() {
    return server;
  }

  /** Requests issued so far. */
  public long issued() {
    return driver.issued();
  }

  /** Completes when the last request has ended or the run was stopped, after RunFinished. */
  public CompletableFuture<Void> done() {
    return done;
  }

  /** Why the watchdog stopped this run ("no request ended for 30s ..."), or null. */
  public String stalled() {
    return stalled;
  }

  private void watch(java.time.Duration stallAfter) {
    long limit = stallAfter.toNanos();
    long period = Math.max(10, Math.min(1_000, stallAfter.toMillis() / 4));
    long[] last = {ended.get(), System.nanoTime()};
    watch = WATCHDOG.scheduleWithFixedDelay(() -> {
      if (done.isDone() || stopping.get()) {
        watch.cancel(false);
        return;
      }
      long n = ended.get();
      long now = System.nanoTime();
      if (n != last[0]) {
        last[0] = n;
        last[1] = now;
      } else if (now - last[1] >= limit) {
        watch.cancel(false);
        stalled = "no request ended for " + io.blastradius.core.util.Durations.format(stallAfter) + " after "
            + n + " of " + config.load().requests() + "; stopped with the results so far";
        sink.accept(new Event.RunStalled(clock.nanoTime(), stalled));
        stop();
      }
    }, period, period, TimeUnit.MILLISECONDS);
  }

  /** Stops issuing requests, cancels what is in flight, and tears the stack down. Idempotent. */
  public void stop() {
    try {
      driver.stop();
    } catch (java.util.concurrent.RejectedExecutionException e) {
      // the loop is gone: teardown below still ends the run
    }
    finish(true);
  }

  /** Waits for the run to end; stops it if it runs past {@code timeoutMillis}. */
  public void await(long timeoutMillis) throws InterruptedException {
    try {
      done.get(timeoutMillis, TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      stop();
      done.join();
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    }
  }

  private void finish(boolean stopped) {
    if (!stopping.compareAndSet(false, true)) return;
    // Tear down off the I/O threads: closing waits for the loops.
    Thread t = new Thread(() -> {
      try {
        // Bounded (see ClientSide): a loop that died or hangs must not hang the run's end as well.
        try {
          pool.close();
        } catch (RuntimeException e) {
          // a dead loop rejects the task: nothing of it is left to close
        }
        proxy.close();
        server.close();
      } finally {
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
        closeQuietly(capture); // after the loops: every flow's closing packets are in
        // Last, once no I/O thread can emit anything more.
        sink.accept(new Event.RunFinished(clock.nanoTime(), stopped));
        done.complete(null);
      }
    }, "blastradius-teardown");
    t.setDaemon(true);
    t.start();
  }

  private static void closeQuietly(Capture c) {
    if (c == null) return;
    try {
      c.close();
    } catch (IOException ignored) {
      // The capture is best effort: a full disk must not fail the run it records.
    }
  }

  @Override
  public void close() {
    stop();
    done.join();
  }
}
