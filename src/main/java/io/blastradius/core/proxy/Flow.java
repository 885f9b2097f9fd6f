package io.blastradius.core.proxy;

import io.blastradius.core.event.Event;
import io.blastradius.core.event.Fault;
import io.blastradius.core.proxy.FaultProxy.Direction;
import io.blastradius.core.proxy.FlowInfo.FlowState;
import io.blastradius.core.util.Durations;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * One accepted connection and its connection to the target: two {@link Pipe}s and the faults
 * applied to them.
 *
 * <p>A flow ends when both sockets are closed; {@code FlowClosed} then says why, using the first
 * cause seen (client closed, server closed, reset by proxy, ...).
 *
 * <p>A client that closes while the flow is unplugged upstream has given up on it (a pool evicting
 * a dead connection): nothing it sent would ever reach the server, so the flow is released at once
 * ("client left while unplugged"): held bytes are dropped and the connection to the server is
 * closed. Without this, every unplug would keep two proxy sockets and one server socket for the
 * rest of the run. The client itself sees nothing while it keeps the flow open: a server that
 * closes meanwhile has its FIN held like any other byte.
 *
 * <p>Threading: confined to {@link #loop}, the accepted channel's event loop, which the target
 * channel shares. {@link FaultProxy} hops onto it for every fault. Fields read by other threads
 * are volatile: {@link #state}, {@link #latencyNanos} and the pipes' counters, all written only
 * on the loop.
 */
final class Flow {
  final int id;
  final int clientPort;
  final Channel client;
  final EventLoop loop;
  final Pipe up = new Pipe(this, true);
  final Pipe down = new Pipe(this, false);
  private final FaultProxy proxy;

  // Confined to the loop.
  Channel server;
  private boolean connecting = true;
  private boolean clientClosed;
  private boolean serverClosed;
  private boolean finished;
  private boolean aborted;
  /** The client sent a byte, as its socket read it (before any tap): see {@link FirstByte}. */
  boolean clientSpoke;
  private String why;
  /** The handshake check; cancelled when the flow ends so the loop's queue does not keep the flow. */
  private final java.util.concurrent.ScheduledFuture<?> firstByteCheck;

  /** Completes (on the loop) once both sockets are closed and FlowClosed was emitted; thread-safe. */
  final CompletableFuture<Void> ended = new CompletableFuture<>();

  // Written on the loop, read anywhere.
  volatile long latencyNanos;
  volatile FlowState state = FlowState.PLUGGED;
  volatile boolean targetConnected;

  Flow(int id, Channel client, FaultProxy proxy) {
    this.id = id;
    this.client = client;
    this.loop = client.eventLoop();
    this.clientPort = ((InetSocketAddress) client.remoteAddress()).getPort();
    this.proxy = proxy;
    client.closeFuture().addListener(f -> {
      clientClosed = true;
      if (up.stopped() && !finished) {
        because("client left while unplugged");
        up.release();
        if (server != null) server.close(); // still dialing: connected() closes it
      } else {
        because("client closed");
        up.onSourceEnded();
      }
      maybeFinish();
    });
    long timeout = proxy.handshakeTimeout.toNanos();
    firstByteCheck = loop.schedule(this::checkFirstByte, timeout, java.util.concurrent.TimeUnit.NANOSECONDS);
  }

  /**
   * A client that has sent nothing since it connected is not a client: close its flow (both ways,
   * FIN) unless the flow is unplugged, when nothing it sends could be seen anyway.
   */
  private void checkFirstByte() {
    if (finished || state != FlowState.PLUGGED) return;
    if (clientSpoke || up.bytes + up.heldBytes + up.droppedBytes + up.delayedBytes() > 0) return;
    closeFlow("no byte from the client within " + Durations.format(proxy.handshakeTimeout), false);
  }

  long now() {
    return proxy.clock.nanoTime();
  }

  boolean finished() {
    return finished;
  }

  /** Records why the flow is ending, unless an earlier cause is already known. */
  void because(String reason) {
    if (why == null) why = reason;
  }

  // --- life -----------------------------------------------------------------------------------

  void connected(ChannelFuture f) {
    connecting = false;
    if (!f.isSuccess()) {
      Throwable c = f.cause();
      because("target refused: " + (c.getMessage() == null ? c.toString() : c.getMessage()));
      client.close();
      maybeFinish();
      return;
    }
    server = f.channel();
    server.closeFuture().addListener(x -> {
      serverClosed = true;
      because("server closed");
      down.onSourceEnded();
      maybeFinish();
    });
    if (!client.isActive()) {
      if (aborted) lingerZero(server); // reset while dialing: the target gets its RST too
      server.close();
      return;
    }
    proxy.flowConnected(this);
    targetConnected = true;
    for (FlowTap tap : proxy.taps) tap.serverConnected(id, client, server);
    up.maybeRead();
    down.maybeRead();
  }

  /** A socket became writable again: the direction writing into it may read more. */
  void writabilityChanged(Channel ch) {
    if (!ch.isWritable()) return;
    (ch == client ? down : up).maybeRead();
  }

  private void maybeFinish() {
    if (finished || !clientClosed || connecting || (server != null && !serverClosed)) return;
    finished = true;
    up.release();
    down.release();
    state = FlowState.CLOSED;
    firstByteCheck.cancel(false);
    proxy.flowFinished(this, new Event.FlowClosed(now(), id, why == null ? "closed" : why));
    ended.complete(null);
  }

  // --- faults (on the loop) -------------------------------------------------------------------

  void unplug(Direction direction, boolean drop) {
    if (direction != Direction.DOWNSTREAM) up.unplug(drop);
    if (direction != Direction.UPSTREAM) down.unplug(drop);
    updateState();
    Fault fault = switch (direction) {
      case BOTH -> Fault.UNPLUG;
      case UPSTREAM -> Fault.UNPLUG_UPSTREAM;
      case DOWNSTREAM -> Fault.UNPLUG_DOWNSTREAM;
    };
    proxy.emit(new Event.FlowFaulted(now(), id, fault, drop ? "drop" : "hold"));
  }

  void replug() {
    up.replug();
    down.replug();
    updateState();
    proxy.emit(new Event.FlowFaulted(now(), id, Fault.REPLUG, ""));
  }

  void latency(Duration added) {
    latencyNanos = added.toNanos();
    proxy.emit(new Event.FlowFaulted(now(), id, Fault.LATENCY, Durations.format(added)));
    up.maybeRead();
    down.maybeRead();
  }

  /**
   * Aborts both sockets: SO_LINGER 0 makes close() send RST instead of FIN. Both are set before
   * either closes, because closing one passes a FIN to the other (see {@link Pipe#onSourceEnded}).
   */
  void reset() {
    proxy.emit(new Event.FlowFaulted(now(), id, Fault.RESET, ""));
    because("reset by proxy");
    aborted = true;
    lingerZero(client);
    if (server != null) lingerZero(server);
    client.close();
    if (server != null) server.close();
  }

  private static void lingerZero(Channel ch) {
    if (ch.isOpen()) ch.config().setOption(ChannelOption.SO_LINGER, 0);
  }

  void closeFlow(String reason, boolean emitFault) {
    if (emitFault) proxy.emit(new Event.FlowFaulted(now(), id, Fault.CLOSE, ""));
    because(reason);
    client.close();
    if (server != null) server.close();
  }

  private void updateState() {
    boolean u = up.stopped();
    boolean d = down.stopped();
    state = u && d ? FlowState.UNPLUGGED
        : u ? FlowState.UNPLUGGED_UPSTREAM
        : d ? FlowState.UNPLUGGED_DOWNSTREAM
        : FlowState.PLUGGED;
  }

  FlowInfo snapshot() {
    return new FlowInfo(id, clientPort, state, latencyNanos, up.bytes, down.bytes, up.lastAt, down.lastAt,
        up.heldBytes + down.heldBytes);
  }
}
