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
    try {
      sink.accept(new Event.RunStarted(clock.nanoTime(), config.policy().toString(), config.scenario()));
      server = EmbeddedServer.start(config.server(), group, clock, sink);
      proxy = FaultProxy.start(config.server().host(), config.proxyPort(), server.address(), group, clock, sink);
      EventLoop loop = group.next();
      ClientPool pool = new ClientPool(loop, proxy.address(), policy, clock, sink);
      LoadDriver driver = new LoadDriver(config.load(), config.faults(), pool.core(), io.blastradius.core.load.FaultTarget.of(proxy));
      Run run = new Run(config, clock, sink, group, server, proxy, pool, driver);
      driver.done().whenComplete((v, e) -> run.finish(false));
      driver.start();
      return run;
    } catch (IOException | RuntimeException e) {
      if (proxy != null) proxy.close();
      if (server != null) server.close();
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
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
        pool.close();
        proxy.close();
        server.close();
      } finally {
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        // Last, once no I/O thread can emit anything more.
        sink.accept(new Event.RunFinished(clock.nanoTime(), stopped));
        done.complete(null);
      }
    }, "blastradius-teardown");
    t.setDaemon(true);
    t.start();
  }

  @Override
  public void close() {
    stop();
    done.join();
  }
}
