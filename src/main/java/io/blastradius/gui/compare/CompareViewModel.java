package io.blastradius.gui.compare;

import io.blastradius.gui.common.Fmt;
import io.blastradius.gui.common.Fx;
import io.blastradius.gui.common.RunHandle;
import io.blastradius.gui.common.RunStarter;
import io.blastradius.gui.common.SimRunStarter;
import io.blastradius.gui.form.RunForm;
import io.blastradius.gui.form.SettingsViewModel;

import io.blastradius.core.event.Event;
import io.blastradius.core.event.EventSink;
import io.blastradius.core.live.LiveModel;
import io.blastradius.core.live.SeriesView;
import io.blastradius.core.policy.PolicyInfo;
import io.blastradius.core.run.Engine;
import io.blastradius.core.run.RunConfig;
import io.blastradius.core.sim.SimRun;
import io.blastradius.core.score.Scorecard;
import io.blastradius.core.score.ScoringSink;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * Runs one scenario over several policies, one after another on a background thread, and collects
 * each run's scorecard and cumulative-failure curve.
 *
 * <p>Threading: public methods on the FX thread. The comparison loop runs on {@code background};
 * it publishes progress through an {@link AtomicReference} that {@link #tick} reads once per pulse
 * (JavaFX's Task.updateProgress pattern) and posts one result per finished policy through
 * {@code fx}.
 */
public final class CompareViewModel {
  /** A policy in the pick list. */
  public static final class Choice {
    private final PolicyInfo info;
    private final BooleanProperty selected = new SimpleBooleanProperty();

    Choice(PolicyInfo info, boolean on) {
      this.info = info;
      selected.set(on);
    }

    public String id() { return info.id(); }
    public String help() { return info.help() + "\nModels: " + info.models(); }
    public BooleanProperty selectedProperty() { return selected; }

    @Override
    public String toString() {
      return info.id();
    }
  }

  /**
   * One policy's run: its scorecard, per-second series and request timeline (for the curves), and
   * the engine that made it (real sockets, or the simulation in virtual time).
   */
  public record Result(Scorecard score, SeriesView series, io.blastradius.core.live.LanesView lanes, Engine engine) {
    public Result(Scorecard score, SeriesView series, io.blastradius.core.live.LanesView lanes) {
      this(score, series, lanes, Engine.REAL);
    }

    public Result(Scorecard score, SeriesView series) {
      this(score, series, null);
    }
  }

  /** How the window names an engine, in the Engine choice and above the scorecards. */
  public static String engineName(Engine e) {
    return e == Engine.SIM ? "Simulated" : "Real";
  }

  private record Progress(String policy, int index, int of, long requests, LongAdder finished) {}

  private final RunStarter starter;
  private final RunStarter simulated;
  private final ObjectProperty<Engine> engine = new SimpleObjectProperty<>(Engine.REAL);
  private final BooleanProperty withRealClients = new SimpleBooleanProperty();
  private final Scorer scorer;
  private final Executor background;
  private final Executor fx;
  private final ObservableList<Choice> choices = FXCollections.observableArrayList();
  private final ObservableList<Result> results = FXCollections.observableArrayList();
  private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper();
  private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(0);
  private final ReadOnlyStringWrapper progressText = new ReadOnlyStringWrapper("Pick policies and press Run comparison.");
  private final AtomicReference<Progress> current = new AtomicReference<>();
  private volatile RunHandle currentHandle;
  private volatile boolean cancelled;

  /** Real runs on {@code starter}, simulated ones on {@link SimRunStarter}. */
  public CompareViewModel(RunStarter starter, Scorer scorer, Executor background, Executor fx) {
    this(starter, new SimRunStarter(), scorer, background, fx);
  }

  /** {@code simulated}: what runs a comparison when the Engine choice is {@link Engine#SIM}. */
  public CompareViewModel(RunStarter starter, RunStarter simulated, Scorer scorer, Executor background, Executor fx) {
    this.starter = starter;
    this.simulated = simulated;
    // Real client libraries need sockets: choosing the simulation unticks them (the box is then
    // disabled in the view, and a ticked, disabled box could not be unticked).
    engine.addListener((o, was, now) -> {
      if (now == Engine.SIM) withRealClients.set(false);
    });
    this.scorer = scorer;
    this.background = background;
    this.fx = fx;
    for (PolicyInfo p : SettingsViewModel.policies()) {
      choices.add(new Choice(p, p.id().equals("h1") || p.id().equals("h2-naive")));
    }
  }

  public List<String> selectedIds() {
    return choices.stream().filter(c -> c.selectedProperty().get()).map(Choice::id).toList();
  }

  public void select(List<String> ids) {
    for (Choice c : choices) c.selectedProperty().set(ids.contains(c.id()));
  }

  /** Runs {@code scenario} under each selected policy; results replace the previous ones. */
  public void run(RunForm scenario) {
    if (running.get()) return;
    List<String> ids = selectedIds();
    if (ids.isEmpty()) {
      progressText.set("Select at least one policy.");
      return;
    }
    Engine eng = engine.get();
    if (withRealClients.get() && eng == Engine.SIM) {
      progressText.set("Cannot compare: real client libraries need the Real engine (the simulation runs the product's"
          + " pool under a policy).");
      return;
    }
    if (scenario.tls() && eng == Engine.SIM) {
      progressText.set("Cannot compare: TLS needs the Real engine (the simulated network carries no bytes to"
          + " encrypt). Untick TLS in the form or choose Real.");
      return;
    }
    List<RunConfig> configs = new ArrayList<>();
    try {
      for (String id : ids) {
        RunConfig model = scenario.withPolicy(id).toRunConfig();
        // The simulation carries no bytes: the form's Decode the wire does not apply to it.
        if (eng == Engine.SIM) model = model.withWire(model.wire().withDecode(false));
        configs.add(model);
        if (withRealClients.get()) {
          // The client the model names, right after it, on the same scenario: the fidelity pair.
          for (String client : RealClientPairs.clientsFor(model.policy())) {
            configs.add(scenario.withPolicy(client).toRunConfig());
          }
        }
      }
      // Everything is checked before the first run: a bad choice costs no finished run.
      if (eng == Engine.SIM) for (RunConfig c : configs) SimRun.checkSupported(c);
    } catch (IllegalArgumentException e) {
      progressText.set("Cannot compare: " + e.getMessage());
      return;
    }
    results.clear();
    cancelled = false;
    running.set(true);
    progress.set(0);
    progressText.set("Starting…");
    RunStarter runs = eng == Engine.SIM ? simulated : starter;
    background.execute(() -> loop(configs, runs, eng));
  }

  private void loop(List<RunConfig> configs, RunStarter runs, Engine eng) {
    String error = null;
    int done = 0;
    for (int i = 0; i < configs.size() && !cancelled; i++) {
      RunConfig cfg = configs.get(i);
      String policy = cfg.policy().toString();
      LongAdder finished = new LongAdder();
      current.set(new Progress(policy, i, configs.size(), cfg.load().requests(), finished));
      // Folds, not a list of events: the scorecard and the curve are computed as the run streams.
      ScoringSink score = scorer.fold();
      LiveModel curve = new LiveModel();
      LongAccumulator end = new LongAccumulator(Math::max, 0);
      EventSink counter = e -> {
        end.accumulate(e.t());
        if (e instanceof Event.RequestFinished) finished.increment();
      };
      try {
        RunHandle h = runs.start(cfg, EventSink.tee(score, curve, counter));
        currentHandle = h;
        if (cancelled) h.stop();
        h.done().get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        error = "interrupted";
        break;
      } catch (Exception | LinkageError e) {
        Throwable c = e.getCause() != null && e instanceof java.util.concurrent.ExecutionException ? e.getCause() : e;
        error = policy + ": " + (c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage());
        break;
      } finally {
        currentHandle = null;
      }
      Scorecard row = score.result(policy);
      SeriesView series = curve.snapshot(end.get()).series();
      Result r = new Result(row, series, curve.lanes(), eng);
      done++;
      fx.execute(() -> results.add(r));
    }
    current.set(null);
    String err = error;
    int n = done;
    fx.execute(() -> {
      running.set(false);
      progress.set(err == null && !cancelled ? 1 : progress.get());
      progressText.set(err != null ? "Comparison stopped: " + err
          : cancelled ? "Comparison cancelled after " + n + " run(s)."
          : "Done: " + n + " policies on the same scenario" + (eng == Engine.SIM
              ? ", simulated engine (virtual time: the same numbers every time)." : ", real engine."));
    });
  }

  /** Stops the run in progress and skips the remaining policies. */
  public void cancel() {
    if (!running.get()) return;
    cancelled = true;
    progressText.set("Cancelling…");
    RunHandle h = currentHandle;
    if (h != null) background.execute(h::stop);
  }

  /** Once per pulse: reads the loop's progress. */
  public void tick() {
    Progress p = current.get();
    if (p == null) return;
    long f = p.finished().sum();
    double within = p.requests() == 0 ? 0 : Math.min(1, (double) f / p.requests());
    Fx.set(progress, (p.index() + within) / p.of());
    Fx.set(progressText, "Running " + p.policy() + " (" + (p.index() + 1) + " of " + p.of() + "): "
        + Fmt.count(f) + " / " + Fmt.count(p.requests()) + " requests");
  }

  /** Shows results that were run elsewhere (the guided demo's runs), replacing the previous ones. */
  public void show(List<Result> rs) {
    if (running.get()) return;
    results.setAll(rs);
    progressText.set(rs.isEmpty() ? "" : "The guided demo's runs: " + rs.size() + " policies on the same scenario.");
  }

  /** The engine that made each result, as the CSV's engine column writes it ({@code real}, {@code sim}). */
  public List<String> engines() {
    return results.stream().map(r -> r.engine().id()).toList();
  }

  /** Real (sockets on loopback, real time) or Simulated (virtual time, deterministic). */
  public ObjectProperty<Engine> engineProperty() { return engine; }
  /** Run, next to each ticked model that names a real client library, that client (Real engine only). */
  public BooleanProperty withRealClientsProperty() { return withRealClients; }
  public ObservableList<Choice> choices() { return choices; }
  public ObservableList<Result> results() { return results; }
  public ReadOnlyBooleanProperty runningProperty() { return running.getReadOnlyProperty(); }
  public ReadOnlyDoubleProperty progressProperty() { return progress.getReadOnlyProperty(); }
  public ReadOnlyStringProperty progressTextProperty() { return progressText.getReadOnlyProperty(); }
}
