package io.blastradius.core.run;

import io.blastradius.core.event.EventSink;
import io.blastradius.core.load.LoadTarget;
import io.blastradius.core.time.Clock;
import io.netty.channel.EventLoop;
import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * The client half of a {@link Run}: what the load driver sends requests to, through the fault
 * proxy. The product's own pool under a policy ({@link #pool()}), or a real client library
 * (package {@code io.blastradius.core.clients}).
 */
public interface ClientSide extends LoadTarget {

  /**
   * Closes the client and whatever it holds open, cancelling requests still in flight. Called once,
   * from the run's teardown thread (never from an I/O thread); may block until the client is down.
   */
  void close();

  /** The event loop the driver lives on (a real client always runs on one). */
  EventLoop loop();

  /**
   * {@link #loop()} as the driver's scheduler: its tasks and timers (the driver reads no time from
   * it, so the system clock under it is never consulted for a run's timestamps).
   */
  @Override
  default io.blastradius.core.pool.Scheduler scheduler() {
    return new io.blastradius.core.pool.NettyScheduler(loop(), Clock.SYSTEM);
  }

  /** Builds a run's client side once the server and proxy are up. */
  @FunctionalInterface
  interface Factory {
    /**
     * @param loop the thread the load driver lives on (and callbacks must come back to)
     * @param target the fault proxy's address: every request goes through it
     * @param sink where the client's events go (thread-safe)
     */
    ClientSide create(RunConfig config, EventLoop loop, InetSocketAddress target, Clock clock, EventSink sink)
        throws IOException;
  }

  /** The product's own pool under {@code config.policy()}. */
  static Factory pool() {
    return (config, loop, target, clock, sink) ->
        pool(io.blastradius.core.policy.Policies.create(config.policy()), null).create(config, loop, target, clock, sink);
  }

  /** The product's own pool under {@code policy}, over TLS when {@code tls} is not null. */
  static Factory pool(io.blastradius.core.policy.PoolPolicy policy, io.netty.handler.ssl.SslContext tls) {
    return (config, loop, target, clock, sink) -> {
      io.blastradius.core.pool.ClientPool pool = new io.blastradius.core.pool.ClientPool(
          loop, target, policy, clock, sink, tls);
      return new ClientSide() {
        @Override
        public boolean ownsClientPort(int port) {
          return pool.ownsClientPort(port);
        }

        @Override
        public EventLoop loop() {
          return pool.loop();
        }

        @Override
        public io.blastradius.core.pool.Scheduler scheduler() {
          return pool.core().scheduler();
        }

        @Override
        public void submit(long requestId, int worker, long timeoutNanos, long cancelAfterNanos, Callback callback) {
          pool.submit(requestId, worker, timeoutNanos, cancelAfterNanos, callback::done);
        }

        @Override
        public void close() {
          // Bounded: a loop that died or hangs must not hang the run's end as well.
          pool.loop().submit(pool::close).awaitUninterruptibly(5, java.util.concurrent.TimeUnit.SECONDS);
        }
      };
    };
  }
}
