package io.blastradius.core.pool;

import io.blastradius.core.event.CloseReason;
import io.blastradius.core.event.Event;
import io.blastradius.core.event.Event.ConnStatus;
import io.blastradius.core.event.EventSink;
import io.blastradius.core.event.Outcome;
import io.blastradius.core.policy.Actions;
import io.blastradius.core.policy.Conn;
import io.blastradius.core.policy.FrameType;
import io.blastradius.core.policy.Placement;
import io.blastradius.core.policy.PoolPolicy;
import io.blastradius.core.policy.Protocol;
import io.blastradius.core.policy.Stream;
import io.blastradius.core.time.Clock;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslContext;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * An HTTP client connection pool whose every decision is made by a {@link PoolPolicy}.
 *
 * <p>The pool is the transport: it dials, writes requests, resets streams, sends PINGs, reads
 * frames, and turns each of those into a call on the policy and an {@link Event}. The policy
 * answers where a request goes and what a timeout, a PING ACK or a frame means.
 *
 * <p>Threading: confined to one {@link EventLoop}. Every connection's channel is registered on
 * that loop, so all state here (connections, waiting requests, {@link Conn}s, the policy) is
 * touched by that one thread and nothing is locked. {@link #submit} must be called on the loop;
 * callbacks run on it.
 *
 * <p>Ordering contract with policies: a policy method's {@link Actions} are applied after the
 * method returns, in order; then timers are re-armed and waiting requests placed again. A
 * request's callback runs after the policy has seen how it ended, so the next request of a
 * sequential caller meets the connection as the policy left it.
 */
public final class ClientPool implements AutoCloseable {

  /** Told how each request ended; runs on the pool's loop. */
  @FunctionalInterface
  public interface Callback {
    void done(long requestId, Outcome outcome);
  }

  private static final long MIN_WAIT_NANOS = 100_000;
  /** The host name a TLS pool asks for and verifies: the embedded server's certificate names it. */
  public static final String TLS_HOST = "localhost";

  private final EventLoop loop;
  private final InetSocketAddress target;
  private final PoolPolicy policy;
  private final Clock clock;
  private final EventSink sink;
  private final Bootstrap bootstrap;
  /** TLS to the target, or null for cleartext; its ALPN list must offer this pool's protocol. */
  final SslContext tls;

  private final List<PooledConnection> conns = new ArrayList<>(); // open (or dialing), in dial order
  private final List<Conn> connViews = new ArrayList<>(); // the same, as the policy sees them
  private final ArrayDeque<Request> waiting = new ArrayDeque<>();
  /** Local ports of this pool's sockets, known before their SYN leaves; read from any thread. */
  private final Set<Integer> ownPorts = java.util.concurrent.ConcurrentHashMap.newKeySet();
  private final Effects effects = new Effects();
  private long nextConnId = 1;
  private long nextPingPayload = 0x42520000L;
  private int dialing;
  private boolean closed;
  private boolean placing;
  private boolean placeAgain;
  private ScheduledFuture<?> wake;
  private long wakeAt = Long.MAX_VALUE;

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
    this.tls = tls;
    this.loop = loop;
    this.target = target;
    this.policy = policy;
    this.clock = clock;
    this.sink = sink;
    this.bootstrap = new Bootstrap()
        .group(loop)
        .channel(NioSocketChannel.class)
        .option(ChannelOption.TCP_NODELAY, true)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 5_000)
        .remoteAddress(target);
  }

  /** Adds the TLS client handler first in a new connection's pipeline, when this pool speaks TLS. */
  void addTls(io.netty.channel.Channel ch) {
    if (tls != null) ch.pipeline().addLast("tls", tls.newHandler(ch.alloc(), TLS_HOST, target.getPort()));
  }

  public EventLoop loop() {
    return loop;
  }

  public PoolPolicy policy() {
    return policy;
  }

  public Protocol protocol() {
    return policy.protocol();
  }

  /**
   * True when {@code port} is the local port of one of this pool's open sockets: how the fault
   * proxy and the fault schedule tell the pool's flows from outside connections. Any thread. A
   * socket's port is known before its SYN leaves (it is bound first), so a proxy that accepts
   * the connection already finds it here.
   */
  public boolean ownsClientPort(int port) {
    return ownPorts.contains(port);
  }

  /** Connections open or dialing, as the policy sees them (loop only). */
  public List<Conn> connections() {
    return connViews;
  }

  /**
   * Issues a request that times out after {@code timeoutNanos}; {@code cancelAfterNanos} >= 0
   * makes the caller cancel it at that point instead (if sooner). Loop only.
   */
  public void submit(long requestId, int worker, long timeoutNanos, long cancelAfterNanos, Callback callback) {
    assert loop.inEventLoop();
    long now = clock.nanoTime();
    Request r = new Request(requestId, worker, now, now + timeoutNanos,
        cancelAfterNanos >= 0 ? now + cancelAfterNanos : -1, callback);
    sink.accept(new Event.RequestStarted(now, requestId, worker));
    if (closed) {
      finish(r, Outcome.CANCELLED, "pool closed", now);
      return;
    }
    long abortIn = r.nextAbortAt() - now;
    r.timer = loop.schedule(() -> onAbortTimer(r), Math.max(0, abortIn), TimeUnit.NANOSECONDS);
    place(r, now);
    afterChange();
  }

  // ---------------------------------------------------------------- placement

  /** Asks the policy where {@code r} goes and acts on the answer. */
  private void place(Request r, long now) {
    Placement p = policy.place(connViews, dialing, now);
    if (p instanceof Placement.Use use) {
      PooledConnection pc = find(use.conn());
      if (pc == null || !use.conn().isReady()) {
        throw new IllegalStateException(policy.id() + " placed a request on " + use.conn() + ", which is not a ready connection of this pool");
      }
      assign(r, pc, now);
    } else if (p instanceof Placement.Dial) {
      if (!r.dialRequested) {
        r.dialRequested = true;
        dial(now);
      }
      waiting.add(r);
    } else if (p instanceof Placement.Wait w) {
      waiting.add(r);
      // A deadline already past would re-place in a loop: ask again no sooner than 100 us.
      if (w.until() != Long.MAX_VALUE) wakeAt(Math.max(w.until(), now + MIN_WAIT_NANOS), now);
    } else if (p instanceof Placement.Reject rej) {
      finish(r, Outcome.ERROR, rej.why(), now);
    }
  }

  private void assign(Request r, PooledConnection pc, long now) {
    r.dialRequested = false;
    r.conn = pc;
    int streamId = pc.send(r);
    if (streamId < 0) {
      r.conn = null;
      finish(r, Outcome.ERROR, "write failed", now);
      return;
    }
    r.stream = pc.conn.openStream(streamId, r.id, now);
    sink.accept(new Event.RequestAssigned(now, r.id, pc.conn.id, streamId));
    policy.onStreamOpened(pc.conn, r.stream, now, effects);
    effects.apply(now, pc);
  }

  /** Places waiting requests again after anything changed; re-entrant calls coalesce. */
  private void afterChange() {
    if (placing) {
      placeAgain = true;
      return;
    }
    placing = true;
    try {
      int rounds = 0;
      do {
        placeAgain = false;
        int n = waiting.size();
        long now = clock.nanoTime();
        for (int i = 0; i < n && !waiting.isEmpty(); i++) {
          Request r = waiting.poll();
          if (!r.done) place(r, now);
        }
      } while (placeAgain && ++rounds < 8);
    } finally {
      placing = false;
    }
  }

  private void wakeAt(long until, long now) {
    if (wake != null && wakeAt <= until) return;
    if (wake != null) wake.cancel(false);
    wakeAt = until;
    wake = loop.schedule(() -> {
      wake = null;
      wakeAt = Long.MAX_VALUE;
      afterChange();
    }, Math.max(0, until - now), TimeUnit.NANOSECONDS);
  }

  // ---------------------------------------------------------------- dialing

  private void dial(long now) {
    long id = nextConnId++;
    Conn conn = new Conn(id, policy.protocol(), now);
    PooledConnection pc = policy.protocol() == Protocol.H1 ? new H1Connection(conn, this) : new H2Connection(conn, this);
    conns.add(pc);
    connViews.add(conn);
    dialing++;
    sink.accept(new Event.ConnectionDialed(now, id, policy.protocol()));
    Bootstrap b = bootstrap.clone().handler(pc instanceof H1Connection h1 ? h1.initializer() : ((H2Connection) pc).initializer());
    // Bind, note the port, then connect: the port is ours before the proxy can accept the flow.
    ChannelFuture registered = b.register();
    Channel ch = registered.channel();
    if (registered.isDone() && !registered.isSuccess()) {
      // No socket at all (e.g. out of file descriptors): the future is not on our loop.
      Throwable cause = registered.cause();
      loop.execute(() -> onDialFailed(pc, cause));
      return;
    }
    pc.channel = ch;
    registered.addListener(reg -> {
      if (!reg.isSuccess()) {
        onDialFailed(pc, reg.cause());
        return;
      }
      ch.bind(new InetSocketAddress(0)).addListener(bound -> {
        if (!bound.isSuccess()) {
          onDialFailed(pc, bound.cause());
          return;
        }
        int port = ((InetSocketAddress) ch.localAddress()).getPort();
        ownPorts.add(port);
        ch.closeFuture().addListener(x -> ownPorts.remove(port));
        ch.connect(target).addListener(done -> {
          if (!done.isSuccess()) onDialFailed(pc, done.cause());
          // HTTP/1 is ready on connect (H1Connection calls onReady); HTTP/2 once SETTINGS arrive.
        });
      });
    });
  }

  private void onDialFailed(PooledConnection pc, Throwable cause) {
    long now = clock.nanoTime();
    if (pc.conn.isClosed()) return;
    String why = "dial " + target + " failed: " + (cause == null ? "?" : cause.getMessage());
    if (pc.channel != null && !pc.channel.isRegistered()) pc.channel = null; // nothing to close
    closeConn(pc, CloseReason.IO_ERROR, why, now);
    for (Request r : waiting) {
      if (r.dialRequested && !r.done) {
        waiting.remove(r);
        finish(r, Outcome.ERROR, why, now);
        break;
      }
    }
    afterChange();
  }

  /** Called by a connection once it can carry requests. */
  void onReady(PooledConnection pc, int peerMaxStreams) {
    long now = clock.nanoTime();
    if (pc.conn.isClosed()) return;
    if (!pc.conn.isReady()) {
      dialing--;
      pc.conn.markReady(peerMaxStreams, now);
      sink.accept(new Event.ConnectionReady(now, pc.conn.id, pc.localPort(), peerMaxStreams));
      policy.onReady(pc.conn, now, effects);
      effects.apply(now, pc);
      // The request that asked for this dial no longer owns a pending dial.
      for (Request r : waiting) {
        if (r.dialRequested) {
          r.dialRequested = false;
          break;
        }
      }
    }
    afterChange();
  }

  // ---------------------------------------------------------------- responses and frames

  /** A complete response arrived for {@code r}. */
  void onResponse(PooledConnection pc, Request r, int status) {
    if (r.done) return;
    long now = clock.nanoTime();
    Stream s = r.stream;
    pc.conn.endStream(s.id, now);
    pc.forget(r);
    boolean ok = status == 200;
    if (ok) {
      policy.onStreamSucceeded(pc.conn, s, now, effects);
    } else {
      policy.onStreamFailed(pc.conn, s, now, effects);
    }
    effects.apply(now, pc);
    finish(r, ok ? Outcome.OK : Outcome.ERROR, ok ? null : "HTTP " + status, now);
    drainIfEmpty(pc, now);
    afterChange();
  }

  /** The HTTP/2 codec reset a stream by itself (not an abort of ours): it crossed the wire too. */
  void onOwnReset(PooledConnection pc, int streamId, long errorCode) {
    sink.accept(new Event.StreamReset(clock.nanoTime(), pc.conn.id, streamId, errorCode, true));
  }

  /** The peer reset {@code r}'s stream. */
  void onStreamReset(PooledConnection pc, Request r, long errorCode) {
    long now = clock.nanoTime();
    sink.accept(new Event.StreamReset(now, pc.conn.id, r.stream.id, errorCode, false));
    if (r.done) return;
    pc.conn.endStream(r.stream.id, now);
    pc.forget(r);
    policy.onStreamFailed(pc.conn, r.stream, now, effects);
    effects.apply(now, pc);
    finish(r, Outcome.ERROR, "RST_STREAM(" + H2Codes.name(errorCode) + ")", now);
    drainIfEmpty(pc, now);
    afterChange();
  }

  void onFrame(PooledConnection pc, FrameType type, int streamId) {
    long now = clock.nanoTime();
    pc.conn.frameRead(type, streamId, now);
    policy.onFrameRead(pc.conn, type, streamId, now, effects);
    effects.apply(now, pc);
  }

  void onPingAck(PooledConnection pc, long payload) {
    long now = clock.nanoTime();
    long sentAt = pc.conn.pingSentAt();
    boolean ours = pc.conn.pingAcked(payload, now);
    sink.accept(new Event.PingAcked(now, pc.conn.id, payload, ours ? now - sentAt : -1));
    policy.onPingAck(pc.conn, payload, ours, now, effects);
    effects.apply(now, pc);
    afterChange();
  }

  void onGoAway(PooledConnection pc, long errorCode, int lastStreamId) {
    long now = clock.nanoTime();
    pc.goAwayReceived = true;
    sink.accept(new Event.GoAwayReceived(now, pc.conn.id, errorCode, lastStreamId));
    // Streams above lastStreamId were never processed: fail them now (they may be retried).
    List<Request> refused = new ArrayList<>();
    for (Request r : pc.inFlight()) {
      if (r.stream != null && r.stream.id > lastStreamId) refused.add(r);
    }
    for (Request r : refused) {
      pc.conn.endStream(r.stream.id, now);
      pc.forget(r);
      finish(r, Outcome.ERROR, "GOAWAY(" + H2Codes.name(errorCode) + ")", now);
    }
    if (pc.conn.status() != ConnStatus.DRAINING) {
      pc.conn.setStatus(ConnStatus.DRAINING);
      sink.accept(new Event.ConnectionStatusChanged(now, pc.conn.id, ConnStatus.DRAINING, "GOAWAY(" + H2Codes.name(errorCode) + ")"));
    }
    drainIfEmpty(pc, now);
    afterChange();
  }

  /** The channel closed under us (peer close, reset, or our own close). */
  void onInactive(PooledConnection pc) {
    long now = clock.nanoTime();
    if (pc.conn.isClosed()) return;
    CloseReason reason;
    String detail;
    if (pc.goAwayReceived) {
      reason = CloseReason.GOAWAY;
      detail = "closed after GOAWAY";
    } else if (pc.failure != null) {
      reason = CloseReason.IO_ERROR;
      detail = String.valueOf(pc.failure.getMessage());
    } else {
      reason = CloseReason.PEER_CLOSED;
      detail = "peer closed the connection";
    }
    if (!pc.conn.isReady() && !pc.conn.isClosed()) {
      onDialFailed(pc, new java.io.IOException(detail));
      return;
    }
    closeConn(pc, reason, detail, now);
    afterChange();
  }

  // ---------------------------------------------------------------- timeouts, cancels, timers

  private void onAbortTimer(Request r) {
    if (r.done) return;
    long now = clock.nanoTime();
    Outcome outcome = r.abortOutcome();
    PooledConnection pc = r.conn;
    if (pc == null) {
      waiting.remove(r);
      finish(r, outcome, outcome == Outcome.TIMEOUT ? "timeout waiting for a connection" : "cancelled", now);
      afterChange();
      return;
    }
    Stream s = r.stream;
    pc.conn.endStream(s.id, now);
    pc.forget(r);
    pc.abort(r);
    if (pc.conn.protocol == Protocol.H2) {
      sink.accept(new Event.StreamReset(now, pc.conn.id, s.id, H2Codes.CANCEL, true));
    }
    if (outcome == Outcome.TIMEOUT) {
      policy.onStreamTimedOut(pc.conn, s, now, effects);
    } else {
      policy.onStreamCancelled(pc.conn, s, now, effects);
    }
    effects.apply(now, pc);
    finish(r, outcome, outcome == Outcome.TIMEOUT ? "timeout" : "cancelled", now);
    drainIfEmpty(pc, now);
    afterChange();
  }

  private void rearmTimer(PooledConnection pc, long now) {
    if (pc.conn.isClosed()) return;
    long at = policy.nextTimer(pc.conn, now);
    if (at == PoolPolicy.NO_TIMER || at >= pc.timerAt) return; // a sooner timer is already set
    if (pc.timer != null) pc.timer.cancel(false);
    pc.timerAt = at;
    pc.timer = loop.schedule(() -> onConnTimer(pc), Math.max(0, at - now), TimeUnit.NANOSECONDS);
  }

  private void onConnTimer(PooledConnection pc) {
    pc.timer = null;
    pc.timerAt = Long.MAX_VALUE;
    if (pc.conn.isClosed()) return;
    long now = clock.nanoTime();
    long at = policy.nextTimer(pc.conn, now);
    if (at != PoolPolicy.NO_TIMER && at <= now) {
      policy.onTimer(pc.conn, now, effects);
      effects.apply(now, pc);
    }
    rearmTimer(pc, now);
    afterChange();
  }

  private void drainIfEmpty(PooledConnection pc, long now) {
    if (!pc.conn.isClosed() && pc.conn.status() == ConnStatus.DRAINING && pc.conn.activeStreams() == 0) {
      closeConn(pc, pc.goAwayReceived ? CloseReason.GOAWAY : CloseReason.DRAINED, "no streams left", now);
    }
  }

  // ---------------------------------------------------------------- endings

  private void finish(Request r, Outcome outcome, String error, long now) {
    if (r.done) return;
    r.done = true;
    if (r.timer != null) r.timer.cancel(false);
    long connId = r.conn == null ? 0 : r.conn.conn.id;
    int streamId = r.stream == null ? 0 : r.stream.id;
    if (r.conn != null && outcome != Outcome.CANCELLED) r.conn.conn.countOutcome(outcome == Outcome.OK);
    sink.accept(new Event.RequestFinished(now, r.id, connId, streamId, outcome, error, now - r.startedAt));
    if (outcome != Outcome.CANCELLED) policy.onRequestOutcome(outcome == Outcome.OK, now);
    r.callback.done(r.id, outcome);
  }

  private void closeConn(PooledConnection pc, CloseReason reason, String detail, long now) {
    Conn c = pc.conn;
    if (c.isClosed()) return;
    if (!c.isReady()) dialing--;
    c.markClosed();
    conns.remove(pc);
    connViews.remove(c);
    if (pc.timer != null) pc.timer.cancel(false);
    sink.accept(new Event.ConnectionClosed(now, c.id, reason, detail));
    boolean retry = reason == CloseReason.EVICTED && policy.retryOnEviction();
    List<Request> orphans = new ArrayList<>();
    for (Request r : pc.inFlight()) orphans.add(r);
    for (Request r : orphans) {
      if (r.done) continue;
      if (r.stream != null) c.endStream(r.stream.id, now);
      pc.forget(r);
      if (retry && !r.retried && now < r.deadline) {
        r.retried = true;
        r.conn = null;
        r.stream = null;
        sink.accept(new Event.RequestRetried(now, r.id, c.id, reason.name().toLowerCase()));
        waiting.addFirst(r);
      } else {
        finish(r, reason == CloseReason.SHUTDOWN ? Outcome.CANCELLED : Outcome.ERROR, "connection " + reason.name().toLowerCase() + ": " + detail, now);
      }
    }
    policy.onClosed(c, now);
    if (pc.channel != null) pc.channel.close();
  }

  private PooledConnection find(Conn c) {
    for (PooledConnection pc : conns) {
      if (pc.conn == c) return pc;
    }
    return null;
  }

  /** Fails what is waiting or in flight (as CANCELLED) and closes every connection. Loop only. */
  @Override
  public void close() {
    if (!loop.inEventLoop()) {
      loop.submit(this::close).syncUninterruptibly();
      return;
    }
    if (closed) return;
    closed = true;
    long now = clock.nanoTime();
    if (wake != null) wake.cancel(false);
    while (!waiting.isEmpty()) finish(waiting.poll(), Outcome.CANCELLED, "pool closed", now);
    for (PooledConnection pc : new ArrayList<>(conns)) closeConn(pc, CloseReason.SHUTDOWN, "run ended", now);
  }

  // ---------------------------------------------------------------- policy effects

  /** The pool's {@link Actions}: buffered during a policy call, applied right after it. */
  private final class Effects implements Actions {
    private final List<Runnable> queued = new ArrayList<>();
    private final Set<PooledConnection> touched = new LinkedHashSet<>();
    private boolean applying;

    @Override
    public void sendPing(Conn c) {
      queued.add(() -> {
        PooledConnection pc = find(c);
        if (pc == null || c.isClosed()) return;
        long now = clock.nanoTime();
        long payload = nextPingPayload++;
        c.pingSent(payload, now);
        pc.ping(payload);
        sink.accept(new Event.PingSent(now, c.id, payload));
        touched.add(pc);
      });
    }

    @Override
    public void close(Conn c, CloseReason reason, String detail) {
      queued.add(() -> {
        PooledConnection pc = find(c);
        if (pc != null) closeConn(pc, reason, detail, clock.nanoTime());
      });
    }

    @Override
    public void setStatus(Conn c, ConnStatus status, String why) {
      queued.add(() -> {
        if (c.isClosed() || c.status() == status) return;
        c.setStatus(status);
        long now = clock.nanoTime();
        sink.accept(new Event.ConnectionStatusChanged(now, c.id, status, why));
        PooledConnection pc = find(c);
        if (pc != null) {
          touched.add(pc);
          drainIfEmpty(pc, now);
        }
      });
    }

    @Override
    public void holdSlots(Conn c, int held) {
      queued.add(() -> {
        if (c.heldSlots() == held) return;
        c.setHeldSlots(held);
        sink.accept(new Event.SlotsHeld(clock.nanoTime(), c.id, held));
        PooledConnection pc = find(c);
        if (pc != null) touched.add(pc);
      });
    }

    /**
     * Runs what the policy asked for, then re-arms the timers of {@code about} (the connection
     * the event concerned) and of every connection an action touched. Called once per frame, so
     * it stays O(touched), not O(connections).
     */
    void apply(long now, PooledConnection about) {
      touched.add(about);
      if (applying) return; // the outer apply() runs what was queued and re-arms what was touched
      applying = true;
      try {
        for (int i = 0; i < queued.size(); i++) queued.get(i).run();
        queued.clear();
        for (PooledConnection pc : touched) rearmTimer(pc, now);
      } finally {
        applying = false;
        touched.clear();
      }
    }
  }
}
