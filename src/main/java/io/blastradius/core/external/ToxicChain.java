package io.blastradius.core.external;

import io.blastradius.core.external.toxic.ToxicHandler;
import io.blastradius.core.proxy.FlowHook;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntConsumer;

/**
 * A proxy's toxics, in the order they were added, and their handlers on every open flow: a new
 * toxic is put on the flows already open, and every new flow gets the whole chain before its
 * first byte (as a {@link FlowHook}).
 *
 * <p>Each toxic is a {@link ToxicHandler} named {@code "toxic:" + name} on the socket its stream
 * writes to: upstream toxics on the socket to the upstream, downstream ones on the client's.
 * Handlers are added at the pipeline's head end, so the first toxic is nearest the tail and sees a
 * chunk first, and every toxic works on the bytes as they cross the wire.
 *
 * <p>Threading: the list and the flow table change under this object's lock, and the pipeline
 * work for a flow is then done on that flow's loop (in the order it was asked for), so a flow
 * that opens while a toxic is added gets it exactly once. {@link #add}, {@link #update} and
 * {@link #remove} return once every open flow has the change, and must not be called on a flow's
 * event loop.
 */
final class ToxicChain implements FlowHook {
  private record Sockets(Channel client, Channel server) {
    Channel socketFor(ToxicStream stream) {
      return stream == ToxicStream.UPSTREAM ? server : client;
    }
  }

  private final List<ToxicSpec> toxics = new ArrayList<>(); // Guarded by this.
  private final Map<Integer, Sockets> flows = new ConcurrentHashMap<>();
  private final IntConsumer resetFlow;

  /** @param resetFlow aborts a flow by id (reset_peer); called on the flow's loop */
  ToxicChain(IntConsumer resetFlow) {
    this.resetFlow = resetFlow;
  }

  @Override
  public void connected(int flowId, Channel client, Channel server) {
    Sockets s = new Sockets(client, server);
    List<ToxicSpec> now;
    synchronized (this) {
      flows.put(flowId, s);
      now = List.copyOf(toxics);
    }
    client.closeFuture().addListener(f -> flows.remove(flowId, s));
    for (ToxicSpec t : now) install(flowId, s, t);
  }

  synchronized List<ToxicSpec> list() {
    return List.copyOf(toxics);
  }

  synchronized Optional<ToxicSpec> get(String name) {
    return toxics.stream().filter(t -> t.name().equals(name)).findFirst();
  }

  /** Adds {@code t} to the end of the chain; false when a toxic of that name exists. */
  boolean add(ToxicSpec t) {
    List<Map.Entry<Integer, Sockets>> open;
    synchronized (this) {
      if (get(t.name()).isPresent()) return false;
      toxics.add(t);
      open = List.copyOf(flows.entrySet());
    }
    List<Future<?>> done = new ArrayList<>();
    for (Map.Entry<Integer, Sockets> f : open) {
      done.add(onLoop(f.getValue(), () -> install(f.getKey(), f.getValue(), t)));
    }
    awaitAll(done);
    return true;
  }

  /** Replaces the toxic of that name (same position); false when there is none. */
  boolean update(ToxicSpec t) {
    List<Sockets> open;
    synchronized (this) {
      int i = indexOf(t.name());
      if (i < 0) return false;
      toxics.set(i, t);
      open = List.copyOf(flows.values());
    }
    List<Future<?>> done = new ArrayList<>();
    for (Sockets s : open) done.add(onLoop(s, () -> reconfigure(s, t)));
    awaitAll(done);
    return true;
  }

  /** Removes the toxic of that name from the chain and from every flow; false when there is none. */
  boolean remove(String name) {
    List<Sockets> open;
    synchronized (this) {
      int i = indexOf(name);
      if (i < 0) return false;
      toxics.remove(i);
      open = List.copyOf(flows.values());
    }
    List<Future<?>> done = new ArrayList<>();
    for (Sockets s : open) done.add(onLoop(s, () -> uninstall(s, name)));
    awaitAll(done);
    return true;
  }

  /** Removes every toxic. */
  void clear() {
    for (ToxicSpec t : list()) remove(t.name());
  }

  private static Future<?> onLoop(Sockets s, Runnable work) {
    try {
      return s.client.eventLoop().submit(work);
    } catch (RejectedExecutionException e) {
      return CompletableFuture.completedFuture(null); // the loop is gone, and the flow with it
    }
  }

  /**
   * Waits until every open flow has the change, as Toxiproxy answers only once every link has it:
   * a client that adds a toxic and then sends knows its bytes meet the toxic. Bounded; never on a
   * flow's own loop (where the work has run already, or would wait for itself).
   */
  private static void awaitAll(List<Future<?>> done) {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    for (Future<?> f : done) {
      try {
        f.get(Math.max(0, until - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (ExecutionException | TimeoutException e) {
        // A flow that failed or is stuck closing: the others have the change.
      }
    }
  }

  private int indexOf(String name) {
    for (int i = 0; i < toxics.size(); i++) {
      if (toxics.get(i).name().equals(name)) return i;
    }
    return -1;
  }

  // --- on the flow's loop ---------------------------------------------------------------------

  private void install(int flowId, Sockets s, ToxicSpec t) {
    boolean both = t.type() == ToxicType.BLACKHOLE && Boolean.TRUE.equals(t.attributes().get("both"));
    for (ToxicStream stream : ToxicStream.values()) {
      if (stream != t.stream() && !both) continue;
      Channel ch = s.socketFor(stream);
      if (!ch.isOpen() || ch.pipeline().get(handlerName(t.name())) != null) continue;
      if (ThreadLocalRandom.current().nextDouble() >= t.toxicity()) continue;
      ch.pipeline().addFirst(handlerName(t.name()), ToxicHandler.create(t, () -> resetFlow.accept(flowId)));
    }
  }

  private static void reconfigure(Sockets s, ToxicSpec t) {
    for (Channel ch : List.of(s.client, s.server)) {
      ChannelHandlerContext ctx = ch.pipeline().context(handlerName(t.name()));
      if (ctx != null) ((ToxicHandler) ctx.handler()).reconfigure(ctx, t);
    }
  }

  private static void uninstall(Sockets s, String name) {
    for (Channel ch : List.of(s.client, s.server)) {
      ChannelPipeline p = ch.pipeline();
      if (p.get(handlerName(name)) != null) p.remove(handlerName(name));
    }
  }

  static String handlerName(String toxic) {
    return "toxic:" + toxic;
  }
}
