package io.blastradius.core.external;

import io.blastradius.core.proxy.FlowTap;
import io.blastradius.core.wire.Capture;
import io.netty.channel.Channel;
import io.netty.channel.ChannelPipeline;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A packet capture that can be started and stopped while the proxies run (the window's Record):
 * while started, every new flow of every proxy that has this tap is captured into one pcap by
 * {@link Capture}; stopping takes the capture's handler off the flows still open (on their event
 * loops) before closing the file, so nothing writes into a closed file and the pcap ends whole.
 * Flows opened before the start are not in it (their TCP handshake could not be either).
 *
 * <p>Threading: {@link #install} on the flows' event loops; {@link #start} and {@link #stop} on
 * any other thread (stop waits, bounded, for the loops).
 */
public final class SessionCapture implements FlowTap {
  private static final String HANDLER = "pcap";

  private volatile Active active;

  private record Active(Capture capture, Set<Channel> channels) {}

  /**
   * Starts capturing new flows into {@code file} (created; never overwrites).
   *
   * @throws IllegalStateException when a capture is already going
   */
  public synchronized void start(Path file) throws IOException {
    if (active != null) throw new IllegalStateException("a capture is already going to " + active.capture().file());
    active = new Active(Capture.open(file), ConcurrentHashMap.newKeySet());
  }

  /** True while started. */
  public boolean capturing() {
    return active != null;
  }

  @Override
  public void install(int flowId, Channel client) {
    Active a = active;
    if (a == null) return;
    a.capture().install(flowId, client);
    a.channels().add(client);
    client.closeFuture().addListener(f -> a.channels().remove(client));
  }

  /**
   * Stops: the open flows' capture handlers come off on their loops, then the file is closed.
   *
   * @return the file captured to, or null when no capture was going
   */
  public synchronized Path stop() throws IOException {
    Active a = active;
    if (a == null) return null;
    active = null;
    List<CompletableFuture<Void>> off = new ArrayList<>();
    for (Channel ch : a.channels()) {
      CompletableFuture<Void> done = new CompletableFuture<>();
      off.add(done);
      try {
        ch.eventLoop().execute(() -> {
          ChannelPipeline p = ch.pipeline();
          if (p.get(HANDLER) != null) p.remove(HANDLER);
          done.complete(null);
        });
      } catch (RuntimeException loopGone) {
        done.complete(null); // its loop stopped: the flow writes nothing more
      }
    }
    try {
      CompletableFuture.allOf(off.toArray(CompletableFuture[]::new)).get(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      // A loop that does not answer: close anyway (a packet of it may then be lost, not the file).
    }
    a.capture().close();
    return a.capture().file();
  }
}
