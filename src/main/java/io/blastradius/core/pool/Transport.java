package io.blastradius.core.pool;

/**
 * The wire under a {@link PoolCore}: opens connections and carries what the core decided to
 * send. Netty sockets in real mode ({@link NettyTransport}), a simulated network in
 * {@code core.sim}. A transport reports everything it reads back through the connection's
 * {@link Link}, on the scheduler's thread.
 */
public interface Transport {

  /**
   * Starts opening a connection for {@code link}. The transport later calls {@link Link#ready}
   * once it can carry requests, or {@link Link#inactive} if it never can.
   */
  Wire dial(Link link);

  /** The transport side of one connection. */
  interface Wire {
    /** Writes a GET; returns the stream id (0 for HTTP/1), or -1 if it could not be sent. */
    int send();

    /** HTTP/2: writes RST_STREAM(CANCEL) for {@code streamId}. HTTP/1: nothing to send. */
    void reset(int streamId);

    /** HTTP/2: writes a PING with {@code payload}. */
    void ping(long payload);

    /** Closes the connection; {@link Link#inactive} follows (at once or later). */
    void close();

    /** The client's local port: joins the connection to the flow that carries it. */
    int localPort();
  }
}
