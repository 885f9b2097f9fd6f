package io.blastradius.core.proxy;

import io.blastradius.core.event.Event;
import io.blastradius.core.event.EventSink;
import io.blastradius.core.net.AcceptBackoff;
import io.blastradius.core.net.BindAddresses;
import io.blastradius.core.net.ListenerLimits;
import io.blastradius.core.time.Clock;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.IntPredicate;

/**
 * A TCP relay between the pool and the server whose flows can be unplugged, slowed, reset or
 * closed one at a time: the network half of golang/go#63422. It relays any bytes, not only HTTP.
 *
 * <p>Every accepted connection is a flow, numbered 1, 2, ... in accept order, and joined to the
 * pool's connection by the client's port ({@link #flowByClientPort}). Faults are a closed set
 * ({@link io.blastradius.core.event.Fault}); each is reported as a {@code FlowFaulted} event and
 * reflected in {@link FlowInfo#state()}. See {@link Pipe} for what each fault does to bytes.
 *
 * <p>Threading: a flow's two sockets share one event loop of the caller's group, and all of the
 * flow's state is confined to it ({@link Flow}). The fault methods may be called from any thread:
 * they hop onto the flow's loop and return a future completed once the fault is in effect; called
 * on that loop, they apply at once (the future is already complete). {@link #flows} and friends
 * read volatile snapshots and never block. The flow tables are concurrent maps. {@link #start} and
 * {@link #close} block and must not be called on one of the group's loops. Requires an NIO group.
 *
 * <p>Memory: an open flow is a {@link Flow} with its two channels and buffers. Once it ends, only
 * an immutable {@link Finished} snapshot (a few hundred bytes) is kept, for the last
 * {@link #KEEP_FINISHED} flows, so a run of any length holds its open flows plus a bounded tail.
 */
public final class FaultProxy implements AutoCloseable {
  /** Finished flows kept for {@link #flows()} and {@link #flow(int)}; older ones are forgotten. */
  static final int KEEP_FINISHED = 1024;

  final Clock clock;
  private final EventSink sink;
  private final AtomicInteger flowIds = new AtomicInteger();
  /** Open flows only: a flow leaves this map, for {@link #finished}, once it ends. */
  private final Map<Integer, Flow> flows = new ConcurrentHashMap<>();
  /** The last {@link #KEEP_FINISHED} flows that ended, as snapshots: no channel, no buffer. */
  private final Map<Integer, Finished> finished = new ConcurrentHashMap<>();
  private final Queue<Integer> finishedIds = new ConcurrentLinkedQueue<>();
  private final AtomicInteger finishedCount = new AtomicInteger();
  private volatile Channel serverChannel;
  private volatile IntPredicate ownClient;
  private final LongAdder acceptErrors = new LongAdder();
  /** Set once in start, before the first accept. */
  Duration handshakeTimeout = ListenerLimits.DEFAULT_HANDSHAKE_TIMEOUT;
  private volatile boolean closed;
  /** Installed on every flow's client socket, in order (wire decoding, capture); may be empty. */
  final List<FlowTap> taps;
  private FlowHook hook = FlowHook.NONE;

  private FaultProxy(Clock clock, EventSink sink, List<FlowTap> taps) {
    this.clock = clock;
    this.sink = sink;
    this.taps = List.copyOf(taps);
  }

  /**
   * Listens on {@code bindHost:port} (0 = ephemeral) and relays every connection to {@code target}.
   *
   * @throws IOException when the address cannot be bound; the message names it
   */
  public static FaultProxy start(String bindHost, int port, InetSocketAddress target, EventLoopGroup group,
      Clock clock, EventSink sink) throws IOException {
    return start(bindHost, port, target, ListenerLimits.defaults(), group, clock, sink, List.of(), FlowHook.NONE);
  }

  /**
   * As {@link #start(String, int, InetSocketAddress, EventLoopGroup, Clock, EventSink)}; a flow
   * whose client sends no byte within {@code limits}' handshake timeout, and that is not unplugged
   * then, is closed ("no byte from the client within 10s").
   */
  public static FaultProxy start(String bindHost, int port, InetSocketAddress target, ListenerLimits limits,
      EventLoopGroup group, Clock clock, EventSink sink) throws IOException {
    return start(bindHost, port, target, limits, group, clock, sink, List.of(), FlowHook.NONE);
  }

  /** As above, with {@code taps} installed on every flow's client socket (see {@link FlowTap}). */
  public static FaultProxy start(String bindHost, int port, InetSocketAddress target, EventLoopGroup group,
      Clock clock, EventSink sink, List<FlowTap> taps) throws IOException {
    return start(bindHost, port, target, ListenerLimits.defaults(), group, clock, sink, taps, FlowHook.NONE);
  }

  /** As above, with a hook that sees each flow's two sockets before it relays (see {@link FlowHook}). */
  public static FaultProxy start(String bindHost, int port, InetSocketAddress target, EventLoopGroup group,
      Clock clock, EventSink sink, FlowHook hook) throws IOException {
    return start(bindHost, port, target, ListenerLimits.defaults(), group, clock, sink, List.of(), hook);
  }

  /** With handshake limits, wire taps and a flow hook: what every other {@code start} calls. */
  public static FaultProxy start(String bindHost, int port, InetSocketAddress target, ListenerLimits limits,
      EventLoopGroup group, Clock clock, EventSink sink, List<FlowTap> taps, FlowHook hook) throws IOException {
    Objects.requireNonNull(bindHost, "bindHost");
    Objects.requireNonNull(target, "target");
    FaultProxy proxy = new FaultProxy(Objects.requireNonNull(clock, "clock"), Objects.requireNonNull(sink, "sink"),
        Objects.requireNonNull(taps, "taps"));
    proxy.hook = Objects.requireNonNull(hook, "hook");
    proxy.handshakeTimeout = Objects.requireNonNull(limits, "limits").handshakeTimeout();
    ServerBootstrap b = new ServerBootstrap()
        .group(Objects.requireNonNull(group, "group"))
        .channel(NioServerSocketChannel.class)
        .option(ChannelOption.SO_BACKLOG, 1024)
        .handler(new AcceptBackoff(proxy.acceptErrors))
        .childOption(ChannelOption.AUTO_READ, false)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childHandler(new ProxyInitializer(proxy, target));
    proxy.serverChannel = BindAddresses.bind(b, bindHost, port);
    return proxy;
  }

  /** Accepts that failed (out of file descriptors, ...); the listener backed off each time. */
  public long acceptErrors() {
    return acceptErrors.sum();
  }

  public InetSocketAddress address() {
    return (InetSocketAddress) serverChannel.localAddress();
  }

  /**
   * Tells the proxy which client ports belong to the pool under test. From then on every accepted
   * connection whose port {@code isOwn} rejects is an outside flow: it is relayed like any other,
   * and reported by a {@code FlowOutside} event after its {@code FlowOpened}. {@code isOwn} runs
   * on the accepting loop and must be thread-safe and fast.
   */
  public void ownClients(IntPredicate isOwn) {
    this.ownClient = isOwn;
  }

  /** Snapshots of open flows and of the most recently finished ones, by id. */
  public List<FlowInfo> flows() {
    Map<Integer, FlowInfo> all = new java.util.HashMap<>();
    // Finished first: a flow ending meanwhile is in both maps for a moment, and its end wins.
    for (Finished f : finished.values()) all.put(f.info().id(), f.info());
    for (Flow f : flows.values()) all.putIfAbsent(f.id, f.snapshot());
    List<FlowInfo> sorted = new ArrayList<>(all.values());
    sorted.sort(Comparator.comparingInt(FlowInfo::id));
    return sorted;
  }

  public Optional<FlowInfo> flow(int flowId) {
    Finished done = finished.get(flowId);
    if (done != null) return Optional.of(done.info());
    Flow f = flows.get(flowId);
    return f == null ? Optional.empty() : Optional.of(f.snapshot());
  }

  /** The newest flow whose client used this local port (ports are reused over a long run). */
  public Optional<FlowInfo> flowByClientPort(int clientPort) {
    FlowInfo best = null;
    for (Flow f : flows.values()) {
      if (f.clientPort == clientPort && (best == null || f.id > best.id())) best = f.snapshot();
    }
    for (Finished f : finished.values()) {
      if (f.info().clientPort() == clientPort && (best == null || f.info().id() > best.id())) best = f.info();
    }
    return Optional.ofNullable(best);
  }

  /** Black-holes the flow both ways, holding what was read: {@code unplug(id, BOTH, false)}. */
  public CompletableFuture<Void> unplug(int flowId) {
    return unplug(flowId, Direction.BOTH, false);
  }

  /**
   * Stops moving bytes in {@code direction}; nothing is closed.
   *
   * @param drop false: bytes read and not yet written are held for {@link #replug} and no more
   *     are read (TCP backpressure stops the sender); true: reading goes on and bytes are discarded
   */
  public CompletableFuture<Void> unplug(int flowId, Direction direction, boolean drop) {
    Objects.requireNonNull(direction, "direction");
    return onFlow(flowId, f -> f.unplug(direction, drop));
  }

  /** Moves bytes both ways again, held bytes first, in order. */
  public CompletableFuture<Void> replug(int flowId) {
    return onFlow(flowId, Flow::replug);
  }

  /** Delivers every chunk, both ways, {@code added} after it was read; zero removes the delay. */
  public CompletableFuture<Void> latency(int flowId, Duration added) {
    if (added == null || added.isNegative()) {
      return CompletableFuture.failedFuture(new IllegalArgumentException("latency must be >= 0, not " + added));
    }
    return onFlow(flowId, f -> f.latency(added));
  }

  /** Aborts both sockets with a TCP RST. */
  public CompletableFuture<Void> reset(int flowId) {
    return onFlow(flowId, Flow::reset);
  }

  /** Closes both sockets normally (FIN). */
  public CompletableFuture<Void> closeFlow(int flowId) {
    return onFlow(flowId, f -> f.closeFlow("closed by proxy", true));
  }

  /**
   * Runs a fault on the flow's loop. Unknown id: IllegalArgumentException("no flow 7"); a flow that
   * has ended: IllegalStateException("flow 7 is closed").
   */
  private CompletableFuture<Void> onFlow(int flowId, Consumer<Flow> action) {
    Flow f = flows.get(flowId);
    if (f == null) {
      return CompletableFuture.failedFuture(finished.containsKey(flowId)
          ? new IllegalStateException("flow " + flowId + " is closed")
          : new IllegalArgumentException("no flow " + flowId));
    }
    CompletableFuture<Void> done = new CompletableFuture<>();
    Runnable apply = () -> {
      if (f.finished()) {
        done.completeExceptionally(new IllegalStateException("flow " + flowId + " is closed"));
        return;
      }
      try {
        action.accept(f);
        done.complete(null);
      } catch (RuntimeException e) {
        done.completeExceptionally(e);
      }
    };
    if (f.loop.inEventLoop()) {
      apply.run();
    } else {
      try {
        f.loop.execute(apply);
      } catch (RejectedExecutionException e) {
        done.completeExceptionally(e);
      }
    }
    return done;
  }

  /** Bytes discarded by drop-mode unplugs (and left unsent when the flow ended), both ways. */
  long droppedBytes(int flowId) {
    Flow f = flows.get(flowId);
    if (f != null) return f.up.droppedBytes + f.down.droppedBytes;
    Finished done = finished.get(flowId);
    return done == null ? 0 : done.droppedBytes();
  }

  /** Flow objects (channels, buffers) the proxy holds: the open flows only (tests). */
  int heldFlowObjects() {
    return flows.size();
  }

  /** True once the flow's connection to the target is up and relaying. */
  boolean targetConnected(int flowId) {
    Flow f = flows.get(flowId);
    return f != null && f.targetConnected;
  }

  /** Bytes waiting for their latency, both ways. Call on the flow's loop (tests). */
  long delayedBytes(int flowId) {
    Flow f = flows.get(flowId);
    return f == null ? 0 : f.up.delayedBytes() + f.down.delayedBytes();
  }

  // --- called by flows, on their loops --------------------------------------------------------

  Flow register(Channel client) {
    Flow f = new Flow(flowIds.incrementAndGet(), client, this);
    flows.put(f.id, f);
    long now = clock.nanoTime();
    emit(new Event.FlowOpened(now, f.id, f.clientPort));
    IntPredicate own = ownClient;
    if (own != null && !own.test(f.clientPort)) emit(new Event.FlowOutside(now, f.id, f.clientPort));
    return f;
  }

  void flowFinished(Flow f, Event.FlowClosed event) {
    emit(event);
    // Snapshot in before the Flow out, so a reader never misses the flow.
    finished.put(f.id, new Finished(f.snapshot(), f.up.droppedBytes + f.down.droppedBytes));
    flows.remove(f.id);
    finishedIds.add(f.id);
    if (finishedCount.incrementAndGet() > KEEP_FINISHED) {
      Integer oldest = finishedIds.poll();
      if (oldest != null) {
        finishedCount.decrementAndGet();
        finished.remove(oldest);
      }
    }
  }

  /** What is kept of a flow that ended: its last snapshot and the bytes it never delivered. */
  record Finished(FlowInfo info, long droppedBytes) {}

  /** Called by the flow on its loop once both sockets are up, before any byte moves. */
  void flowConnected(Flow f) {
    try {
      hook.connected(f.id, f.client, f.server);
    } catch (RuntimeException ignored) {
      // FlowHook contract: a throwing hook is ignored; the flow relays without it.
    }
  }

  /** The sink must not throw; if one does anyway, the relay must not pay for it. */
  void emit(Event e) {
    try {
      sink.accept(e);
    } catch (RuntimeException ignored) {
      // EventSink contract: never throws.
    }
  }

  /**
   * Stops listening and closes every open flow (FlowClosed "proxy shut down"), waiting for them.
   * The event loop group stays up: it belongs to the caller. Idempotent.
   */
  @Override
  public void close() {
    if (closed) return;
    closed = true;
    ChannelFuture unbound = serverChannel.close();
    if (!unbound.channel().eventLoop().inEventLoop()) unbound.awaitUninterruptibly(5_000);
    List<CompletableFuture<Void>> ending = new ArrayList<>();
    for (Flow f : flows.values()) {
      if (f.loop.inEventLoop()) {
        if (!f.finished()) f.closeFlow("proxy shut down", false);
      } else {
        try {
          f.loop.execute(() -> {
            if (!f.finished()) f.closeFlow("proxy shut down", false);
          });
          ending.add(f.ended);
        } catch (RejectedExecutionException e) {
          // The loop is gone, and its sockets with it.
        }
      }
    }
    try {
      CompletableFuture.allOf(ending.toArray(CompletableFuture[]::new)).get(5, TimeUnit.SECONDS);
    } catch (Exception ignored) {
      // Best effort: a loop that is shutting down may never run the close.
    }
  }

  public enum Direction { BOTH, UPSTREAM, DOWNSTREAM }
}
