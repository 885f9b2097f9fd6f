package io.blastradius.core.pool;

import io.blastradius.core.policy.Conn;
import io.netty.channel.Channel;
import java.net.InetSocketAddress;
import java.util.concurrent.ScheduledFuture;

/**
 * The socket side of one pooled connection: the {@link Conn} the policy reads, the channel, and
 * the protocol-specific writes. Confined to the pool's event loop.
 */
abstract class PooledConnection {
  final Conn conn;
  final ClientPool pool;
  Channel channel;
  /** The policy timer currently scheduled, and for when. */
  ScheduledFuture<?> timer;
  long timerAt = Long.MAX_VALUE;
  /** Set by exceptionCaught; tells the close reason when the channel goes inactive. */
  Throwable failure;
  boolean goAwayReceived;

  PooledConnection(Conn conn, ClientPool pool) {
    this.conn = conn;
    this.pool = pool;
  }

  int localPort() {
    return channel != null && channel.localAddress() instanceof InetSocketAddress a ? a.getPort() : 0;
  }

  /** Writes the request; returns the stream id (0 for HTTP/1), or -1 if it could not be sent. */
  abstract int send(Request r);

  /** The request's deadline passed or it was cancelled: HTTP/2 resets the stream. */
  abstract void abort(Request r);

  abstract void ping(long payload);

  /** Every request on the wire here, for failing them when the connection dies. */
  abstract Iterable<Request> inFlight();

  abstract void forget(Request r);
}
