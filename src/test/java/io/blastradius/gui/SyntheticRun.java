package io.blastradius.gui;

import io.blastradius.gui.common.RunHandle;
import io.blastradius.gui.common.RunStarter;

import io.blastradius.core.event.CloseReason;
import io.blastradius.core.event.Event;
import io.blastradius.core.event.EventSink;
import io.blastradius.core.event.Fault;
import io.blastradius.core.event.Outcome;
import io.blastradius.core.policy.Protocol;
import io.blastradius.core.run.RunConfig;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;

/**
 * A stand-in run for the bench and layout work: one producer thread (like a pool's event loop)
 * emits the events of a naive HTTP/2 pool over {@code conns} connections at a target request rate:
 * requests go round-robin to every open connection, unplugged ones included, so an unplug turns
 * into a stream of timeouts. Unplug, replug and reset act as the fault proxy would. Not a model of
 * any real policy; the real {@code Run} is what the robot tests drive.
 */
public final class SyntheticRun implements RunHandle {
  private final EventSink sink;
  private final int conns;
  private final double requestsPerSecond;
  private final long durationNanos;
  private final long okLatency;
  private final long timeout;
  private final int maxStreams;
  private final long unplugEveryNanos; // 0: no scheduled unplugs
  private final long maxRequests; // Long.MAX_VALUE: until the duration ends
  private final long start = System.nanoTime();
  private final CompletableFuture<Void> done = new CompletableFuture<>();
  private final ConcurrentLinkedQueue<Runnable> commands = new ConcurrentLinkedQueue<>();
  private final Thread producer;
  private volatile boolean stopped;

  private final List<C> open = new ArrayList<>();
  private long nextConnId = 1;
  private int nextFlowId = 1;
  private int nextPort = 40_000;
  private long requestId;
  private int rr;

  private static final class C {
    long id;
    int flow, port;
    boolean unplugged;
    ArrayDeque<long[]> inflight = new ArrayDeque<>(); // {requestId, finishAt, ok?1:0, streamId, startedAt}
    int stream = 1;
  }

  public SyntheticRun(EventSink sink, int conns, double requestsPerSecond, long durationNanos,
      long okLatencyNanos, long timeoutNanos, long unplugEveryNanos) {
    this(sink, conns, requestsPerSecond, durationNanos, okLatencyNanos, timeoutNanos, unplugEveryNanos, Long.MAX_VALUE);
  }

  public SyntheticRun(EventSink sink, int conns, double requestsPerSecond, long durationNanos,
      long okLatencyNanos, long timeoutNanos, long unplugEveryNanos, long maxRequests) {
    this.maxRequests = maxRequests;
    this.sink = sink;
    this.conns = conns;
    this.requestsPerSecond = requestsPerSecond;
    this.durationNanos = durationNanos;
    this.okLatency = okLatencyNanos;
    this.timeout = timeoutNanos;
    this.maxStreams = 250;
    this.unplugEveryNanos = unplugEveryNanos;
    producer = new Thread(this::loop, "synthetic-io");
    producer.setDaemon(true);
    producer.start();
  }

  /** A starter that takes the config's timeout and request count and runs a synthetic feed. */
  public static RunStarter starter(int conns, double rps, long durationNanos, long unplugEveryNanos) {
    return (RunConfig cfg, EventSink sink) -> new SyntheticRun(sink, conns, rps, durationNanos,
        2_000_000, cfg.load().timeout().toNanos(), unplugEveryNanos, cfg.load().requests());
  }

  @Override
  public long now() {
    return System.nanoTime() - start;
  }

  private void loop() {
    long t = now();
    sink.accept(new Event.RunStarted(t, "synthetic", "synthetic"));
    for (int i = 0; i < conns; i++) dial(t);
    long issued = 0;
    long nextUnplug = unplugEveryNanos > 0 ? unplugEveryNanos / 2 : Long.MAX_VALUE;
    while (!stopped && (t = now()) < durationNanos && !(issued >= maxRequests && idle())) {
      Runnable cmd;
      while ((cmd = commands.poll()) != null) cmd.run();
      if (t >= nextUnplug) {
        nextUnplug += unplugEveryNanos;
        for (C c : open) if (!c.unplugged) { fault(c, Fault.UNPLUG); break; }
      }
      long due = (long) (t / 1e9 * requestsPerSecond);
      while (issued < due && issued < maxRequests && !open.isEmpty()) {
        C c = open.get(rr++ % open.size());
        long id = ++requestId;
        int stream = c.stream;
        c.stream += 2;
        sink.accept(new Event.RequestStarted(t, id, 0));
        sink.accept(new Event.RequestAssigned(t, id, c.id, stream));
        c.inflight.addLast(new long[] {id, t + (c.unplugged ? timeout : okLatency), c.unplugged ? 0 : 1, stream, t});
        issued++;
      }
      for (C c : open) {
        long[] r;
        while ((r = c.inflight.peekFirst()) != null && r[1] <= t) {
          c.inflight.pollFirst();
          boolean ok = r[2] == 1 && !c.unplugged;
          if (!ok) sink.accept(new Event.StreamReset(t, c.id, (int) r[3], 8, true));
          sink.accept(new Event.RequestFinished(t, r[0], c.id, (int) r[3], ok ? Outcome.OK : Outcome.TIMEOUT,
              ok ? null : "timeout", t - r[4]));
        }
      }
      LockSupport.parkNanos(500_000);
    }
    t = now();
    sink.accept(new Event.RunFinished(t, stopped));
    for (C c : open) {
      for (long[] r : c.inflight) {
        sink.accept(new Event.RequestFinished(t, r[0], c.id, (int) r[3], Outcome.ERROR, "shutdown", 0));
      }
      sink.accept(new Event.ConnectionClosed(t, c.id, CloseReason.SHUTDOWN, ""));
      sink.accept(new Event.FlowClosed(t, c.flow, "shutdown"));
    }
    done.complete(null);
  }

  private boolean idle() {
    for (C c : open) if (!c.inflight.isEmpty()) return false;
    return true;
  }

  private void dial(long t) {
    C c = new C();
    c.id = nextConnId++;
    c.flow = nextFlowId++;
    c.port = nextPort++;
    sink.accept(new Event.ConnectionDialed(t, c.id, Protocol.H2));
    sink.accept(new Event.FlowOpened(t, c.flow, c.port));
    sink.accept(new Event.ConnectionReady(t, c.id, c.port, maxStreams));
    open.add(c);
  }

  private void fault(C c, Fault f) {
    long t = now();
    sink.accept(new Event.FlowFaulted(t, c.flow, f, ""));
    switch (f) {
      case UNPLUG -> c.unplugged = true;
      case REPLUG -> c.unplugged = false;
      case RESET -> {
        for (long[] r : c.inflight) {
          sink.accept(new Event.RequestFinished(t, r[0], c.id, (int) r[3], Outcome.ERROR, "connection reset", 0));
        }
        sink.accept(new Event.ConnectionClosed(t, c.id, CloseReason.IO_ERROR, "connection reset"));
        sink.accept(new Event.FlowClosed(t, c.flow, "reset"));
        open.remove(c);
        dial(t);
      }
      default -> {}
    }
  }

  private CompletableFuture<Void> command(int flowId, Fault f) {
    CompletableFuture<Void> r = new CompletableFuture<>();
    commands.add(() -> {
      for (C c : open) {
        if (c.flow == flowId) {
          fault(c, f);
          r.complete(null);
          return;
        }
      }
      r.completeExceptionally(new IllegalArgumentException("no open flow " + flowId));
    });
    return r;
  }

  @Override
  public CompletableFuture<Void> unplug(int flowId) {
    return command(flowId, Fault.UNPLUG);
  }

  @Override
  public CompletableFuture<Void> replug(int flowId) {
    return command(flowId, Fault.REPLUG);
  }

  @Override
  public CompletableFuture<Void> reset(int flowId) {
    return command(flowId, Fault.RESET);
  }

  @Override
  public CompletableFuture<Void> done() {
    return done;
  }

  @Override
  public void stop() {
    stopped = true;
  }

  public long requestsIssued() {
    return requestId;
  }
}
