package io.blastradius.gui;

import io.blastradius.core.live.LiveModel;
import io.blastradius.core.live.LiveSnapshot;
import io.blastradius.core.live.Totals;
import io.blastradius.core.run.RunConfig;
import io.blastradius.core.event.EventSink;
import io.blastradius.core.record.Recording;
import io.blastradius.core.record.RecordingReader;
import io.blastradius.core.record.RecordingWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.CompletableFuture;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
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

  /** Events a recording may have to open on the replay timeline (about 250 MB held). */
  static final int MAX_REPLAY_EVENTS = 5_000_000;

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
  private final Recorder recorder;
  private java.util.function.Consumer<Path> missing = p -> {};
  private java.util.function.Consumer<Path> saved = p -> {};
  private final ReadOnlyStringWrapper openError = new ReadOnlyStringWrapper();
  private final ReadOnlyObjectWrapper<Path> lastRunRecording = new ReadOnlyObjectWrapper<>();
  // Replay mode: the timeline, the fold shown, and the scrubber (run-time seconds).
  private ReplayTimeline timeline;
  private ReplayTimeline.Fold fold;
  private boolean folding;
  private long lastPulse = Long.MIN_VALUE;
  private int openGeneration;
  private final DoubleProperty replayPosition = new SimpleDoubleProperty();
  private final ReadOnlyDoubleWrapper replayEnd = new ReadOnlyDoubleWrapper();
  private final DoubleProperty replaySpeed = new SimpleDoubleProperty(10);
  private final BooleanProperty playing = new SimpleBooleanProperty();
  private final ObservableList<ReplayTimeline.Unplug> unplugMarks = FXCollections.observableArrayList();

  private LiveModel model;
  private RunHandle handle;
  private RunConfig config;
  private long endedAt = -1; // run time the run ended, -1 while running
  private long lastFolded = -1, lastNow;
  private CompletableFuture<LiveSnapshot> finished;
  private int generation; // ignores callbacks of an earlier run

  public LiveRunViewModel(RunStarter starter, Executor background, Executor fx) {
    this(starter, background, fx, Recorder.NONE);
  }

  /** {@code recorder}: where live runs are recorded as they go (for Save recording…). */
  public LiveRunViewModel(RunStarter starter, Executor background, Executor fx, Recorder recorder) {
    this.recorder = recorder;
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
        false, m -> {
          RecordingWriter w = recorder.open(cfg);
          try {
            RunHandle h = starter.start(cfg, w == null ? m : EventSink.tee(m, w));
            if (w != null) h.done().whenComplete((v, err) -> background.execute(() -> finishRecording(w)));
            return h;
          } catch (Exception | LinkageError e) {
            if (w != null) background.execute(() -> finishRecording(w));
            throw e;
          }
        });
  }

  /**
   * Opens a recording ({@code .blastrec}) on the replay timeline: read off the FX thread, then
   * shown at time 0, paused. A file that cannot be read leaves whatever is shown as it is and
   * reports the problem (message and {@link #openErrorProperty}). A truncated file opens with the
   * events read intact, and says so. The future completes on the FX thread: true if opened.
   */
  public CompletableFuture<Boolean> openRecording(Path file, String name) {
    CompletableFuture<Boolean> result = new CompletableFuture<>();
    if (running.get()) {
      message.set("Stop the current run before opening a recording.");
      result.complete(false);
      return result;
    }
    int gen = ++openGeneration;
    message.set("Opening " + name + "…");
    background.execute(() -> {
      Recording rec;
      try {
        if (!Files.exists(file)) throw new NoSuchFileException(file.toString());
        rec = RecordingReader.readLenient(file, MAX_REPLAY_EVENTS); // the timeline keeps every event
      } catch (Exception | LinkageError e) {
        fx.execute(() -> {
          if (gen == openGeneration) openFailed(file, name, e);
          result.complete(false);
        });
        return;
      }
      fx.execute(() -> {
        if (gen != openGeneration || running.get()) {
          result.complete(false);
          return;
        }
        showRecording(rec, name);
        result.complete(true);
      });
    });
    return result;
  }

  private void openFailed(Path file, String name, Throwable e) {
    String why;
    if (e instanceof NoSuchFileException) why = file + " no longer exists";
    else why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    message.set("Could not open " + name + ": " + why + (timeline != null || model != null ? " (still showing what was open)" : ""));
    if (e instanceof NoSuchFileException) missing.accept(file); // may say more
    openError.set(null);
    openError.set("Could not open " + name + ":\n" + why);
  }

  /** Told the header of each recording shown (the window puts its settings in the form). */
  public void onRecordingShown(java.util.function.Consumer<io.blastradius.core.record.RecordingHeader> c) {
    recordingShown = c;
  }

  private java.util.function.Consumer<io.blastradius.core.record.RecordingHeader> recordingShown = h -> {};

  private void showRecording(Recording rec, String name) {
    recordingShown.accept(rec.header());
    generation++; // callbacks of an earlier run no longer apply
    config = null;
    label = "recording " + name;
    replaying.set(true);
    handle = null;
    endedAt = -1;
    timeline = new ReplayTimeline(rec.events());
    folding = false;
    playing.set(false);
    replayEnd.set(timeline.end() / 1e9);
    replayPosition.set(0);
    unplugMarks.setAll(timeline.unplugs());
    installFold(timeline.start(), Long.MIN_VALUE);
    state.set(RunState.FINISHED);
    policyText.set(rec.header().policy());
    String what = rec.header().policy() + " · " + rec.header().scenario() + ", " + Fmt.count(rec.events().size())
        + " events over " + Fmt.clock(timeline.end());
    message.set(rec.truncated()
        ? name + " is truncated (the file stops early): showing the " + Fmt.count(rec.events().size())
            + " events read intact. " + what + "."
        : "Replaying " + name + ": " + what + ". Play, or drag the timeline; red ticks are unplugs.");
  }

  /** Leaves replay mode (a live run starts). */
  private void closeReplay() {
    timeline = null;
    playing.set(false);
    folding = false;
    replaying.set(false);
    unplugMarks.clear();
  }

  /** Replay: play from where the scrubber is (from the start if at the end), or pause. */
  public void togglePlay() {
    if (timeline == null) return;
    if (!playing.get() && replayPosition.get() >= replayEnd.get()) replayPosition.set(0);
    lastPulse = Long.MIN_VALUE;
    playing.set(!playing.get());
  }

  /** Replay: moves the scrubber to just after an unplug. */
  public void jumpTo(ReplayTimeline.Unplug u) {
    playing.set(false);
    replayPosition.set(Math.min(replayEnd.get(), (u.t() + ReplayTimeline.AFTER_UNPLUG_NANOS) / 1e9));
  }

  /**
   * Replay, once per pulse: advances a playing timeline, then, if the scrubber moved since the last
   * fold and no fold is under way, folds to it off the FX thread. However often the scrubber
   * moves, a pulse starts at most one fold; the picture shows the last finished one.
   */
  private void tickReplay(long fxNanos) {
    if (playing.get()) {
      if (lastPulse != Long.MIN_VALUE) {
        double next = replayPosition.get() + (fxNanos - lastPulse) / 1e9 * replaySpeed.get();
        if (next >= replayEnd.get()) {
          next = replayEnd.get();
          playing.set(false);
        }
        replayPosition.set(next);
      }
      lastPulse = fxNanos;
    } else {
      lastPulse = Long.MIN_VALUE;
    }
    long target = Math.round(replayPosition.get() * 1e9);
    if (!folding && target != fold.t()) {
      folding = true;
      ReplayTimeline tl = timeline;
      ReplayTimeline.Fold from = fold;
      int gen = generation;
      background.execute(() -> {
        ReplayTimeline.Fold f = tl.fold(from, target);
        fx.execute(() -> {
          if (gen != generation || tl != timeline) return;
          folding = false;
          installFold(f, fxNanos);
        });
      });
    }
    // Charts and log pace themselves: offer them the shown state every pulse.
    LiveSnapshot s = snapshot.get();
    charts.update(s, fxNanos);
    log.update(s, fxNanos);
  }

  private void installFold(ReplayTimeline.Fold f, long fxNanos) {
    if (fold == null || f.model() != model) {
      model = f.model();
      cards.clear();
      charts.clear();
      log.attach(model);
    }
    fold = f;
    LiveSnapshot s = f.snapshot();
    snapshot.set(s);
    cards.update(s, Long.MIN_VALUE);
    charts.update(s, fxNanos == Long.MIN_VALUE ? 0 : fxNanos);
    log.update(s, fxNanos == Long.MIN_VALUE ? 0 : fxNanos);
    Totals t = s.totals();
    Fx.set(requestsText, Fmt.count(t.requests()) + " (ok " + Fmt.count(t.ok()) + ")");
    Fx.set(failuresText, Fmt.count(t.failed()));
    Fx.set(connectionsText, Integer.toString(t.openConnections()));
    Fx.set(rateText, Fmt.rate(t.requestsPerSecond()));
    Fx.set(elapsedText, Fmt.clock(Math.max(0, f.t())) + " / " + Fmt.clock(timeline.end()));
  }

  private interface Opener {
    RunHandle open(LiveModel sink) throws Exception;
  }

  private CompletableFuture<LiveSnapshot> begin(RunConfig cfg, String what, boolean replay, Opener opener) {
    if (running.get()) {
      return CompletableFuture.failedFuture(new IllegalStateException("a run is already going"));
    }
    int gen = ++generation;
    openGeneration++; // a recording still being read no longer opens
    closeReplay();
    fold = null;
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

  /** Background: closes a live run's recording; it becomes what Save recording… saves. */
  private void finishRecording(RecordingWriter w) {
    boolean ok;
    try {
      w.close();
      ok = true;
    } catch (IOException e) {
      ok = false;
    }
    boolean saved = ok;
    fx.execute(() -> {
      if (!saved) {
        lastRunRecording.set(null);
        return;
      }
      Path old = lastRunRecording.get();
      lastRunRecording.set(w.file());
      if (old != null && !old.equals(w.file())) background.execute(() -> recorder.discard(old));
    });
  }

  /**
   * Saves the last live run's recording to {@code target} (a copy, off the FX thread). The future
   * completes on the FX thread with the target, or null if there was nothing to save or it failed
   * (the message says why).
   */
  public CompletableFuture<Path> saveRecording(Path target) {
    CompletableFuture<Path> result = new CompletableFuture<>();
    Path src = lastRunRecording.get();
    if (src == null) {
      message.set("Nothing to save yet: the recording of a live run is ready once it has ended.");
      result.complete(null);
      return result;
    }
    message.set("Saving the recording to " + target + "…");
    background.execute(() -> {
      try {
        Files.copy(src, target, StandardCopyOption.REPLACE_EXISTING);
        fx.execute(() -> {
          message.set("Saved the last run's recording to " + target + ".");
          saved.accept(target);
          result.complete(target);
        });
      } catch (IOException | RuntimeException e) {
        fx.execute(() -> {
          message.set("Could not save the recording to " + target + ": " + e.getMessage());
          openError.set(null);
          openError.set("Could not save the recording to " + target + ":\n" + e.getMessage());
          result.complete(null);
        });
      }
    });
    return result;
  }

  /** Stops the current run (off the FX thread); the end is reported as usual. */
  public void stop() {
    if (timeline != null) playing.set(false);
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
    if (timeline != null) {
      tickReplay(fxNanos);
      return;
    }
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

  /** Replay: the scrubber's position in run-time seconds (the slider's value). */
  public DoubleProperty replayPositionProperty() { return replayPosition; }
  /** Replay: the recording's last event time, in seconds. */
  public ReadOnlyDoubleProperty replayEndProperty() { return replayEnd.getReadOnlyProperty(); }
  /** Replay pace: a multiple of the recorded pace (1, 10, 100). */
  public DoubleProperty replaySpeedProperty() { return replaySpeed; }
  public BooleanProperty playingProperty() { return playing; }
  /** Replay: the unplugs on the timeline, for its markers. */
  public ObservableList<ReplayTimeline.Unplug> unplugMarks() { return unplugMarks; }
  /** Set (after a null) each time a file cannot be opened or saved: the text of a dialog. */
  public ReadOnlyStringProperty openErrorProperty() { return openError.getReadOnlyProperty(); }
  /** The last ended live run's recording (a temporary file), or null. */
  public ReadOnlyObjectProperty<Path> lastRunRecordingProperty() { return lastRunRecording.getReadOnlyProperty(); }
  /** Run time shown by the replay (nanoseconds), or -1 before the first fold. */
  long replayShownT() { return fold == null ? -1 : fold.t(); }
  /** A replay fold is under way off the FX thread. */
  boolean replayFolding() { return folding; }

  void onMissingFile(java.util.function.Consumer<Path> c) { missing = c; }
  void onSaved(java.util.function.Consumer<Path> c) { saved = c; }

  /** Reports a problem found before starting (bad form values). */
  void report(String text) {
    message.set(text);
  }
}
