package io.blastradius.gui.sweep;

import io.blastradius.core.policy.Policies;
import io.blastradius.core.policy.PolicySpec;
import io.blastradius.core.scenario.Scenario;
import io.blastradius.core.scenario.ScenarioFiles;
import io.blastradius.core.sim.Sweep;
import io.blastradius.gui.charts.TradeOff;
import io.blastradius.gui.common.Fx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The Sweep tab's state and commands: a policy (or all), a parameter and its range, a scenario;
 * {@link #run} sweeps it in virtual time with the core's {@link Sweep#sweep}, the CLI's own call,
 * so the tab's numbers are the CLI's; the result is folded by {@link SweepFold} into the chart's
 * series and the table's rows.
 *
 * <p>Threading: public methods on the FX thread. The sweep runs on {@code background}; it
 * publishes its progress through an {@link AtomicReference} that {@link #tick} reads once per
 * pulse (as JavaFX's Task.updateProgress does) and hands its one result back through {@code fx}.
 * Exports write files on {@code background}.
 */
public final class SweepViewModel {
  /** Typical ranges to start from, by parameter name; others start at 1s..30s (or 1..10). */
  private static final Map<String, String[]> RANGES = Map.ofEntries(
      Map.entry("idle", new String[] {"1s", "30s"}),
      Map.entry("conn-idle", new String[] {"1s", "30s"}),
      Map.entry("timeout", new String[] {"100ms", "5s"}),
      Map.entry("period", new String[] {"1s", "30s"}),
      Map.entry("pong-timeout", new String[] {"100ms", "2s"}),
      Map.entry("max-streams", new String[] {"10", "250"}),
      Map.entry("min-grace", new String[] {"1ms", "20ms"}),
      Map.entry("rtt-factor", new String[] {"2", "10"}),
      Map.entry("failures", new String[] {"1", "10"}));

  private record Progress(int done, int total, Sweep.Point last) {}

  private final Executor background;
  private final Executor fx;
  private final ObservableList<String> policies = FXCollections.observableArrayList();
  private final ObservableList<String> parameters = FXCollections.observableArrayList();
  private final StringProperty policy = new SimpleStringProperty(this, "policy", "h2-read-idle-ping");
  private final StringProperty parameter = new SimpleStringProperty(this, "parameter", "idle");
  private final StringProperty from = new SimpleStringProperty(this, "from", "1s");
  private final StringProperty to = new SimpleStringProperty(this, "to", "30s");
  private final ObjectProperty<Integer> steps = new SimpleObjectProperty<>(this, "steps", 6);
  private final StringProperty scenario = new SimpleStringProperty(this, "scenario", "seed");
  private final StringProperty requests = new SimpleStringProperty(this, "requests", "");
  private final ObjectProperty<Sweep.Cost> cost = new SimpleObjectProperty<>(this, "cost", Sweep.Cost.PINGS_PER_HOUR);
  private final ReadOnlyObjectWrapper<Sweep.Result> result = new ReadOnlyObjectWrapper<>();
  private final ReadOnlyObjectWrapper<TradeOff.Data> chart = new ReadOnlyObjectWrapper<>(TradeOff.Data.EMPTY);
  private final ObservableList<SweepFold.Row> rows = FXCollections.observableArrayList();
  private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper();
  private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(0);
  private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(
      "Pick a policy, a parameter and its range, then Run sweep: each value is a simulated run (virtual time).");
  private final AtomicReference<Progress> current = new AtomicReference<>();
  private volatile boolean cancelled;

  public SweepViewModel(Executor background, Executor fx) {
    this.background = background;
    this.fx = fx;
    policies.add(Sweep.ALL);
    policies.addAll(Policies.ids());
    policy.addListener((o, a, p) -> refreshParameters());
    parameter.addListener((o, a, p) -> defaultRange());
    rangeOf = parameter.get();
    refreshParameters();
    cost.addListener((o, a, c) -> fold());
  }

  /** The parameters the chosen policy can sweep (for all: those some policy takes). */
  private void refreshParameters() {
    String p = policy.get();
    List<String> names;
    try {
      names = p == null || p.equals(Sweep.ALL) ? Sweep.allParameters() : Sweep.parameters(PolicySpec.parse(p).id());
    } catch (IllegalArgumentException e) {
      names = List.of();
    }
    String was = parameter.get();
    parameters.setAll(names); // a choice box over the list may clear its value meanwhile: set it again
    parameter.set(names.contains(was) ? was : names.isEmpty() ? null : names.get(0));
  }

  private String rangeOf; // the parameter the From and To fields were last filled for

  /** A new parameter gets a typical range; the same one again (another policy) keeps the fields. */
  private void defaultRange() {
    String name = parameter.get();
    if (name == null || name.equals(rangeOf)) return;
    rangeOf = name;
    String[] r = RANGES.get(name);
    if (r == null) r = takesDuration(name) ? new String[] {"1s", "30s"} : new String[] {"1", "10"};
    from.set(r[0]);
    to.set(r[1]);
  }

  private boolean takesDuration(String name) {
    List<String> ids = policy.get() == null || policy.get().equals(Sweep.ALL) ? Policies.ids() : List.of(PolicySpec.parse(policy.get()).id());
    for (String id : ids) {
      try {
        Policies.create(new PolicySpec(id, Map.of(name, "1s"), Integer.MAX_VALUE, false));
        return true;
      } catch (IllegalArgumentException e) {
        // not a duration for this policy
      }
    }
    return false;
  }

  /** The CLI's {@code --param} for the fields: {@code NAME=FROM..TO:STEPS}. */
  public String paramText() {
    return parameter.get() + "=" + from.get().trim() + ".." + to.get().trim() + ":" + steps.get();
  }

  /**
   * Runs the sweep. Everything is checked here first (the range, each value as a policy, the
   * scenario and the request count), so bad input is one line in {@link #messageProperty()} and
   * costs no run.
   */
  public void run() {
    if (running.get()) return;
    Scenario s;
    Sweep.Param p;
    String pol = policy.get() == null ? "" : policy.get().trim();
    try {
      if (parameter.get() == null) throw new IllegalArgumentException("choose a parameter");
      if (steps.get() == null) throw new IllegalArgumentException("steps: a whole number from 2 to 100");
      s = ScenarioFiles.load(scenario.get());
      String n = requests.get() == null ? "" : requests.get().trim();
      if (!n.isEmpty()) {
        long count;
        try {
          count = Long.parseLong(n);
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("requests: '" + n + "' is not a whole number (leave it empty for the scenario's)");
        }
        if (count < 1 || count > io.blastradius.core.load.LoadConfig.MAX_REQUESTS) {
          throw new IllegalArgumentException("requests must be 1.." + io.blastradius.core.load.LoadConfig.MAX_REQUESTS + ", not " + count);
        }
        s = s.withLoad(s.load().withRequests(count));
      }
      p = Sweep.Param.parse(paramText());
      for (String id : Sweep.sweptPolicies(pol, p.name())) Sweep.specs(s, id, p);
    } catch (IllegalArgumentException e) {
      message.set("Cannot sweep: " + e.getMessage());
      return;
    }
    cancelled = false;
    running.set(true);
    progress.set(0);
    message.set("Starting…");
    Scenario scen = s;
    Sweep.Param param = p;
    background.execute(() -> sweep(scen, pol, param));
  }

  private void sweep(Scenario s, String pol, Sweep.Param p) {
    Sweep.Monitor monitor = new Sweep.Monitor() {
      private int total;

      @Override public void started(int runs) {
        total = runs;
        current.set(new Progress(0, runs, null));
      }

      @Override public void ran(int done, Sweep.Point point) {
        current.set(new Progress(done, total, point));
      }

      @Override public boolean cancelled() {
        return cancelled;
      }
    };
    Sweep.Result r = null;
    String error = null;
    try {
      r = Sweep.sweep(s, pol, p, monitor);
    } catch (CancellationException e) {
      error = "Sweep cancelled: " + e.getMessage() + ".";
    } catch (RuntimeException | LinkageError e) {
      error = "Sweep stopped: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
    }
    Progress last = current.getAndSet(null);
    Sweep.Result done = r;
    String err = error;
    fx.execute(() -> {
      running.set(false);
      if (done != null) {
        result.set(done);
        fold();
        progress.set(1);
        message.set("Done: " + (last == null ? 0 : last.total()) + " simulated runs of " + done.scenario() + " ("
            + done.swept().size() + " values, then " + done.baselines().size()
            + " policies at their defaults) in virtual time: the numbers `sweep` prints.");
      } else {
        message.set(err);
      }
    });
  }

  /** Recomputes the chart and the rows from the result and the cost axis. */
  private void fold() {
    Sweep.Result r = result.get();
    if (r == null) return;
    chart.set(SweepFold.chart(r, cost.get()));
    rows.setAll(SweepFold.rows(r, cost.get()));
  }

  /** Stops the sweep before its next run. */
  public void cancel() {
    if (!running.get()) return;
    cancelled = true;
    message.set("Cancelling…");
  }

  /** Once per pulse: reads the sweep's progress. */
  public void tick() {
    Progress p = current.get();
    if (p == null || p.total() == 0) return;
    Fx.set(progress, (double) p.done() / p.total());
    Fx.set(message, "Simulated run " + Math.min(p.done() + 1, p.total()) + " of " + p.total()
        + (p.last() == null ? "" : " (last: " + p.last().policy() + ")") + "…");
  }

  /** Writes the rows as the CLI's {@code sweep --csv} does, off the FX thread. */
  public CompletableFuture<Path> exportCsv(Path target) {
    Sweep.Result r = result.get();
    if (r == null) return CompletableFuture.failedFuture(new IllegalStateException("no sweep to export"));
    String text = r.csv();
    return write(target, tmp -> Files.writeString(tmp, text));
  }

  /** Writes a PNG of the chart (an image the view took of it), off the FX thread. */
  public CompletableFuture<Path> exportPng(java.awt.image.BufferedImage image, Path target) {
    return write(target, tmp -> {
      if (!javax.imageio.ImageIO.write(image, "png", tmp.toFile())) throw new IOException("no PNG writer");
    });
  }

  private interface Writer {
    void write(Path tmp) throws IOException;
  }

  private CompletableFuture<Path> write(Path target, Writer w) {
    CompletableFuture<Path> f = new CompletableFuture<>();
    background.execute(() -> {
      Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
      try {
        w.write(tmp);
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        fx.execute(() -> {
          message.set("Saved " + target + ".");
          f.complete(target);
        });
      } catch (IOException | RuntimeException e) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // nothing more to clean
        }
        fx.execute(() -> {
          message.set("Could not save " + target + ": " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
          f.completeExceptionally(e);
        });
      }
    });
    return f;
  }

  public ObservableList<String> policies() { return policies; }
  /** The parameters the chosen policy can sweep (the names `sweep --param` takes for it). */
  public ObservableList<String> parameters() { return parameters; }
  public StringProperty policyProperty() { return policy; }
  public StringProperty parameterProperty() { return parameter; }
  public StringProperty fromProperty() { return from; }
  public StringProperty toProperty() { return to; }
  public ObjectProperty<Integer> stepsProperty() { return steps; }
  public List<String> scenarios() { return new ArrayList<>(ScenarioFiles.PRESETS); }
  public StringProperty scenarioProperty() { return scenario; }
  /** The request count (empty: the scenario's own). */
  public StringProperty requestsProperty() { return requests; }
  /** The chart's x axis. */
  public ObjectProperty<Sweep.Cost> costProperty() { return cost; }
  public ReadOnlyObjectProperty<Sweep.Result> resultProperty() { return result.getReadOnlyProperty(); }
  public ReadOnlyObjectProperty<TradeOff.Data> chartProperty() { return chart.getReadOnlyProperty(); }
  public ObservableList<SweepFold.Row> rows() { return rows; }
  public ReadOnlyBooleanProperty runningProperty() { return running.getReadOnlyProperty(); }
  public ReadOnlyDoubleProperty progressProperty() { return progress.getReadOnlyProperty(); }
  public ReadOnlyStringProperty messageProperty() { return message.getReadOnlyProperty(); }
}
