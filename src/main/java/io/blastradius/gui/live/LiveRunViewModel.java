package io.blastradius.gui.live;

import io.blastradius.core.live.LiveModel;
import io.blastradius.core.live.LiveSnapshot;
import io.blastradius.core.record.Recording;
import io.blastradius.core.record.RecordingHeader;
import io.blastradius.core.run.RunConfig;
import io.blastradius.core.score.Scorecard;
import io.blastradius.gui.charts.ChartsViewModel;
import io.blastradius.gui.common.Fmt;
import io.blastradius.gui.common.RunHandle;
import io.blastradius.gui.common.RunStarter;
import io.blastradius.gui.log.LogViewModel;
import io.blastradius.gui.replay.RecordingFiles;
import io.blastradius.gui.replay.ReplayTimeline;
import io.blastradius.gui.replay.ReplayViewModel;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.ObjectBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.collections.ObservableList;

/**
 * What the Live tab shows: a live run (started, stopped, its flows faulted) or a recording on the
 * replay timeline ({@link ReplayViewModel}). This decides which; {@link LiveScreen} puts it on
 * screen once per pulse ({@link #tick}): cards, charts and timeline, log, status texts
 * ({@link StatusTexts}), scorecard. Runs are recorded and captured as they go by
 * {@link RecordedRuns}; files are {@link RecordingFiles}' and {@link FileCommands}'; the cards'
 * fault commands {@link FaultCommands}'.
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
  private final RunStarter simulated = new io.blastradius.gui.common.SimRunStarter();
  private final Executor background;
  private final Executor fx;
  private final Recorder recorder;
  private final ReadOnlyObjectWrapper<RunState> state = new ReadOnlyObjectWrapper<>(RunState.IDLE);
  /** What is shown: snapshot, cards, charts, log, status texts, scorecard. */
  private final LiveScreen screen = new LiveScreen();
  private final ReadOnlyObjectWrapper<Path> openedFile = new ReadOnlyObjectWrapper<>();
  private final StatusTexts status = screen.status;
  private final CardsViewModel cards = screen.cards;
  private final LogViewModel log = screen.log;
  private final ReplayViewModel replay;
  private final RecordingFiles files;
  private final FileCommands fileCommands;
  private final CaptureFiles captures;
  private final FaultCommands faults;
  private final RecordingOpener opener;
  private final BooleanBinding running;
  private final ObjectBinding<Path> exportable;
  private Consumer<Path> missing = p -> {};
  private Consumer<Path> saved = p -> {};
  private Consumer<RecordingHeader> recordingShown = h -> {};

  private String label = "";
  private RunHandle handle;
  private RunConfig config;
  private long endedAt = -1; // run time the run ended, -1 while running
  private long lastNow;
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
    this.files = new RecordingFiles(background, fx, recorder::discard);
    this.fileCommands = new FileCommands(files, status, p -> saved.accept(p));
    this.captures = new CaptureFiles(background, fx, recorder::discard);
    this.replay = new ReplayViewModel(background, fx, new ReplayViewModel.Shown() {
      @Override
      public void install(ReplayTimeline.Fold f, long fxNanos) {
        screen.install(f, fxNanos, replay.endNanos());
      }

      @Override
      public void pulse(ReplayTimeline.Fold f, long fxNanos) {
        screen.pulse(f, fxNanos);
      }
    });
    running = Bindings.createBooleanBinding(
        () -> state.get() == RunState.STARTING || state.get() == RunState.RUNNING || state.get() == RunState.STOPPING,
        state);
    exportable = Bindings.createObjectBinding(
        () -> replay.openProperty().get() ? openedFile.get()
            : state.get() == RunState.FINISHED ? files.lastRunRecordingProperty().get() : null,
        replay.openProperty(), openedFile, state, files.lastRunRecordingProperty());
    this.faults = new FaultCommands(() -> state.get() == RunState.RUNNING ? handle : null,
        replay::isOpen, () -> generation, status, fx);
    this.opener = new RecordingOpener(files, status, fileCommands, running::get,
        () -> replay.isOpen() || screen.model() != null, p -> missing.accept(p), this::showRecording);
  }

  // ------------------------------------------------------------------ live runs

  /**
   * Starts a run of {@code cfg}. Returns a future completed on the FX thread with the final
   * snapshot when the run ends (exceptionally if it could not start).
   */
  public CompletableFuture<LiveSnapshot> start(RunConfig cfg) {
    return start(cfg, io.blastradius.core.run.Engine.REAL);
  }

  /**
   * As {@link #start(RunConfig)} on the given engine: {@link io.blastradius.core.run.Engine#SIM}
   * runs the config in virtual time ({@link io.blastradius.gui.common.SimRunStarter}), so the run
   * is over at once and the view shows its whole story, the same every time.
   */
  public CompletableFuture<LiveSnapshot> start(RunConfig asked, io.blastradius.core.run.Engine engine) {
    boolean sim = engine == io.blastradius.core.run.Engine.SIM;
    RunStarter runs = sim ? simulated : starter;
    // The simulation carries no bytes: the form's Decode the wire does not apply to it.
    RunConfig cfg = sim ? asked.withWire(asked.wire().withDecode(false)) : asked;
    if (running.get()) {
      return CompletableFuture.failedFuture(new IllegalStateException("a run is already going"));
    }
    int gen = ++generation;
    opener.supersede(); // a recording still being read no longer opens
    replay.close();
    openedFile.set(null);
    config = cfg;
    label = cfg.policy() + " · " + cfg.scenario() + " · " + Fmt.count(cfg.load().requests()) + " requests"
        + (engine == io.blastradius.core.run.Engine.SIM ? " · simulated (virtual time)" : "");
    LiveModel m = new LiveModel();
    handle = null;
    endedAt = -1;
    screen.begin(m);
    finished = new CompletableFuture<>();
    CompletableFuture<LiveSnapshot> result = finished;
    state.set(RunState.STARTING);
    screen.policyText.set(cfg.policy().toString());
    status.say("Starting " + label + "…");
    background.execute(() -> {
      RunHandle h;
      try {
        h = RecordedRuns.start(runs, cfg, m, recorder, files, captures);
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
    status.say("Running " + label);
    h.done().whenComplete((v, err) -> fx.execute(() -> ended(gen, err)));
    if (stopAsked) background.execute(h::stop);
  }

  private void failed(int gen, Throwable e) {
    if (gen != generation) return;
    state.set(RunState.FAILED);
    status.say("Could not start the run: " + FileCommands.why(e));
    finished.completeExceptionally(e);
  }

  private void ended(int gen, Throwable err) {
    if (gen != generation) return;
    endedAt = handle.now();
    LiveSnapshot s = sample(0, true);
    screen.scorecard.set(screen.model().scorecard(config.policy().toString()));
    state.set(RunState.FINISHED);
    status.ended(config.policy().toString(), s.totals(), err);
    finished.complete(s);
  }

  /** Stops the current run (off the FX thread); the end is reported as usual. */
  public void stop() {
    replay.playingProperty().set(false);
    RunState st = state.get();
    if (st == RunState.STARTING) {
      state.set(RunState.STOPPING);
      status.say("Stopping once started…");
      return;
    }
    if (st != RunState.RUNNING || handle == null) return;
    state.set(RunState.STOPPING);
    status.say("Stopping…");
    RunHandle h = handle;
    background.execute(h::stop);
  }

  /** Unplugs the card's flow, or replugs it if unplugged. Never waits for the proxy. */
  public void toggleUnplug(CardViewModel c) {
    faults.toggleUnplug(c);
  }

  /** Resets (TCP RST) the card's flow. */
  public void reset(CardViewModel c) {
    faults.reset(c);
  }

  public void toggleUnplugSelected() {
    faults.toggleUnplug(cards.selectedProperty().get());
  }

  /**
   * Once per pulse: samples the model and updates everything shown. {@code fxNanos} is the
   * pulse's time (AnimationTimer's {@code now}); it only paces the charts and the log.
   */
  public void tick(long fxNanos) {
    if (replay.isOpen()) {
      replay.tick(fxNanos);
      return;
    }
    if (screen.model() == null || handle == null) return;
    if (endedAt >= 0 && lastNow > endedAt + SETTLE_NANOS) {
      screen.settled(fxNanos);
      return;
    }
    sample(fxNanos, false);
  }

  private LiveSnapshot sample(long fxNanos, boolean force) {
    long now = handle.now();
    lastNow = now;
    return screen.sample(now, endedAt, fxNanos, force);
  }

  // ------------------------------------------------------------------ recordings

  /**
   * Opens a recording ({@code .blastrec}) on the replay timeline: read off the FX thread, then
   * shown at time 0, paused. A file that cannot be read leaves whatever is shown as it is and
   * reports the problem (message and {@link #openErrorProperty}). A truncated file opens with the
   * events read intact, and says so. The future completes on the FX thread: true if opened.
   */
  public CompletableFuture<Boolean> openRecording(Path file, String name) {
    return opener.open(file, name);
  }

  private void showRecording(Recording rec, Path file, String name) {
    recordingShown.accept(rec.header());
    generation++; // callbacks of an earlier run no longer apply
    config = null;
    handle = null;
    endedAt = -1;
    label = "recording " + name;
    screen.forget();
    openedFile.set(file);
    state.set(RunState.FINISHED);
    screen.policyText.set(rec.header().policy());
    replay.show(rec.events());
    status.replaying(rec, name, replay.endNanos());
  }

  /**
   * Saves the last live run's recording to {@code target} (a copy, off the FX thread). The future
   * completes on the FX thread with the target, or null if there was nothing to save or it failed
   * (the message says why).
   */
  public CompletableFuture<Path> saveRecording(Path target) {
    return fileCommands.save(target);
  }

  /**
   * Saves the last live run's packet capture (pcap) to {@code target}: a copy, off the FX thread.
   * {@code replace}: the user already agreed to replace an existing {@code target}; otherwise an
   * existing file is kept and the message says so. Completes on the FX thread with the target, or
   * null (and a message) when there is nothing to save or it failed.
   */
  public CompletableFuture<Path> saveCapture(Path target, boolean replace) {
    return fileCommands.saveCapture(captures, target, replace);
  }

  /** The last ended live run's capture (a temporary pcap), or null. */
  public ReadOnlyObjectProperty<Path> lastRunCaptureProperty() { return captures.lastRunCaptureProperty(); }

  /** Exports the shown run's recording as HAR 1.2; null (and a message) if there is none. */
  public CompletableFuture<Path> exportHar(Path target) {
    return fileCommands.har(exportable.get(), target);
  }

  /** Exports the shown scorecard as CSV; null (and a message) if no run has ended. */
  public CompletableFuture<Path> exportCsv(Path target) {
    return fileCommands.csv(screen.scorecard.get(), target);
  }

  /** Exports a comparison's scorecards as CSV, with the engine ({@code real}/{@code sim}) that made each. */
  public CompletableFuture<Path> exportCsv(List<Scorecard> cards, List<String> engines, Path target) {
    return fileCommands.csv(cards, engines, target);
  }

  /** Exports several scorecards (a comparison's) as CSV. */
  public CompletableFuture<Path> exportCsv(List<Scorecard> cards, Path target) {
    return fileCommands.csv(cards, target);
  }

  /** Writes an image (a snapshot taken by the view) as PNG. */
  public CompletableFuture<Path> exportPng(java.awt.image.BufferedImage image, Path target) {
    return fileCommands.png(image, target);
  }

  /** Reports a file problem: the message, and a dialog (the view shows {@link #openErrorProperty}). */
  public void problem(String what, String why) {
    fileCommands.problem(what, why);
  }

  // ------------------------------------------------------------------ replay commands

  /** Replay: play from where the scrubber is (from the start if at the end), or pause. */
  public void togglePlay() { replay.togglePlay(); }
  /** Replay: moves the scrubber to just after an unplug. */
  public void jumpTo(ReplayTimeline.Unplug u) { replay.jumpTo(u); }
  /** Replay: jumps to just after the next (+1) or previous (-1) fault. */
  public boolean jumpFault(int direction) { return replay.jumpFault(direction); }

  // ------------------------------------------------------------------ properties

  /** For commands that take the current run's numbers (the demo's captions). */
  public <T> T withSnapshot(Function<LiveSnapshot, T> f) {
    return f.apply(screen.snapshot.get());
  }

  /** The running run's configuration; null for a replay. */
  public RunConfig config() { return config; }
  public ReplayViewModel replay() { return replay; }
  public RecordingFiles files() { return files; }
  public StatusTexts status() { return status; }
  /** What is shown is a recording, not a run: flows cannot be changed. */
  public ReadOnlyBooleanProperty replayingProperty() { return replay.openProperty(); }
  public CardsViewModel cards() { return cards; }
  public ChartsViewModel charts() { return screen.charts; }
  public LogViewModel log() { return log; }
  public BooleanBinding runningBinding() { return running; }
  public ReadOnlyObjectProperty<RunState> stateProperty() { return state.getReadOnlyProperty(); }
  public ReadOnlyStringProperty messageProperty() { return status.messageProperty(); }
  public ReadOnlyObjectProperty<LiveSnapshot> snapshotProperty() { return screen.snapshot.getReadOnlyProperty(); }
  public ReadOnlyStringProperty policyTextProperty() { return screen.policyText.getReadOnlyProperty(); }
  public ReadOnlyStringProperty elapsedTextProperty() { return status.elapsedProperty(); }
  public ReadOnlyStringProperty rateTextProperty() { return status.rateProperty(); }
  public ReadOnlyStringProperty requestsTextProperty() { return status.requestsProperty(); }
  public ReadOnlyStringProperty failuresTextProperty() { return status.failuresProperty(); }
  public ReadOnlyStringProperty connectionsTextProperty() { return status.connectionsProperty(); }
  /** The scorecard of the run shown, once it ended (a replay: once at its end); else null. */
  public ReadOnlyObjectProperty<Scorecard> scorecardProperty() { return screen.scorecard.getReadOnlyProperty(); }
  /** The recording a HAR export would read: the open recording, or the ended live run's; else null. */
  public ObjectBinding<Path> exportableRecordingProperty() { return exportable; }

  /** Replay: the scrubber's position in run-time seconds (the slider's value). */
  public DoubleProperty replayPositionProperty() { return replay.positionProperty(); }
  /** Replay: the recording's last event time, in seconds. */
  public ReadOnlyDoubleProperty replayEndProperty() { return replay.endProperty(); }
  /** Replay pace: a multiple of the recorded pace. */
  public DoubleProperty replaySpeedProperty() { return replay.speedProperty(); }
  public BooleanProperty playingProperty() { return replay.playingProperty(); }
  /** Replay: the unplugs on the timeline, for its markers. */
  public ObservableList<ReplayTimeline.Unplug> unplugMarks() { return replay.unplugMarks(); }
  /** Set (after a null) each time a file cannot be opened or saved: the text of a dialog. */
  public ReadOnlyStringProperty openErrorProperty() { return fileCommands.errorProperty(); }
  /** The last ended live run's recording (a temporary file), or null. */
  public ReadOnlyObjectProperty<Path> lastRunRecordingProperty() { return files.lastRunRecordingProperty(); }
  /** Run time shown by the replay (nanoseconds), or -1 before the first fold. */
  public long replayShownT() { return replay.shownT(); }
  /** A replay fold is under way off the FX thread. */
  public boolean replayFolding() { return replay.folding(); }

  /** Told the header of each recording shown (the window puts its settings in the form). */
  public void onRecordingShown(Consumer<RecordingHeader> c) { recordingShown = c; }
  public void onMissingFile(Consumer<Path> c) { missing = c; }
  public void onSaved(Consumer<Path> c) { saved = c; }

  /** Reports a problem found before starting (bad form values). */
  public void report(String text) {
    status.say(text);
  }
}
