package io.blastradius.gui.external;

import io.blastradius.core.external.ExternalWire;
import io.blastradius.core.external.HostPort;
import io.blastradius.core.external.ListenPolicy;
import io.blastradius.core.external.ProxyEvents;
import io.blastradius.core.external.ProxyRegistry;
import io.blastradius.core.external.SessionCapture;
import io.blastradius.core.external.WireRates;
import io.blastradius.core.external.api.ApiServer;
import io.blastradius.core.proxy.FlowHook;
import io.blastradius.core.record.RecordingHeader;
import io.blastradius.core.time.Clock;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * What the External workspace runs: the session clock, the proxies' {@link ProxyRegistry} on its
 * event loop, the wire chart's {@link WireRates}, the pcap {@link SessionCapture}, and the
 * Toxiproxy-compatible {@link ApiServer} over the same registry. Every proxy's events go to the
 * chart and to the {@link SessionRecorder}.
 *
 * <p>Threading: the event loops are daemon threads created with the first proxy (on the
 * background executor, never the FX thread); the registry and the API are guarded by this; the
 * rates by themselves (folded on the proxies' loop, a few counter increments).
 */
final class ExternalSession {
  /** Session time: the clock every proxy's events are stamped with, 0 when the session was made. */
  private final long t0 = System.nanoTime();
  private final Clock clock = () -> System.nanoTime() - t0;
  private final SessionCapture capture = new SessionCapture();
  private final WireRates rates = new WireRates();
  private final Consumer<String> warn;
  private SessionRecorder recorder;

  private EventLoopGroup group;
  private EventLoopGroup apiGroup;
  private ProxyRegistry registry;
  private ApiServer api;

  /** @param warn told (on a proxy's loop) when a listen address is not loopback */
  ExternalSession(Consumer<String> warn) {
    this.warn = warn;
  }

  /** The recorder that receives every proxy's events; set once, before the first proxy. */
  void recordTo(SessionRecorder r) {
    this.recorder = r;
  }

  SessionCapture capture() {
    return capture;
  }

  long now() {
    return clock.nanoTime();
  }

  /** The registry, with its event loop made on first use (background executor). */
  synchronized ProxyRegistry registry() {
    if (registry == null) {
      group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("external-proxy", true), NioIoHandler.newFactory());
      ProxyEvents events = (p, e) -> {
        synchronized (rates) {
          rates.accept(e);
        }
        SessionRecorder r = recorder;
        if (r != null) r.accept(p, e);
      };
      registry = new ProxyRegistry(group, clock, ListenPolicy.loopbackOnly(warn), events, FlowHook.NONE,
          // The wire decoder (each card's stream counts and frame lane, the chart), and Record's capture.
          new ExternalWire(true, null, null, null, capture));
    }
    return registry;
  }

  /** The registry when a proxy was ever added, else null (nothing to show). */
  synchronized ProxyRegistry registryIfStarted() {
    return registry;
  }

  /** The wire chart's counts so far. */
  WireRates.View rates() {
    synchronized (rates) {
      return rates.view();
    }
  }

  /**
   * Serves the Toxiproxy-compatible API at {@code at} (loopback only) over the registry; returns
   * what it did, in words, and tells {@code started} when it started (not when it already ran).
   */
  synchronized String startApi(HostPort at, Consumer<String> started) {
    if (api != null) return "the API already runs on http://" + api.address().getHostString() + ":" + api.address().getPort();
    if (!at.loopback()) throw new IllegalArgumentException("API address " + at + " is not loopback");
    ProxyRegistry r = registry();
    apiGroup = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("external-api", true), NioIoHandler.newFactory());
    try {
      api = ApiServer.start(at, r, apiGroup, "BlastRadius " + RecordingHeader.currentAppVersion());
    } catch (java.io.IOException e) {
      apiGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS);
      apiGroup = null;
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    String text = "Toxiproxy API on http://" + at.host() + ":" + api.address().getPort();
    started.accept(text);
    return text;
  }

  /** Stops the API, every proxy and their event loops. Idempotent; any thread but the FX one. */
  synchronized void close() {
    if (api != null) api.close();
    if (registry != null) registry.close();
    if (apiGroup != null) apiGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    if (group != null) group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    api = null;
    registry = null;
    apiGroup = null;
    group = null;
  }
}
