package io.blastradius.gui.sweep;

import io.blastradius.core.sim.Sweep;
import io.blastradius.gui.charts.TradeOffChart;
import io.blastradius.gui.common.Fmt;
import io.blastradius.gui.common.Ui;
import java.io.File;
import java.nio.file.Path;
import java.util.concurrent.Executor;
import java.util.function.Function;
import javafx.animation.AnimationTimer;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.embed.swing.SwingFXUtils;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.SnapshotParameters;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Spinner;
import javafx.scene.control.Tab;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.TitledPane;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.util.StringConverter;

/**
 * The Sweep workspace: a policy (or all) and one of its parameters over a range, on a preset
 * scenario, each value a simulated run; then failures per unplug against a cost (PINGs per hour
 * or connections per minute) with every policy on the chart, the Pareto front marked, and the
 * rows the CLI's {@code sweep} prints. It binds to a {@link SweepViewModel}; its pulse reads the
 * sweep's progress once per frame.
 */
public final class SweepView extends BorderPane {
  /** Below this share of the tab's height the chart is cramped: a sweep folds the settings away. */
  static final double CRAMPED = 0.5;
  /** The chart's share of the split once the settings folded for it (the table keeps a few rows). */
  static final double CHART_SHARE_FOLDED = 0.78;
  private final SweepViewModel vm;
  /** The settings were folded for the sweep that runs (or last ran). */
  private boolean foldedForThisSweep;
  private boolean foldPending;
  private final TradeOffChart chart = new TradeOffChart();
  private final TableView<SweepFold.Row> table = new TableView<>();

  /** The tab as the main window adds it. */
  public static Tab tab(Executor background, Executor fx) {
    Tab t = new Tab("Sweep", new SweepView(new SweepViewModel(background, fx)));
    t.setId("tab-sweep");
    t.setClosable(false);
    t.setTooltip(new javafx.scene.control.Tooltip(
        "Sweep one policy parameter in virtual time: failures against PINGs or connections, every policy on one chart."));
    return t;
  }

  public SweepView(SweepViewModel vm) {
    this.vm = vm;
    setId("sweep");
    getStyleClass().add("sweep-view");
    setPadding(new Insets(8));

    ChoiceBox<String> policy = new ChoiceBox<>(vm.policies());
    policy.setId("sweep-policy");
    policy.valueProperty().bindBidirectional(vm.policyProperty());
    Ui.tip(policy, "The policy whose parameter is swept; all: every policy that takes the parameter, one line each.");
    ChoiceBox<String> param = new ChoiceBox<>(vm.parameters());
    param.setId("sweep-param");
    param.valueProperty().bindBidirectional(vm.parameterProperty());
    Ui.tip(param, "The parameter to sweep: those of the policy that take a duration or a number (as `sweep --param`);"
        + " max-streams is the client-side cap on streams per connection.");
    TextField from = field(vm.fromProperty(), "sweep-from", "The first value: a duration with a unit (500ms, 2s) or a whole number.");
    TextField to = field(vm.toProperty(), "sweep-to", "The last value, included.");
    Spinner<Integer> steps = Ui.intSpinner(vm.stepsProperty(), 2, 100, 1, "How many values, evenly from the first to the last.");
    steps.setId("sweep-steps");
    steps.setPrefWidth(75);
    ChoiceBox<String> scenario = new ChoiceBox<>(javafx.collections.FXCollections.observableArrayList(vm.scenarios()));
    scenario.setId("sweep-scenario");
    scenario.valueProperty().bindBidirectional(vm.scenarioProperty());
    Ui.tip(scenario, "The preset scenario each value runs on (simulated network and server, virtual time).");
    TextField requests = field(vm.requestsProperty(), "sweep-requests", "Requests per run; empty: the scenario's own.");
    requests.setPromptText("scenario's");
    requests.setPrefColumnCount(5);
    from.setPrefColumnCount(4);
    to.setPrefColumnCount(4);
    policy.setPrefWidth(210);
    param.setPrefWidth(130);
    scenario.setPrefWidth(140);

    Button run = new Button("Run sweep");
    run.setId("sweep-run");
    run.getStyleClass().add("accent");
    run.disableProperty().bind(vm.runningProperty());
    run.setOnAction(e -> vm.run());
    Ui.tip(run, "Run every value, then every policy at its defaults, on the simulated engine (off the window's thread).");
    Button cancel = new Button("Cancel");
    cancel.setId("sweep-cancel");
    cancel.disableProperty().bind(vm.runningProperty().not());
    cancel.setOnAction(e -> vm.cancel());
    Ui.tip(cancel, "Stop the sweep before its next run.");
    ProgressBar progress = new ProgressBar();
    progress.setId("sweep-progress");
    progress.progressProperty().bind(vm.progressProperty());
    progress.setPrefWidth(110);
    ChoiceBox<Sweep.Cost> cost = new ChoiceBox<>(javafx.collections.FXCollections.observableArrayList(Sweep.Cost.values()));
    cost.setId("sweep-cost");
    cost.valueProperty().bindBidirectional(vm.costProperty());
    cost.setConverter(new StringConverter<>() {
      @Override public String toString(Sweep.Cost c) {
        return c == null ? "" : c.label();
      }

      @Override public Sweep.Cost fromString(String s) {
        return s.startsWith("PING") ? Sweep.Cost.PINGS_PER_HOUR : Sweep.Cost.CONNECTIONS_PER_MINUTE;
      }
    });
    cost.setPrefWidth(190);
    Ui.tip(cost, "The cost on the chart's x axis: PINGs per hour (what servers police) or connections per minute (churn).");
    Button png = new Button("PNG…");
    png.setId("sweep-export-png");
    png.setOnAction(e -> exportPng());
    Ui.tip(png, "Save the chart as a PNG image.");
    Button csv = new Button("CSV…");
    csv.setId("sweep-export-csv");
    csv.setOnAction(e -> exportCsv());
    Ui.tip(csv, "Save the rows as CSV: the columns of `sweep --csv`.");
    for (Button b : new Button[] {png, csv}) b.disableProperty().bind(vm.resultProperty().isNull().or(vm.runningProperty()));
    for (Region r : new Region[] {run, cancel, png, csv}) r.setMinWidth(Region.USE_PREF_SIZE);

    // One flow of compact pairs (a label beside each control), so the chart keeps the height.
    FlowPane what = new FlowPane(12, 6,
        pair("Policy", policy), pair("Parameter", param), pair("From", from), pair("To", to), pair("Steps", steps),
        pair("Scenario", scenario), pair("Requests", requests));
    what.setId("sweep-form");
    what.setAlignment(Pos.CENTER_LEFT);
    // What is swept, folded away with one click when the chart needs the height (presenter mode).
    TitledPane settings = new TitledPane();
    settings.setId("sweep-settings");
    settings.setContent(what);
    settings.textProperty().bind(Bindings.createStringBinding(
        () -> "Sweep " + vm.policyProperty().get() + " " + vm.paramText() + " on " + vm.scenarioProperty().get(),
        vm.policyProperty(), vm.parameterProperty(), vm.fromProperty(), vm.toProperty(), vm.stepsProperty(),
        vm.scenarioProperty()));
    Ui.tip(settings, "What to sweep; click the title to fold it away (or back). A sweep folds it when the chart needs the room.");
    FlowPane act = new FlowPane(12, 6, new HBox(6, run, cancel, progress),
        new HBox(6, Ui.label("x axis", "muted"), cost, png, csv));
    act.setId("sweep-actions");
    act.setAlignment(Pos.CENTER_LEFT);
    for (Node n : act.getChildren()) ((HBox) n).setAlignment(Pos.CENTER_LEFT);
    Label message = new Label();
    message.setId("sweep-message");
    message.textProperty().bind(vm.messageProperty());
    message.tooltipProperty().bind(Bindings.createObjectBinding(() -> new javafx.scene.control.Tooltip(vm.messageProperty().get()), vm.messageProperty()));
    message.setTextOverrun(javafx.scene.control.OverrunStyle.ELLIPSIS); // one line; the tooltip has it all
    message.setMinHeight(Region.USE_PREF_SIZE);
    VBox top = new VBox(6, settings, act, message);
    top.setPadding(new Insets(0, 0, 6, 0));

    chart.setId("sweep-chart");
    chart.setPlaceholder("No sweep yet: Run sweep draws failures against cost here.");
    chart.setMinHeight(200);
    Ui.tipNode(chart, "Each policy in its own colour and marker: a swept policy is a line through its values (each"
        + " labelled), the others a point at their defaults. The grey band is the Pareto front: the points no"
        + " other point beats on both failures and cost (ringed). Lower and further left is better.");
    vm.chartProperty().addListener((o, a, d) -> chart.setData(d));
    chart.setData(vm.chartProperty().get());

    table.setId("sweep-table");
    table.setItems(vm.rows());
    table.setPlaceholder(new Label("No rows yet."));
    table.getColumns().add(column("Policy", r -> r.policy(), 230));
    table.getColumns().add(column("Value", r -> r.swept() ? r.value() : "defaults", 80));
    table.getColumns().add(column("Failures/unplug", r -> Fmt.decimal(r.point().failuresPerUnplug(), 2), 135));
    table.getColumns().add(column("PINGs/hour", r -> Fmt.decimal(r.point().pingsPerHour(), 1), 110));
    table.getColumns().add(column("Conns/min", r -> Fmt.decimal(r.point().connectionsPerMinute(), 2), 100));
    table.getColumns().add(column("Evict (ms)",
        r -> r.point().timeToEvictMillis() == null ? "-" : Fmt.decimal(r.point().timeToEvictMillis(), 1), 120));
    table.getColumns().add(column("Failed", r -> Fmt.count(r.point().scorecard().failed()), 70));
    table.getColumns().add(column("Unplugs", r -> Fmt.count(r.point().scorecard().unplugs()), 70));
    table.getColumns().add(column("Front", r -> r.onFront() ? "●" : r.charted() ? "" : "(line)", 60));
    SplitPane split = new SplitPane(chart, table);
    split.setOrientation(Orientation.VERTICAL);
    split.setDividerPositions(0.7);

    setTop(top);
    setCenter(split);
    // A sweep gives the chart the room: when it starts while the chart has less than half the tab
    // (presenter mode at projector sizes, where the settings wrap over several lines), the settings
    // fold to their one-line title (a click unfolds them) and the chart takes most of the split.
    // Checked while the sweep runs (the window may still be taking its size as it starts), once:
    // settings unfolded again by hand stay unfolded until the next sweep.
    javafx.beans.InvalidationListener resized = o -> {
      // Sizes change during a layout pass: the fold waits for the next pulse (the tab's own
      // AnimationTimer below), once: pending.
      if (!vm.runningProperty().get() || foldedForThisSweep || foldPending) return;
      foldPending = true;
    };
    vm.runningProperty().addListener((o, was, running) -> {
      foldedForThisSweep = false;
      resized.invalidated(o);
    });
    chart.heightProperty().addListener(resized);
    heightProperty().addListener(resized);

    AnimationTimer pulse = new AnimationTimer() {
      @Override
      public void handle(long now) {
        vm.tick();
        if (foldPending) {
          foldPending = false;
          if (vm.runningProperty().get()) foldIfCramped(settings, split);
        }
      }
    };
    sceneProperty().addListener((o, was, sc) -> {
      if (sc == null) {
        pulse.stop();
        vm.cancel(); // a sweep no one can see any more stops before its next run
      } else {
        pulse.start();
      }
    });
  }

  private void foldIfCramped(TitledPane settings, SplitPane split) {
    if (foldedForThisSweep || !settings.isExpanded() || chart.getHeight() <= 0 || chart.getHeight() >= CRAMPED * getHeight()) return;
    foldedForThisSweep = true;
    // Folded as a click folds it (animated: that also stops an unfolding still under way, whose
    // end would show the form again); the divider moves once the form is hidden.
    Node form = settings.getContent();
    form.visibleProperty().addListener(new javafx.beans.value.ChangeListener<>() {
      @Override
      public void changed(javafx.beans.value.ObservableValue<? extends Boolean> o, Boolean was, Boolean visible) {
        if (visible) return;
        form.visibleProperty().removeListener(this);
        split.setDividerPositions(CHART_SHARE_FOLDED);
      }
    });
    settings.setExpanded(false);
  }

  private static TextField field(javafx.beans.property.StringProperty p, String id, String tip) {
    TextField f = new TextField();
    f.setId(id);
    f.textProperty().bindBidirectional(p);
    Ui.tip(f, tip);
    return f;
  }

  private static Node pair(String name, Node control) {
    HBox b = new HBox(5, Ui.label(name, "muted"), control);
    b.setAlignment(Pos.CENTER_LEFT);
    return b;
  }

  private static TableColumn<SweepFold.Row, String> column(String name, Function<SweepFold.Row, String> value, double width) {
    TableColumn<SweepFold.Row, String> c = new TableColumn<>(name);
    c.setCellValueFactory(cd -> new ReadOnlyStringWrapper(value.apply(cd.getValue())));
    c.setPrefWidth(width);
    c.setSortable(false);
    return c;
  }

  private void exportPng() {
    Path p = choose("Save the sweep chart as PNG", "PNG images (*.png)", "*.png", "sweep.png");
    if (p != null) vm.exportPng(SwingFXUtils.fromFXImage(chart.snapshot(new SnapshotParameters(), null), null), p);
  }

  private void exportCsv() {
    Path p = choose("Save the sweep as CSV", "CSV (*.csv)", "*.csv", "sweep.csv");
    if (p != null) vm.exportCsv(p);
  }

  private Path choose(String title, String what, String glob, String name) {
    FileChooser fc = new FileChooser();
    fc.setTitle(title);
    fc.getExtensionFilters().add(new FileChooser.ExtensionFilter(what, glob));
    fc.setInitialFileName(name);
    File f = fc.showSaveDialog(getScene() == null ? null : getScene().getWindow());
    if (f == null) return null;
    Path p = f.toPath();
    String ext = glob.substring(1);
    return p.getFileName().toString().endsWith(ext) ? p : p.resolveSibling(p.getFileName() + ext);
  }

  /** For tests: the chart and the table. */
  public TradeOffChart chart() { return chart; }
  public TableView<SweepFold.Row> table() { return table; }
  public SweepViewModel viewModel() { return vm; }
}
