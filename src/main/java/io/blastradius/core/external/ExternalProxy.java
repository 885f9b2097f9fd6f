package io.blastradius.core.external;

import io.blastradius.core.event.EventSink;
import io.blastradius.core.proxy.FaultProxy;
import io.blastradius.core.proxy.FaultProxy.Direction;
import io.blastradius.core.proxy.FlowHook;
import io.blastradius.core.proxy.FlowInfo;
import io.blastradius.core.proxy.FlowTap;
import io.blastradius.core.net.ListenerLimits;
import io.blastradius.core.wire.FlowWire;
import io.blastradius.core.wire.WireFold;
import io.blastradius.core.time.Clock;
import io.netty.channel.EventLoopGroup;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One named proxy of the external mode, Toxiproxy's {@code Proxy}: a listen address, an upstream,
 * enabled or not, a chain of toxics; underneath, a {@link FaultProxy} whose flows can also be
 * faulted one at a time (our extension).
 *
 * <p>With an {@link ExternalWire} that decodes, every flow's wire events are folded here
 * ({@link WireFold}: bounded, the open flows and the last closed ones) for {@link #wire(int)}, and
 * passed on with the flow events.
 *
 * <p>Disabling closes the listener and every flow (a new {@link FaultProxy} is started when it is
 * enabled again, on the listen address it had, so flow ids start again at 1). Toxics stay.
 *
 * <p>Threading: the configuration and the lifecycle are guarded by this object's lock; starting
 * and stopping block, and must not run on one of the proxies' event loops. Flow operations hop
 * onto the flow's loop and wait for the fault to be in effect.
 */
public final class ExternalProxy {
  /** Time a flow operation may take to reach its loop. */
  private static final long OP_TIMEOUT_SECONDS = 5;

  private final String name;
  private final EventLoopGroup group;
  private final Clock clock;
  private final ListenPolicy policy;
  private final EventSink sink;
  private final ProxyEvents events;
  final ToxicChain toxics;
  private final FlowHook hook;
  private final List<FlowTap> taps;
  private final boolean decoding;
  private final boolean intercepting;
  /** The wire's per-flow state of the current listener (flow ids restart with it); guarded by itself. */
  private volatile WireFold wire = new WireFold();

  // Guarded by this.
  private HostPort listen;
  private String upstream;
  private InetSocketAddress target;
  private boolean enabled;
  private volatile FaultProxy proxy;

  ExternalProxy(String name, HostPort listen, String upstream, EventLoopGroup group, Clock clock, ListenPolicy policy,
      ProxyEvents events, FlowHook extraHook, ExternalWire wireView) {
    this.name = name;
    this.group = group;
    this.clock = clock;
    this.policy = policy;
    this.listen = policy.check(listen);
    this.upstream = upstream;
    this.target = resolve(upstream);
    this.events = events;
    this.decoding = wireView.decodes();
    this.intercepting = wireView.intercepts();
    this.sink = e -> {
      if (decoding) {
        WireFold w = wire;
        synchronized (w) {
          w.apply(e);
        }
      }
      events.accept(this, e);
    };
    this.taps = wireView.taps(clock, sink);
    this.toxics = new ToxicChain(flowId -> {
      FaultProxy p = proxy;
      if (p != null) p.reset(flowId);
    });
    this.hook = extraHook.andThen(toxics);
  }

  public String name() {
    return name;
  }

  public synchronized String listen() {
    return listen.toString();
  }

  public synchronized String upstream() {
    return upstream;
  }

  public synchronized boolean enabled() {
    return enabled;
  }

  /** The bound address while enabled. */
  public Optional<InetSocketAddress> address() {
    FaultProxy p = proxy;
    return p == null ? Optional.empty() : Optional.of(p.address());
  }

  /** Starts listening; a no-op when enabled. ExternalException(FAILED) when the address cannot be bound. */
  public synchronized void start() {
    if (enabled) return;
    try {
      wire = new WireFold(); // a new listener numbers its flows from 1 again
      FaultProxy p = FaultProxy.start(listen.host().isEmpty() ? "0.0.0.0" : listen.host(), listen.port(), target,
          ListenerLimits.defaults(), group,
          clock, sink, taps, hook);
      if (listen.port() == 0) listen = new HostPort(listen.host(), p.address().getPort());
      proxy = p;
      enabled = true;
      changed("enabled on " + listen + ", relaying to " + upstream);
    } catch (IOException e) {
      throw new ExternalException(ExternalException.Kind.FAILED, e.getMessage(), e);
    }
  }

  /** Stops listening and closes every flow; a no-op when disabled. */
  public synchronized void stop() {
    if (!enabled) return;
    enabled = false;
    FaultProxy p = proxy;
    p.close(); // flows end (and are looked up by listeners) before the proxy is forgotten
    proxy = null;
    changed("disabled");
  }

  /**
   * Toxiproxy's update: a new listen address or upstream restarts the proxy; {@code enabled}
   * starts or stops it.
   */
  public synchronized void update(String newListen, String newUpstream, boolean enable) {
    HostPort l = newListen == null ? listen : policy.check(parseListen(newListen));
    String u = newUpstream == null ? upstream : newUpstream;
    InetSocketAddress t = u.equals(upstream) ? target : resolve(u);
    if (!l.equals(listen) || !u.equals(upstream)) {
      stop();
      listen = l;
      upstream = u;
      target = t;
    }
    if (enable) start();
    else stop();
  }

  /** True when a proxy with these settings would be the same one (Toxiproxy's {@code Differs}). */
  synchronized boolean sameAs(String otherListen, String otherUpstream) {
    return policy.check(parseListen(otherListen)).equals(listen) && upstream.equals(otherUpstream);
  }

  // --- toxics ---------------------------------------------------------------------------------

  public List<ToxicSpec> toxics() {
    return toxics.list();
  }

  public ToxicSpec toxic(String toxicName) {
    return toxics.get(toxicName).orElseThrow(() -> ExternalException.notFound("toxic not found"));
  }

  public ToxicSpec addToxic(ToxicSpec t) {
    if (!toxics.add(t)) throw ExternalException.conflict("toxic already exists");
    changed("toxic " + t.name() + " added (" + describe(t) + ")");
    return t;
  }

  /** Overlays {@code attributes} (and a toxicity, when not null) on the named toxic. */
  public ToxicSpec updateToxic(String toxicName, Map<String, ?> attributes, Double toxicity) {
    ToxicSpec old = toxic(toxicName);
    ToxicSpec t;
    try {
      t = old.updated(attributes, toxicity == null ? old.toxicity() : toxicity);
    } catch (IllegalArgumentException e) {
      throw ExternalException.badRequest("bad request body: " + e.getMessage());
    }
    if (!toxics.update(t)) throw ExternalException.notFound("toxic not found");
    changed("toxic " + t.name() + " updated (" + describe(t) + ")");
    return t;
  }

  public void removeToxic(String toxicName) {
    if (!toxics.remove(toxicName)) throw ExternalException.notFound("toxic not found");
    changed("toxic " + toxicName + " removed");
  }

  private static String describe(ToxicSpec t) {
    StringBuilder sb = new StringBuilder(t.type().apiName()).append(", ").append(t.stream().apiName());
    t.attributes().forEach((k, v) -> sb.append(", ").append(k).append('=').append(v));
    if (t.toxicity() < 1) sb.append(", toxicity=").append(t.toxicity());
    return sb.toString();
  }

  void changed(String what) {
    try {
      events.changed(this, what);
    } catch (RuntimeException ignored) {
      // ProxyEvents contract: never throws.
    }
  }

  // --- flows (our extension) ------------------------------------------------------------------

  /** Open flows and the most recently finished ones; empty while disabled. */
  public List<FlowInfo> flows() {
    FaultProxy p = proxy;
    return p == null ? List.of() : p.flows();
  }

  public FlowInfo flow(int id) {
    FaultProxy p = proxy;
    return (p == null ? Optional.<FlowInfo>empty() : p.flow(id))
        .orElseThrow(() -> ExternalException.notFound("flow not found"));
  }

  /**
   * One flow as the wire decoder saw it (streams open on the wire, resets, PINGs, GOAWAYs); empty
   * when the proxy does not decode, or the decoder has not seen that flow (yet, or any more).
   */
  public Optional<FlowWire> wire(int id) {
    if (!decoding) return Optional.empty();
    WireFold w = wire;
    synchronized (w) {
      return w.flow(id);
    }
  }

  /** True when this proxy terminates its clients' TLS with the BlastRadius CA (and speaks TLS upstream). */
  public boolean intercepts() {
    return intercepting;
  }

  /** True when this proxy's flows are decoded into wire events. */
  public boolean decodes() {
    return decoding;
  }

  public FlowInfo unplug(int id, Direction direction, boolean drop) {
    return await(id, live().unplug(id, direction, drop));
  }

  public FlowInfo replug(int id) {
    return await(id, live().replug(id));
  }

  public FlowInfo reset(int id) {
    return await(id, live().reset(id));
  }

  public FlowInfo latency(int id, Duration added) {
    return await(id, live().latency(id, added));
  }

  /** Replugs every unplugged flow and clears flow latency: the flows part of {@code /reset}. */
  void healFlows() {
    FaultProxy p = proxy;
    if (p == null) return;
    for (FlowInfo f : p.flows()) {
      if (f.state() == FlowInfo.FlowState.CLOSED) continue;
      if (!f.isLive()) p.replug(f.id());
      if (f.latencyNanos() > 0) p.latency(f.id(), Duration.ZERO);
    }
  }

  private FaultProxy live() {
    FaultProxy p = proxy;
    if (p == null) throw ExternalException.notFound("flow not found");
    return p;
  }

  private FlowInfo await(int id, CompletableFuture<Void> op) {
    try {
      op.get(OP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof IllegalArgumentException) throw ExternalException.notFound("flow not found");
      if (c instanceof IllegalStateException) throw ExternalException.conflict("flow " + id + " is closed");
      throw new ExternalException(ExternalException.Kind.FAILED, String.valueOf(c.getMessage()), c);
    } catch (TimeoutException e) {
      throw new ExternalException(ExternalException.Kind.FAILED, "flow " + id + " did not answer in time", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ExternalException(ExternalException.Kind.FAILED, "interrupted", e);
    }
    return flow(id);
  }

  // --- parsing --------------------------------------------------------------------------------

  static HostPort parseListen(String s) {
    try {
      return HostPort.parse("listen", s == null || s.isEmpty() ? "127.0.0.1:0" : s);
    } catch (IllegalArgumentException e) {
      throw ExternalException.badRequest("bad request body: " + e.getMessage());
    }
  }

  static InetSocketAddress resolve(String upstream) {
    HostPort hp;
    try {
      hp = HostPort.parse("upstream", upstream);
    } catch (IllegalArgumentException e) {
      throw ExternalException.badRequest("bad request body: " + e.getMessage());
    }
    if (hp.port() == 0) throw ExternalException.badRequest("bad request body: upstream '" + upstream + "' has port 0");
    try {
      return new InetSocketAddress(InetAddress.getByName(hp.host().isEmpty() ? "127.0.0.1" : hp.host()), hp.port());
    } catch (UnknownHostException e) {
      throw ExternalException.badRequest("bad request body: upstream host '" + hp.host() + "' is unknown");
    }
  }
}
