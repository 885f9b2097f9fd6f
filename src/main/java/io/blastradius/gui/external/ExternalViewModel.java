package io.blastradius.gui.external;

import io.blastradius.core.external.ExternalException;
import io.blastradius.core.external.ExternalProxy;
import io.blastradius.core.external.ExternalWire;
import io.blastradius.core.external.HostPort;
import io.blastradius.core.external.ListenPolicy;
import io.blastradius.core.external.ProxyEvents;
import io.blastradius.core.external.ProxyRegistry;
import io.blastradius.core.external.api.ApiServer;
import io.blastradius.core.proxy.FaultProxy.Direction;
import io.blastradius.core.proxy.FlowHook;
import io.blastradius.core.record.RecordingHeader;
import io.blastradius.core.time.Clock;
import io.blastradius.core.tls.CertAuthority;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The External workspace: proxies in front of the user's own services (the same
 * {@link ProxyRegistry} the CLI's {@code proxy} and the Toxiproxy API drive), a card per flow
 * with Unplug/Replug, Reset and Latency, and optionally the Toxiproxy-compatible API so test
 * suites can drive the proxies the window shows.
 *
 * <p>Threading: commands return at once; the work (binding, waiting for a fault to apply) runs
 * on {@code background}, and completions reach the FX thread through {@code fx}. The registry is
 * read off the FX thread into an {@link ExternalSnapshot}, published in an AtomicReference;
 * {@link #sample()} (the view's pulse) applies the latest one, so the FX thread never waits on the
 * registry's lock. Everything else is FX-thread only. The event loops are daemon threads,
 * created with the first proxy; {@link #close} stops them.
 */
public final class ExternalViewModel implements AutoCloseable {
  private final Executor background;
  private final Executor fx;
  private final StringProperty listen = new SimpleStringProperty("127.0.0.1:0");
  private final StringProperty upstream = new SimpleStringProperty("127.0.0.1:8080");
  private final StringProperty apiAddress = new SimpleStringProperty("127.0.0.1:8474");
  private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
  private final ReadOnlyStringWrapper apiStatus = new ReadOnlyStringWrapper("API off");
  private final ReadOnlyBooleanWrapper apiRunning = new ReadOnlyBooleanWrapper();
  private final ObservableList<ExternalSnapshot.ProxyView> proxies = FXCollections.observableArrayList();
  private final ObservableList<FlowCardModel> cards = FXCollections.observableArrayList();
  private final Map<String, FlowCardModel> cardByKey = new HashMap<>();
  private final AtomicReference<ExternalSnapshot> published = new AtomicReference<>(ExternalSnapshot.EMPTY);
  private final AtomicInteger names = new AtomicInteger();
  private ExternalSnapshot shown;
  private volatile boolean closed;

  // Created on the background executor with the first proxy; guarded by this.
  private EventLoopGroup group;
  private EventLoopGroup apiGroup;
  private ProxyRegistry registry;
  private ApiServer api;

  /**
   * @param background runs blocking work (never the FX thread)
   * @param fx runs completions on the FX thread ({@code Platform::runLater} in the app)
   */
  public ExternalViewModel(Executor background, Executor fx) {
    this.background = background;
    this.fx = fx;
  }

  // --- commands (FX thread) -------------------------------------------------------------------

  /** Adds a proxy from the form's listen and upstream; the name is proxy-1, proxy-2, ... */
  public CompletableFuture<Boolean> addProxy() {
    String l = listen.get().trim();
    String u = upstream.get().trim();
    String name = "proxy-" + names.incrementAndGet();
    return run(() -> {
      ExternalProxy p = registry().create(new ProxyRegistry.Request(name, l, u, true));
      return name + " listening on " + p.listen() + ", relaying to " + u;
    });
  }

  /**
   * Writes the BlastRadius CA certificate (PEM; created on first use in the config directory) to
   * {@code file}, for a client to trust before it goes through an intercepting proxy
   * ({@code blastradius proxy --tls-intercept}). Never overwrites a file.
   */
  public CompletableFuture<Boolean> exportCa(java.nio.file.Path file) {
    return run(() -> {
      try {
        CertAuthority ca = CertAuthority.loadOrCreate(CertAuthority.defaultDir());
        java.nio.file.Files.writeString(file, ca.pem(), java.nio.file.StandardOpenOption.CREATE_NEW,
            java.nio.file.StandardOpenOption.WRITE);
        return "CA certificate written to " + file + ": trust it in the client (curl --cacert, keytool -importcert, the system store)";
      } catch (java.nio.file.FileAlreadyExistsException e) {
        throw new IllegalArgumentException(file + " already exists: choose another name");
      } catch (java.io.IOException e) {
        throw new IllegalArgumentException("cannot export the CA: " + e.getMessage());
      }
    });
  }

  public CompletableFuture<Boolean> removeProxy(String name) {
    return run(() -> {
      registry().delete(name);
      return name + " removed";
    });
  }

  public CompletableFuture<Boolean> toggleUnplug(FlowCardModel c) {
    boolean plug = c.unpluggedProperty().get();
    return onFlow(c, p -> {
      if (plug) p.replug(c.flowId());
      else p.unplug(c.flowId(), Direction.BOTH, false);
    },
        (plug ? "replugged " : "unplugged ") + label(c));
  }

  public CompletableFuture<Boolean> reset(FlowCardModel c) {
    return onFlow(c, p -> p.reset(c.flowId()), "reset " + label(c) + " (RST both ways)");
  }

  /** Adds {@code millis} of latency to every chunk of that flow, both ways (0 removes it). */
  public CompletableFuture<Boolean> latency(FlowCardModel c, int millis) {
    if (millis < 0) {
      message.set("latency must be >= 0 ms");
      return CompletableFuture.completedFuture(false);
    }
    return onFlow(c, p -> p.latency(c.flowId(), Duration.ofMillis(millis)), label(c) + " latency " + millis + " ms");
  }

  /** Serves the Toxiproxy-compatible API over this window's proxies at the form's address. */
  public CompletableFuture<Boolean> startApi() {
    String where = apiAddress.get().trim();
    return run(() -> {
      HostPort at = HostPort.parse("API address", where);
      synchronized (this) {
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
        fx.execute(() -> {
          apiStatus.set(text);
          apiRunning.set(true);
        });
        return text;
      }
    });
  }

  /** Applies the latest snapshot to the lists; once per pulse, FX thread. Cheap when nothing changed. */
  public void sample() {
    ExternalSnapshot s = published.get();
    if (s == shown) return;
    shown = s;
    if (!proxies.equals(s.proxies())) proxies.setAll(s.proxies());
    Map<String, FlowCardModel> next = new HashMap<>();
    List<FlowCardModel> ordered = new java.util.ArrayList<>();
    for (ExternalSnapshot.FlowView f : s.flows()) {
      FlowCardModel c = cardByKey.get(f.key());
      if (c == null) c = new FlowCardModel(f.proxy(), f.info(), f.wire());
      else c.update(f.info(), f.wire());
      next.put(f.key(), c);
      ordered.add(c);
    }
    cardByKey.clear();
    cardByKey.putAll(next);
    if (!cards.equals(ordered)) cards.setAll(ordered);
  }

  /** Reads the registry into a new snapshot (background; the view's timer asks for it). */
  public void refresh() {
    ProxyRegistry r;
    synchronized (this) {
      r = registry;
    }
    if (r != null) published.set(ExternalSnapshot.of(r));
  }

  /** Asks for a refresh off the FX thread; nothing once closed or when the executor is gone (quitting). */
  public void refreshLater() {
    if (closed) return;
    try {
      background.execute(this::refresh);
    } catch (java.util.concurrent.RejectedExecutionException quitting) {
      // The window is going away; there is nothing left to show.
    }
  }

  // --- plumbing -------------------------------------------------------------------------------

  private synchronized ProxyRegistry registry() {
    if (registry == null) {
      group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("external-proxy", true), NioIoHandler.newFactory());
      registry = new ProxyRegistry(group, Clock.SYSTEM,
          ListenPolicy.loopbackOnly(w -> fx.execute(() -> message.set(w))), ProxyEvents.NONE, FlowHook.NONE,
          new ExternalWire(true, null, null, null)); // the wire decoder: each card's stream counts
    }
    return registry;
  }

  private CompletableFuture<Boolean> onFlow(FlowCardModel c, java.util.function.Consumer<ExternalProxy> op, String done) {
    return run(() -> {
      op.accept(registry().get(c.proxy()));
      return done;
    });
  }

  private static String label(FlowCardModel c) {
    return c.proxy() + " flow " + c.flowId();
  }

  /** Runs {@code work} in the background; its text (or its error, in one line) becomes the message. */
  private CompletableFuture<Boolean> run(Supplier<String> work) {
    CompletableFuture<Boolean> done = new CompletableFuture<>();
    background.execute(() -> {
      String text;
      boolean ok;
      try {
        text = work.get();
        ok = true;
      } catch (ExternalException | IllegalArgumentException e) {
        text = e.getMessage().replace("bad request body: ", "");
        ok = false;
      } catch (RuntimeException e) {
        text = "failed: " + e;
        ok = false;
      }
      refresh();
      String t = text;
      boolean o = ok;
      fx.execute(() -> {
        message.set(t);
        sample();
        done.complete(o);
      });
    });
    return done;
  }

  /** Stops the API and every proxy, and their event loops. Idempotent; any thread but the FX one. */
  @Override
  public synchronized void close() {
    closed = true;
    if (api != null) api.close();
    if (registry != null) registry.close();
    if (apiGroup != null) apiGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    if (group != null) group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    api = null;
    registry = null;
    apiGroup = null;
    group = null;
  }

  public StringProperty listenProperty() { return listen; }
  public StringProperty upstreamProperty() { return upstream; }
  public StringProperty apiAddressProperty() { return apiAddress; }
  public ReadOnlyStringProperty messageProperty() { return message.getReadOnlyProperty(); }
  public ReadOnlyStringProperty apiStatusProperty() { return apiStatus.getReadOnlyProperty(); }
  public ReadOnlyBooleanProperty apiRunningProperty() { return apiRunning.getReadOnlyProperty(); }
  public ObservableList<ExternalSnapshot.ProxyView> proxies() { return proxies; }
  public ObservableList<FlowCardModel> cards() { return cards; }
}
