package io.blastradius.gui.external;

import io.blastradius.core.external.ExternalException;
import io.blastradius.core.external.ExternalProxy;
import io.blastradius.core.external.ExternalWire;
import io.blastradius.core.external.HostPort;
import io.blastradius.core.external.ProxyRegistry;
import io.blastradius.core.external.ExternalFold;
import io.blastradius.core.external.WireRates;
import io.blastradius.core.proxy.FaultProxy.Direction;
import io.blastradius.core.record.RecordingHeader;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The External workspace: proxies in front of the user's own services (the same
 * {@link ProxyRegistry} the CLI's {@code proxy} and the Toxiproxy API drive), a card per flow
 * with Unplug/Replug, Reset and Latency and its frame lane, the wire chart ({@link WireRates}),
 * Intercept TLS per proxy, Record with Save recording… and Save capture… ({@link SessionRecorder}),
 * a recording's replay ({@link ExternalReplay}), and optionally the Toxiproxy-compatible API so
 * test suites can drive the proxies the window shows. What runs (the proxies' event loop, the
 * registry, the API, the session clock) is the {@link ExternalSession}; Intercept TLS's CA work is
 * {@link InterceptTrust}'s.
 *
 * <p>Threading: commands return at once; the work (binding, waiting for a fault to apply) runs
 * on {@code background}, and completions reach the FX thread through {@code fx}. The registry is
 * read off the FX thread into an {@link ExternalSnapshot}, published in an AtomicReference;
 * {@link #sample()} (the view's pulse) applies the latest one, so the FX thread never waits on the
 * registry's lock. The proxies' events are folded into the chart's {@link WireRates} on their
 * event loops under its own lock (a few counter increments), and reach the recording through the
 * writer's lock-free queue; the snapshot copies the chart's view. Everything else is FX-thread
 * only. The event loops are daemon threads,
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
  private final BooleanProperty intercept = new SimpleBooleanProperty();
  private final StringProperty upstreamCa = new SimpleStringProperty("");
  private final ReadOnlyBooleanWrapper recording = new ReadOnlyBooleanWrapper();
  private final ReadOnlyBooleanWrapper replaying = new ReadOnlyBooleanWrapper();
  private final ReadOnlyObjectWrapper<ChartFrame> chart = new ReadOnlyObjectWrapper<>(new ChartFrame(WireRates.View.EMPTY, 0));
  private final ExternalSession session;
  private final SessionRecorder recorder;
  private final ExternalReplay replay;
  private final ObservableList<ExternalSnapshot.ProxyView> proxies = FXCollections.observableArrayList();
  private final FlowCards cards = new FlowCards();
  private final AtomicReference<ExternalSnapshot> published = new AtomicReference<>(ExternalSnapshot.EMPTY);
  private final AtomicInteger names = new AtomicInteger();
  private ExternalSnapshot shown;
  private volatile boolean closed;

  /**
   * @param background runs blocking work (never the FX thread)
   * @param fx runs completions on the FX thread ({@code Platform::runLater} in the app)
   */
  public ExternalViewModel(Executor background, Executor fx) {
    this.background = background;
    this.fx = fx;
    this.session = new ExternalSession(w -> fx.execute(() -> message.set(w)));
    this.recorder = new SessionRecorder(background, fx, session.capture(), java.time.Instant.now());
    session.recordTo(recorder);
    this.replay = new ExternalReplay(background, fx, this::showReplay);
  }

  /**
   * A recording of an external proxy (the window's Record, or {@code blastradius proxy --record}):
   * its header names its origin, scenario {@code external}.
   */
  public static boolean isProxyRecording(RecordingHeader h) {
    return h != null && "external".equals(h.scenario());
  }

  /** The wire chart's data: the counts and the session time its axis ends at. */
  public record ChartFrame(WireRates.View rates, long endNanos) {}

  // --- commands (FX thread) -------------------------------------------------------------------

  /**
   * Adds a proxy from the form's listen and upstream; the name is proxy-1, proxy-2, ... With
   * Intercept TLS it terminates its clients' TLS with a leaf from the BlastRadius CA (as
   * {@code proxy --tls-intercept} does) and speaks TLS upstream, trusting the form's upstream CA
   * (PEM) or, when empty, the JDK's CAs; its flows are then decoded in plaintext.
   */
  public CompletableFuture<Boolean> addProxy() {
    String l = listen.get().trim();
    String u = upstream.get().trim();
    boolean tls = intercept.get();
    String caFile = upstreamCa.get().trim();
    if (!tls && !caFile.isEmpty()) {
      message.set("Upstream CA applies with Intercept TLS: tick it, or clear the upstream CA");
      return CompletableFuture.completedFuture(false);
    }
    String name = "proxy-" + names.incrementAndGet();
    return run(() -> {
      ProxyRegistry r = registry();
      ExternalWire wire = r.wire();
      if (tls) wire = InterceptTrust.intercepting(wire, caFile);
      ExternalProxy p = r.create(new ProxyRegistry.Request(name, l, u, true), wire);
      return name + " listening on " + p.listen() + ", relaying to " + u
          + (tls ? "; intercepting TLS: clients must trust the BlastRadius CA (Export CA…)" : "");
    });
  }

  /**
   * Writes the BlastRadius CA certificate (PEM; created on first use in the config directory) to
   * {@code file}, for a client to trust before it goes through an intercepting proxy
   * ({@code blastradius proxy --tls-intercept}). Never overwrites a file.
   */
  public CompletableFuture<Boolean> exportCa(java.nio.file.Path file) {
    return run(() -> InterceptTrust.exportCa(file));
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
    return run(() -> session.startApi(HostPort.parse("API address", where), text -> fx.execute(() -> {
      apiStatus.set(text);
      apiRunning.set(true);
    })));
  }

  /** Applies the latest snapshot to the lists; once per pulse, FX thread. Cheap when nothing changed. */
  public void sample() {
    ExternalSnapshot s = published.get();
    if (s == shown) return;
    shown = s;
    if (!proxies.equals(s.proxies())) proxies.setAll(s.proxies());
    if (replay.isOpen()) return; // the cards and the chart show the recording
    cards.show(s.flows(), s.now(), false);
    chart.set(new ChartFrame(s.rates(), s.now()));
  }

  /** The view's pulse: the replay's scrubber and play, then the latest live snapshot. */
  public void tick(long fxNanos) {
    if (replay.isOpen()) replay.tick(fxNanos);
    sample();
  }

  // --- recording, capture, replay ---------------------------------------------------------------

  /**
   * Starts recording every proxy's events (those added while recording too; flow ids made unique
   * across the proxies) to a temporary {@code .blastrec}, and capturing every proxy's new
   * connections to a temporary pcap, as a live run records and captures; {@link #stopRecording}
   * ends both for Save recording… and Save capture….
   */
  public CompletableFuture<Boolean> startRecording() {
    return run(() -> {
      String text;
      try {
        text = recorder.start(registry().all().values());
      } catch (java.io.IOException e) {
        throw new IllegalArgumentException("cannot record: " + e.getMessage(), e);
      }
      fx.execute(() -> recording.set(true));
      return text;
    });
  }

  public CompletableFuture<Boolean> stopRecording() {
    return run(() -> {
      String text = recorder.stop();
      fx.execute(() -> recording.set(false));
      return text;
    });
  }

  /** Copies the last recording to {@code target}; true once written (the message says either way). */
  public CompletableFuture<Boolean> saveRecording(java.nio.file.Path target) {
    return recorder.saveRecording(target, message::set);
  }

  /** Copies the last capture (pcap) to {@code target}; {@code replace}: the user agreed to replace it. */
  public CompletableFuture<Boolean> saveCapture(java.nio.file.Path target, boolean replace) {
    return recorder.saveCapture(target, replace, message::set);
  }

  /**
   * Opens a recording ({@code .blastrec}) on the replay timeline: its flows as cards with their
   * frame lanes, and the wire chart, as they were at the scrubber's time. A file that cannot be
   * read leaves what is shown as it is, and says why.
   */
  public CompletableFuture<Boolean> openRecording(java.nio.file.Path file) {
    return replay.open(recorder.files(), file, message::set, () -> {
      cards.clear();
      replaying.set(true);
    });
  }

  /** Leaves the replay: the cards and the chart are the live proxies' again. */
  public void closeReplay() {
    replay.close();
    replaying.set(false);
    cards.clear();
    shown = null;
    sample();
    message.set("Back to the live proxies.");
  }

  private void showReplay(ExternalFold fold, long t) {
    List<ExternalSnapshot.FlowView> flows = new java.util.ArrayList<>();
    for (io.blastradius.core.proxy.FlowInfo f : fold.flows()) flows.add(new ExternalSnapshot.FlowView("replay", f, fold.wire(f.id())));
    cards.show(flows, t, true);
    chart.set(new ChartFrame(fold.rates(), t));
  }

  /** Reads the registry into a new snapshot (background; the view's timer asks for it). */
  public void refresh() {
    ProxyRegistry r = session.registryIfStarted();
    if (r == null) return;
    published.set(ExternalSnapshot.of(r, session.now(), session.rates()));
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

  private ProxyRegistry registry() {
    return session.registry();
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
    if (recorder.recording()) {
      try {
        recorder.stop(); // the temporary files go at exit
      } catch (RuntimeException quitting) {
        // The executors are going away with the window: nothing left to offer for saving.
      }
    }
    session.close();
  }

  public StringProperty listenProperty() { return listen; }
  public StringProperty upstreamProperty() { return upstream; }
  public StringProperty apiAddressProperty() { return apiAddress; }
  public ReadOnlyStringProperty messageProperty() { return message.getReadOnlyProperty(); }
  public ReadOnlyStringProperty apiStatusProperty() { return apiStatus.getReadOnlyProperty(); }
  public ReadOnlyBooleanProperty apiRunningProperty() { return apiRunning.getReadOnlyProperty(); }
  public ObservableList<ExternalSnapshot.ProxyView> proxies() { return proxies; }
  public ObservableList<FlowCardModel> cards() { return cards.list(); }
  /** Intercept TLS for the next proxy added. */
  public BooleanProperty interceptProperty() { return intercept; }
  /** With Intercept TLS: the PEM certificate the upstream must present; empty: the JDK's CAs. */
  public StringProperty upstreamCaProperty() { return upstreamCa; }
  public ReadOnlyBooleanProperty recordingProperty() { return recording.getReadOnlyProperty(); }
  /** A recording is on the replay timeline (the cards and the chart are its). */
  public ReadOnlyBooleanProperty replayingProperty() { return replaying.getReadOnlyProperty(); }
  public ReadOnlyObjectProperty<ChartFrame> chartProperty() { return chart.getReadOnlyProperty(); }
  /** The last stopped recording (a temporary file), or null. */
  public ReadOnlyObjectProperty<java.nio.file.Path> lastRecordingProperty() { return recorder.lastRecordingProperty(); }
  /** The last stopped recording's capture (a temporary pcap), or null. */
  public ReadOnlyObjectProperty<java.nio.file.Path> lastCaptureProperty() { return recorder.lastCaptureProperty(); }
  /** The replay's timeline: scrubber position, end, play, pace. */
  public io.blastradius.gui.replay.ReplayViewModel replayTimeline() { return replay.timeline(); }
  /** Session time now (the clock of the proxies' events). */
  public long now() { return session.now(); }
}
