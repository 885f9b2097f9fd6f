package io.blastradius.core.proxy;

import io.blastradius.core.event.EventSink;
import io.blastradius.core.time.Clock;
import io.netty.channel.EventLoopGroup;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** SKELETON: the API the rest of the product codes against; the relay is being built. */
public final class FaultProxy implements AutoCloseable {
  private FaultProxy() {}

  public static FaultProxy start(String bindHost, int port, InetSocketAddress target, EventLoopGroup group, Clock clock, EventSink sink)
      throws java.io.IOException {
    throw new UnsupportedOperationException("not built yet");
  }

  public InetSocketAddress address() { throw new UnsupportedOperationException(); }
  public List<FlowInfo> flows() { throw new UnsupportedOperationException(); }
  public Optional<FlowInfo> flow(int flowId) { throw new UnsupportedOperationException(); }
  public Optional<FlowInfo> flowByClientPort(int clientPort) { throw new UnsupportedOperationException(); }
  public CompletableFuture<Void> unplug(int flowId) { throw new UnsupportedOperationException(); }
  public CompletableFuture<Void> unplug(int flowId, Direction direction, boolean drop) { throw new UnsupportedOperationException(); }
  public CompletableFuture<Void> replug(int flowId) { throw new UnsupportedOperationException(); }
  public CompletableFuture<Void> latency(int flowId, Duration added) { throw new UnsupportedOperationException(); }
  public CompletableFuture<Void> reset(int flowId) { throw new UnsupportedOperationException(); }
  public CompletableFuture<Void> closeFlow(int flowId) { throw new UnsupportedOperationException(); }
  @Override public void close() {}

  public enum Direction { BOTH, UPSTREAM, DOWNSTREAM }
}
