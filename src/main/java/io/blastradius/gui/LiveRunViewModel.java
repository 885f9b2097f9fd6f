package io.blastradius.gui;

import io.blastradius.core.live.LiveModel;
import io.blastradius.core.live.LiveSnapshot;
import io.blastradius.core.live.Totals;
import io.blastradius.core.run.RunConfig;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * The live run: starts and stops it, and once per pulse ({@link #tick}) samples its {@link
 * LiveModel} and hands the snapshot to the cards, the charts, the log and the status bar.
 *
 * <p>Threading: every method is called on the FX thread ({@code fx} in tests: any one thread).
 * Starting and stopping, which bind and close sockets, run on {@code background}; their results
 * come back through {@code fx} (one hop per start or end, never per event). Events go from the
 * run's I/O threads into the LiveModel only.
 */
public final class LiveRunViewModel {
  public enum RunState { IDLE, STARTING, RUNNING, STOPPING, FINISHED, FAILED }

  /** Keep sampling this long after a run ended, so late events and fades settle. */
  static final long SETTLE_NANOS = 6_000_000_000L;

  private final RunStarter starter;
  private final Executor background;
  private final Executor fx;
  private final ReadOnlyObjectWrapper<RunState> state = new ReadOnlyObjectWrapper<>(RunState.IDLE);
  private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("Ready. Pick a scenario and a policy, then Start (Ctrl+Enter).");
  private final ReadOnlyObjectWrapper<LiveSnapshot> snapshot = new ReadOnlyObjectWrapper<>(LiveSnapshot.EMPTY);
  private final ReadOnlyStringWrapper policyText = new ReadOnlyStringWrapper("-");
  private final ReadOnlyStringWrapper elapsedText = new ReadOnlyStringWrapper("0:00.0");
  private final ReadOnlyStringWrapper rateText = new ReadOnlyStringWrapper("0/s");
  private final ReadOnlyStringWrapper requestsText = new ReadOnlyStringWrapper("0");
  private final ReadOnlyStringWrapper failuresText = new ReadOnlyStringWrapper("0");
  private final ReadOnlyStringWrapper connectionsText = new ReadOnlyStringWrapper("0");
  private final CardsViewModel cards = new CardsViewModel();
  private final ChartsViewModel charts = new ChartsViewModel();
  private final LogViewModel log = new LogViewModel();
  private final BooleanBinding running;
  private final javafx.beans.property.ReadOnlyBooleanWrapper replaying = new javafx.beans.property.ReadOnlyBooleanWrapper();
  private String label = "";

  private LiveModel model;
  private RunHandle handle;
  private RunConfig config;
  private long endedAt = -1; // run time the run ended, -1 while running
  private long lastFolded = -1, lastNow;
  private CompletableFuture<LiveSnapshot> finished;
  private int generation; // ignores callbacks of an earlier run

  public LiveRunViewModel(RunStarter starter, Executor background, Executor fx) {
    this.starter = starter;
    this.background = background;
    this.fx = fx;
    running = Bindings.createBooleanBinding(
        () -> state.get() == RunState.STARTING || state.get() == RunState.RUNNING || state.get() == RunState.STOPPING,
        state);
  }

  /**
   * Starts a run of {@code config}. Returns a future completed on the FX thread with the final
   * snapshot when the run ends (exceptionally if it could not start).
   */
  public CompletableFuture<LiveSnapshot> start(RunConfig cfg) {
    return begin(cfg, cfg.policy() + " · " + cfg.scenario() + " · " + Fmt.count(cfg.load().requests()) + " requests",
        false, m -> starter.start(cfg, m));
  }

  /**
   * Plays a recording ({@code .blastrec}) through the same view: read off the FX thread, then fed
   * at {@code speed} times its recorded pace ({@link ReplayRun#INSTANT}: all at once).
   */
  public CompletableFuture<LiveSnapshot> replay(java.nio.file.Path file, double speed) {
    String name = file.getFileName() == null ? file.toString() : file.getFileName().toString();
    String pace = speed == ReplayRun.INSTANT ? "" : " at " + Fmt.decimal(speed, 0) + "×";
    return begin(null, "recording " + name + pace, true, m -> {
      io.blastradius.core.record.Recording rec = io.blastradius.core.record.RecordingReader.readLenient(file);
      return new ReplayRun(rec.events(), m, speed);
    });
  }

  private interface Opener {
    RunHandle open(LiveModel sink) throws Exception;
  }

  private CompletableFuture<LiveSnapshot> begin(RunConfig cfg, String what, boolean replay, Opener opener) {
    if (running.get()) {
      return CompletableFuture.failedFuture(new IllegalStateException("a run is already going"));
    }
    int gen = ++generation;
    config = cfg;
    label = what;
    replaying.set(replay);
    LiveModel m = new LiveModel();
    model = m;
    handle = null;
    endedAt = -1;
    lastFolded = -1;
    cards.clear();
    charts.clear();
    log.attach(m);
    snapshot.set(LiveSnapshot.EMPTY);
    finished = new CompletableFuture<>();
    CompletableFuture<LiveSnapshot> result = finished;
    state.set(RunState.STARTING);
    policyText.set(cfg == null ? "" : cfg.policy().toString());
    message.set((replay ? "Opening " : "Starting ") + what + "…");
    background.execute(() -> {
      RunHandle h;
      try {
        h = opener.open(m);
      } catch (Exception | LinkageError e) {
        fx.execute(() -> failed(gen, e));
        return;
      }
      fx.execute(() -> started(gen, h));
    });
    return result;
  }

  private void started(int gen, RunHandle h) {
    if (gen != generation) {
      background.execute(h::stop); // superseded while starting
      return;
    }
    handle = h;
    boolean stopAsked = state.get() == RunState.STOPPING;
    state.set(stopAsked ? RunState.STOPPING : RunState.RUNNING);
    message.set((replaying.get() ? "Replaying " : "Running ") + label);
    h.done().whenComplete((v, err) -> fx.execute(() -> ended(gen, err)));
    if (stopAsked) background.execute(h::stop);
  }

  private void failed(int gen, Throwable e) {
    if (gen != generation) return;
    state.set(RunState.FAILED);
    String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    message.set((replaying.get() ? "Could not open the recording: " : "Could not start the run: ") + why);
    finished.completeExceptionally(e);
  }

  private void ended(int gen, Throwable err) {
    if (gen != generation) return;
    endedAt = handle.now();
    LiveSnapshot s = sample(0, true);
    state.set(RunState.FINISHED);
    Totals t = s.totals();
    String who = replaying.get() ? "replay of " + label + " (" + s.policy() + " · " + s.scenario() + ")"
        : config.policy().toString();
    message.set((err == null ? "Finished " : "Ended with an error (" + err.getMessage() + ") ")
        + who + ": " + Fmt.count(t.requests()) + " requests, " + Fmt.count(t.failed())
        + " failed, " + Fmt.count(t.unplugs()) + " unplugs.");
    finished.complete(s);
  }

  /** Stops the current run (off the FX thread); the end is reported as usual. */
  public void stop() {
    RunState st = state.get();
    if (st == RunState.STARTING) {
      state.set(RunState.STOPPING);
      message.set("Stopping once started…");
      return;
    }
    if (st != RunState.RUNNING || handle == null) return;
    state.set(RunState.STOPPING);
    message.set("Stopping…");
    RunHandle h = handle;
    background.execute(h::stop);
  }

  /** Unplugs the card's flow, or replugs it if unplugged. Never waits for the proxy. */
  public void toggleUnplug(CardViewModel c) {
    if (c == null) return;
    fault(c, c.unpluggedProperty().get() ? RunHandle::replug : RunHandle::unplug,
        c.unpluggedProperty().get() ? "replug" : "unplug");
  }

  /** Resets (TCP RST) the card's flow. */
  public void reset(CardViewModel c) {
    if (c == null) return;
    fault(c, RunHandle::reset, "reset");
  }

  public void toggleUnplugSelected() {
    toggleUnplug(cards.selectedProperty().get());
  }

  private interface FaultCall {
    CompletableFuture<Void> apply(RunHandle h, int flowId);
  }

  private void fault(CardViewModel c, FaultCall call, String what) {
    RunHandle h = handle;
    int flow = c.flowId();
    if (replaying.get()) {
      message.set("This is a recording: its flows cannot be unplugged, replugged or reset.");
      return;
    }
    if (h == null || flow == 0 || !c.faultableProperty().get() || state.get() != RunState.RUNNING) {
      message.set("Cannot " + what + " connection #" + c.connId() + ": its flow is not open in a running run.");
      return;
    }
    c.setPending(true);
    int gen = generation;
    CompletableFuture<Void> f;
    try {
      f = call.apply(h, flow);
    } catch (RuntimeException e) {
      f = CompletableFuture.failedFuture(e);
    }
    f.whenComplete((v, err) -> {
      if (err != null) {
        fx.execute(() -> {
          c.setPending(false);
          if (gen == generation) message.set("Could not " + what + " flow " + flow + ": " + err.getMessage());
        });
      }
      // On success the FlowFaulted event clears "pending" when the snapshot shows it.
    });
  }

  /**
   * Once per pulse: samples the model and updates everything shown. {@code fxNanos} is the
   * pulse's time (AnimationTimer's {@code now}); it only paces the charts and the log.
   */
  public void tick(long fxNanos) {
    if (model == null || handle == null && state.get() != RunState.FINISHED) return;
    if (endedAt >= 0 && lastNow > endedAt + SETTLE_NANOS) return; // settled: the picture stays
    sample(fxNanos, false);
  }

  private LiveSnapshot sample(long fxNanos, boolean force) {
    long now = handle.now();
    LiveSnapshot s = model.snapshot(now);
    lastNow = now;
    snapshot.set(s);
    cards.update(s, force ? Long.MIN_VALUE : fxNanos);
    charts.update(s, force ? Long.MAX_VALUE / 2 : fxNanos);
    log.update(s, force ? Long.MAX_VALUE / 2 : fxNanos);
    if (s.folded() != lastFolded || force) {
      lastFolded = s.folded();
      Totals t = s.totals();
      Fx.set(requestsText, Fmt.count(t.requests()) + " (ok " + Fmt.count(t.ok()) + ")");
      Fx.set(failuresText, Fmt.count(t.failed()));
      Fx.set(connectionsText, Integer.toString(t.openConnections()));
    }
    Fx.set(rateText, Fmt.rate(s.totals().requestsPerSecond()));
    Fx.set(elapsedText, Fmt.clock(endedAt >= 0 ? Math.min(now, endedAt) : now));
    return s;
  }

  /** For commands that take the current run's numbers (the demo's captions). */
  public <T> T withSnapshot(Function<LiveSnapshot, T> f) {
    return f.apply(snapshot.get());
  }

  /** The running run's configuration; null for a replay. */
  public RunConfig config() { return config; }
  /** What is shown is a recording, not a run: flows cannot be changed. */
  public javafx.beans.property.ReadOnlyBooleanProperty replayingProperty() { return replaying.getReadOnlyProperty(); }
  public CardsViewModel cards() { return cards; }
  public ChartsViewModel charts() { return charts; }
  public LogViewModel log() { return log; }
  public BooleanBinding runningBinding() { return running; }
  public ReadOnlyObjectProperty<RunState> stateProperty() { return state.getReadOnlyProperty(); }
  public ReadOnlyStringProperty messageProperty() { return message.getReadOnlyProperty(); }
  public ReadOnlyObjectProperty<LiveSnapshot> snapshotProperty() { return snapshot.getReadOnlyProperty(); }
  public ReadOnlyStringProperty policyTextProperty() { return policyText.getReadOnlyProperty(); }
  public ReadOnlyStringProperty elapsedTextProperty() { return elapsedText.getReadOnlyProperty(); }
  public ReadOnlyStringProperty rateTextProperty() { return rateText.getReadOnlyProperty(); }
  public ReadOnlyStringProperty requestsTextProperty() { return requestsText.getReadOnlyProperty(); }
  public ReadOnlyStringProperty failuresTextProperty() { return failuresText.getReadOnlyProperty(); }
  public ReadOnlyStringProperty connectionsTextProperty() { return connectionsText.getReadOnlyProperty(); }

  /** Reports a problem found before starting (bad form values). */
  void report(String text) {
    message.set(text);
  }
}
