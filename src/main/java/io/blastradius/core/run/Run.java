package io.blastradius.core.run;

import io.blastradius.core.event.Event;
import io.blastradius.core.event.EventSink;
import io.blastradius.core.load.LoadDriver;
import io.blastradius.core.policy.Policies;
import io.blastradius.core.policy.PoolPolicy;
import io.blastradius.core.pool.ClientPool;
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
  private final RunConfig config;
  private final Clock clock;
  private final EventSink sink;
  private final EventLoopGroup group;
  private final EmbeddedServer server;
  private final FaultProxy proxy;
  private final ClientPool pool;
  private final LoadDriver driver;
  private final CompletableFuture<Void> done = new CompletableFuture<>();
  private final AtomicBoolean stopping = new AtomicBoolean();
  /** The --pcap file being written, or null. */
  private Capture capture;

  private Run(RunConfig config, Clock clock, EventSink sink, EventLoopGroup group, EmbeddedServer server,
      FaultProxy proxy, ClientPool pool, LoadDriver driver) {
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
    PoolPolicy policy = Policies.create(config.policy());
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
      SslContext tls = wire.tls()
          ? TlsContexts.client(ca != null ? ca.certificate() : server.tlsCertificate().orElseThrow(),
              List.of(policy.protocol() == Protocol.H1 ? TlsContexts.HTTP_1_1 : TlsContexts.H2))
          : null;
      ClientPool pool = new ClientPool(loop, proxy.address(), policy, clock, sink, tls);
      LoadDriver driver = new LoadDriver(config.load(), config.faults(), pool, proxy);
      Run run = new Run(config, clock, sink, group, server, proxy, pool, driver);
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

  /** Stops issuing requests, cancels what is in flight, and tears the stack down. Idempotent. */
  public void stop() {
    driver.stop();
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
        pool.loop().submit(pool::close).syncUninterruptibly();
        proxy.close();
        server.close();
      } finally {
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
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
