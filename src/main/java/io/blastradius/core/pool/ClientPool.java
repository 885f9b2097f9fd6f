package io.blastradius.core.pool;

import io.blastradius.core.event.EventSink;
import io.blastradius.core.policy.Conn;
import io.blastradius.core.policy.PoolPolicy;
import io.blastradius.core.policy.Protocol;
import io.blastradius.core.time.Clock;
import io.netty.channel.EventLoop;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * A {@link PoolCore} on real sockets: the core's decisions, a {@link NettyTransport} under it and
 * a {@link NettyScheduler} for its time, all on one {@link EventLoop}. {@link #submit} must be
 * called on the loop; callbacks run on it; {@link #close} may be called from any thread.
 */
public final class ClientPool implements AutoCloseable {

  private final EventLoop loop;
  private final PoolCore core;

  public ClientPool(EventLoop loop, InetSocketAddress target, PoolPolicy policy, Clock clock, EventSink sink) {
    this.loop = loop;
    this.core = new PoolCore(new NettyScheduler(loop, clock), new NettyTransport(loop, target, policy.protocol()), policy, sink);
  }

  public EventLoop loop() {
    return loop;
  }

  /** The decisions, for drivers that work on any transport. */
  public PoolCore core() {
    return core;
  }

  public PoolPolicy policy() {
    return core.policy();
  }

  public Protocol protocol() {
    return core.protocol();
  }

  /** Connections open or dialing, as the policy sees them (loop only). */
  public List<Conn> connections() {
    return core.connections();
  }

  /** See {@link PoolCore#submit}. Loop only. */
  public void submit(long requestId, int worker, long timeoutNanos, long cancelAfterNanos, PoolCore.Callback callback) {
    core.submit(requestId, worker, timeoutNanos, cancelAfterNanos, callback);
  }

  /** Fails what is waiting or in flight (as CANCELLED) and closes every connection. */
  @Override
  public void close() {
    if (!loop.inEventLoop()) {
      loop.submit(core::close).syncUninterruptibly();
      return;
    }
    core.close();
  }
}
