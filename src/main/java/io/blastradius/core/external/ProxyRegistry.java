package io.blastradius.core.external;

import io.blastradius.core.proxy.FlowHook;
import io.blastradius.core.time.Clock;
import io.netty.channel.EventLoopGroup;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The external mode's proxies by name, Toxiproxy's {@code ProxyCollection}: create, list, get,
 * delete, populate, reset. The API and the window are two front ends of one registry.
 *
 * <p>Threading: every method may be called from any thread except the proxies' event loops
 * (starting and stopping proxies block); the table is guarded by this object's lock, which is
 * held while a proxy starts or stops, as Toxiproxy holds its collection's.
 */
public final class ProxyRegistry implements AutoCloseable {
  /** One proxy as {@code POST /proxies} or {@code /populate} describes it. */
  public record Request(String name, String listen, String upstream, boolean enabled) {}

  /** A populate that stopped part way: the proxies done before the failure, and why it stopped. */
  public static final class PopulateException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient List<ExternalProxy> done;
    private final ExternalException cause;

    PopulateException(List<ExternalProxy> done, ExternalException cause) {
      super(cause.getMessage(), cause);
      this.done = List.copyOf(done);
      this.cause = cause;
    }

    public List<ExternalProxy> done() {
      return done;
    }

    public ExternalException failure() {
      return cause;
    }
  }

  private final EventLoopGroup group;
  private final Clock clock;
  private final ListenPolicy policy;
  private final ProxyEvents events;
  private final FlowHook flowHook;
  private final ExternalWire wire;
  private final Map<String, ExternalProxy> proxies = new TreeMap<>(); // Guarded by this.
  private boolean closed; // Guarded by this.

  /** @param group the proxies' event loops (NIO); the caller owns and shuts it down */
  public ProxyRegistry(EventLoopGroup group, Clock clock, ListenPolicy policy, ProxyEvents events) {
    this(group, clock, policy, events, FlowHook.NONE);
  }

  /**
   * @param flowHook runs on every flow of every proxy before its toxics are installed: where TLS
   *     interception, capture or a wire decoder put their handlers
   */
  public ProxyRegistry(EventLoopGroup group, Clock clock, ListenPolicy policy, ProxyEvents events, FlowHook flowHook) {
    this(group, clock, policy, events, flowHook, ExternalWire.NONE);
  }

  /**
   * @param wire the wire view every proxy's flows get (interception, capture, decoding); the caller
   *     closes it after this registry
   */
  public ProxyRegistry(EventLoopGroup group, Clock clock, ListenPolicy policy, ProxyEvents events, FlowHook flowHook,
      ExternalWire wire) {
    this.wire = Objects.requireNonNull(wire, "wire");
    this.flowHook = Objects.requireNonNull(flowHook, "flowHook");
    this.group = Objects.requireNonNull(group, "group");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.policy = Objects.requireNonNull(policy, "policy");
    this.events = Objects.requireNonNull(events, "events");
  }

  /** Creates a proxy (and starts it when {@code enabled}); 409 when the name is taken. */
  public synchronized ExternalProxy create(Request r) {
    return create(r, wire);
  }

  /**
   * As {@link #create(Request)}, the proxy's flows getting {@code proxyWire} instead of the
   * registry's wire view (the window's Intercept TLS, per proxy: {@link ExternalWire#withInterception}).
   */
  public synchronized ExternalProxy create(Request r, ExternalWire proxyWire) {
    Objects.requireNonNull(proxyWire, "proxyWire");
    validate(r, "");
    if (closed) throw new ExternalException(ExternalException.Kind.FAILED, "shutting down");
    if (proxies.containsKey(r.name())) throw ExternalException.conflict("proxy already exists");
    ExternalProxy p = newProxy(r, proxyWire);
    if (r.enabled()) p.start();
    proxies.put(r.name(), p);
    return p;
  }

  /**
   * Toxiproxy's {@code /populate}: every request is checked first; then each proxy is created, or
   * replaced when one of that name differs in listen or upstream, or kept as it is.
   *
   * @throws PopulateException when one fails: the proxies done before it stay
   */
  public synchronized List<ExternalProxy> populate(List<Request> requests) {
    for (int i = 0; i < requests.size(); i++) validate(requests.get(i), " at proxy " + (i + 1));
    List<ExternalProxy> done = new ArrayList<>();
    for (Request r : requests) {
      try {
        ExternalProxy existing = proxies.get(r.name());
        if (existing != null && existing.sameAs(r.listen(), r.upstream())) {
          done.add(existing);
          continue;
        }
        ExternalProxy p = newProxy(r);
        if (existing != null) existing.stop();
        if (r.enabled()) p.start();
        proxies.put(r.name(), p);
        done.add(p);
      } catch (ExternalException e) {
        throw new PopulateException(done, e);
      }
    }
    return done;
  }

  /** The wire view the proxies' flows get. */
  public ExternalWire wire() {
    return wire;
  }

  /** Every proxy, by name. */
  public synchronized Map<String, ExternalProxy> all() {
    return new TreeMap<>(proxies);
  }

  public synchronized ExternalProxy get(String name) {
    ExternalProxy p = proxies.get(name);
    if (p == null) throw ExternalException.notFound("proxy not found");
    return p;
  }

  /** Stops and forgets a proxy; 404 when there is none. */
  public synchronized void delete(String name) {
    ExternalProxy p = get(name);
    p.stop();
    proxies.remove(name);
    p.changed("deleted");
  }

  /**
   * Toxiproxy's {@code /reset}: every proxy enabled and its toxics removed; ours also replugs every
   * flow unplugged through the flow endpoints and clears their latency.
   */
  public synchronized void reset() {
    for (ExternalProxy p : proxies.values()) {
      p.start();
      p.toxics.clear();
      p.healFlows();
    }
  }

  /** Stops every proxy. Idempotent. */
  @Override
  public synchronized void close() {
    closed = true;
    for (ExternalProxy p : proxies.values()) p.stop();
  }

  private ExternalProxy newProxy(Request r) {
    return newProxy(r, wire);
  }

  private ExternalProxy newProxy(Request r, ExternalWire proxyWire) {
    return new ExternalProxy(r.name(), ExternalProxy.parseListen(r.listen()), r.upstream(), group, clock, policy, events, flowHook,
        proxyWire);
  }

  private static void validate(Request r, String where) {
    if (r.name() == null || r.name().isEmpty()) throw ExternalException.badRequest("missing required field: name" + where);
    if (r.upstream() == null || r.upstream().isEmpty()) {
      throw ExternalException.badRequest("missing required field: upstream" + where);
    }
    if (r.name().contains("/")) throw ExternalException.badRequest("bad request body: name must not contain '/'");
  }
}
