package io.blastradius.core.pool;

import io.blastradius.core.event.EventSink;
import io.blastradius.core.policy.Conn;
import io.blastradius.core.policy.PoolPolicy;
import io.blastradius.core.policy.Protocol;
import io.blastradius.core.time.Clock;
import io.netty.channel.EventLoop;
import io.netty.handler.ssl.SslContext;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * A {@link PoolCore} on real sockets: the core's decisions, a {@link NettyTransport} under it and
 * a {@link NettyScheduler} for its time, all on one {@link EventLoop}. {@link #submit} must be
 * called on the loop; callbacks run on it; {@link #close} and {@link #ownsClientPort} may be
 * called from any thread.
 */
public final class ClientPool implements AutoCloseable {
  /** The host name a TLS pool asks for and verifies: the embedded server's certificate names it. */
  public static final String TLS_HOST = NettyTransport.TLS_HOST;

  private final EventLoop loop;
  private final NettyTransport transport;
  private final PoolCore core;

  public ClientPool(EventLoop loop, InetSocketAddress target, PoolPolicy policy, Clock clock, EventSink sink) {
    this(loop, target, policy, clock, sink, null);
  }

  /**
   * A pool that speaks TLS to {@code target} when {@code tls} is not null: HTTP/2 connections
   * need a context offering {@code h2} by ALPN, HTTP/1 ones {@code http/1.1}
   * ({@link io.blastradius.core.tls.TlsContexts#client}). The server name sent (SNI) and checked
   * against the certificate is {@link #TLS_HOST}.
   */
  public ClientPool(EventLoop loop, InetSocketAddress target, PoolPolicy policy, Clock clock, EventSink sink,
      SslContext tls) {
    this.loop = loop;
    this.transport = new NettyTransport(loop, target, policy.protocol(), tls);
    this.core = new PoolCore(new NettyScheduler(loop, clock), transport, policy, sink);
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

  /**
   * True when {@code port} is the local port of one of this pool's open sockets: how the fault
   * proxy and the fault schedule tell the pool's flows from outside connections. Any thread. A
   * socket's port is known before its SYN leaves (it is bound first), so a proxy that accepts
   * the connection already finds it here.
   */
  public boolean ownsClientPort(int port) {
    return transport.ownsClientPort(port);
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
