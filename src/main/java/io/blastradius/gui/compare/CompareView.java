package io.blastradius.gui.compare;

import io.blastradius.gui.charts.LiveChartsView;
import io.blastradius.gui.common.Fmt;
import io.blastradius.gui.common.Ui;

import io.blastradius.gui.compare.CompareViewModel.Choice;
import io.blastradius.gui.compare.CompareViewModel.Result;
import io.blastradius.core.score.Scorecard;
import java.util.List;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.ListChangeListener;
import javafx.geometry.Orientation;
import javafx.scene.chart.BarChart;
import javafx.scene.chart.CategoryAxis;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.Region;
import javafx.scene.control.cell.CheckBoxListCell;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * The comparison: pick policies, run the form's scenario over each, then read the scorecards side
 * by side (one column per policy), failures per policy as bars, and the cumulative-failure curves
 * overlaid.
 */
public final class CompareView extends BorderPane {
  /** One scorecard line: a name, what it means, how to print it. */
  public record Metric(String name, String help, Function<Scorecard, String> value) {}

  public static final List<Metric> METRICS = List.of(
      new Metric("Requests", "Requests issued.", r -> Fmt.count(r.requests())),
      new Metric("OK", "Requests that succeeded.", r -> Fmt.count(r.ok())),
      new Metric("Failed", "Timeouts plus errors.", r -> Fmt.count(r.failed())),
      new Metric("Cancelled", "Cancelled on purpose by the client (not failures).", r -> Fmt.count(r.cancelled())),
      new Metric("Unplugs", "Flows the fault plan unplugged.", r -> Fmt.count(r.unplugs())),
      new Metric("Failures per unplug", "Failed requests per unplugged flow: the blast radius of one dead flow.",
          r -> dec(r.failuresPerUnplug(), 1)),
      new Metric("Magnification", "Failures per unavoidable failure: failed / sum over unplugs of max(1, requests in"
          + " flight on the dead connection when it was unplugged). 1.0 is the best possible.", r -> dec(r.magnification(), 1)),
      new Metric("Time to evict (ms)", "How long the pool kept putting requests on a dead connection (max over unplugs).",
          r -> dec(r.timeToEvictMillis(), 0)),
      new Metric("Connections opened", "Connections dialed during the run (churn).", r -> Fmt.count(r.connectionsOpened())),
      new Metric("PINGs sent", "PING frames sent: a cost servers may punish (ENHANCE_YOUR_CALM).", r -> Fmt.count(r.pingsSent())),
      new Metric("GOAWAYs", "GOAWAY frames received, by error code.",
          r -> r.goAways().isEmpty() ? "0" : r.goAways().toString().replace("{", "").replace("}", "")),
      new Metric("Evictions", "Connections the policy judged dead and closed.", r -> Fmt.count(r.evictions())),
      new Metric("False evictions", "Evictions of connections that were alive (a slow server, not a dead network).",
          r -> Fmt.count(r.falseEvictions())),
      new Metric("p50 latency (µs)", "Median latency of successful requests.", r -> Fmt.count(r.p50Micros())),
      new Metric("p99 latency (µs)", "99th percentile latency of successful requests.", r -> Fmt.count(r.p99Micros())),
      new Metric("Max latency (µs)", "The slowest successful request.", r -> Fmt.count(r.maxMicros())),
      new Metric("Wall time (ms)", "How long the run took.", r -> Fmt.decimal(r.wallMillis(), 0)));

  private static String dec(Double d, int places) {
    return d == null ? "-" : Fmt.decimal(d, places);
  }

  private final CompareViewModel vm;
  private final TableView<Metric> table = new TableView<>();
  private final TableView<Metric> names = new TableView<>();
  private final BarChart<Number, String> bars;
  private final io.blastradius.gui.charts.CanvasChart curves =
      new io.blastradius.gui.charts.CanvasChart("Cumulative failures over time", "failures", 1);
  private final HBox charts;
  private final Label fontProbe = new Label();

  private double fontSize() {
    return fontProbe.getFont().getSize();
  }

  private javafx.beans.value.ObservableValue<javafx.scene.text.Font> nameFont() {
    return fontProbe.fontProperty();
  }

  /** What the export buttons do (the window owns the file choosers). */
  public interface Exports {
    void comparisonPng();
    void comparisonCsv();
  }

  private Exports exports = new Exports() {
    @Override public void comparisonPng() {}
    @Override public void comparisonCsv() {}
  };

  /** Sets what Export PNG / CSV do. */
  public void setExports(Exports e) { exports = e; }
  /** The charts, for the PNG export. */
  public javafx.scene.Node chartsNode() { return charts; }

  public CompareView(CompareViewModel vm, Runnable runComparison, javafx.beans.value.ObservableBooleanValue canRun) {
    this.vm = vm;
    getStyleClass().add("compare-view");

    // Left: what to compare.
    Label pickTitle = Ui.label("Policies to compare", "section-title");
    ListView<Choice> list = new ListView<>(vm.choices());
    list.setId("compare-policies");
    list.setCellFactory(lv -> {
      CheckBoxListCell<Choice> cell = new CheckBoxListCell<>(Choice::selectedProperty) {
        @Override
        public void updateItem(Choice item, boolean empty) {
          super.updateItem(item, empty);
          setTooltip(empty || item == null ? null : new javafx.scene.control.Tooltip(item.help()));
          if (getTooltip() != null) {
            getTooltip().setWrapText(true);
            getTooltip().setMaxWidth(420);
          }
        }
      };
      return cell;
    });
    Ui.tip(list, "Tick the policies to run, one after another, on the scenario from the form.");
    list.setPrefHeight(220);
    Button run = new Button("Run comparison");
    run.setId("compare-run");
    run.getStyleClass().add("accent");
    run.setDefaultButton(false);
    run.disableProperty().bind(javafx.beans.binding.Bindings.not(canRun));
    run.setOnAction(e -> runComparison.run());
    Ui.tip(run, "Run the scenario from the form under each ticked policy, one after another, then compare.");
    Button cancel = new Button("Cancel");
    cancel.setId("compare-cancel");
    cancel.disableProperty().bind(vm.runningProperty().not());
    cancel.setOnAction(e -> vm.cancel());
    Ui.tip(cancel, "Stop the run in progress and skip the remaining policies.");
    ProgressBar progress = new ProgressBar();
    progress.progressProperty().bind(vm.progressProperty());
    progress.setMaxWidth(Double.MAX_VALUE);
    Ui.tip(progress, "Progress over all the runs of this comparison.");
    Label progressText = new Label();
    progressText.setId("compare-progress");
    progressText.textProperty().bind(vm.progressTextProperty());
    progressText.setWrapText(true);
    Label note = Ui.label("", "muted");
    note.textProperty().bind(javafx.beans.binding.Bindings.when(
            vm.engineProperty().isEqualTo(io.blastradius.core.run.Engine.SIM))
        .then("Each policy runs the scenario from the form on a simulated network and server, in virtual time:"
            + " the same numbers every time.")
        .otherwise("Each policy runs the scenario from the form on a fresh server, proxy and pool."));
    note.setWrapText(true);
    run.setMinWidth(Region.USE_PREF_SIZE);
    cancel.setMinWidth(Region.USE_PREF_SIZE);
    HBox buttons = new HBox(8, run, cancel);
    Button png = new Button("PNG…");
    png.setId("compare-export-png");
    png.setOnAction(e -> exports.comparisonPng());
    Ui.tip(png, "Save the bars and curves as a PNG image.");
    Button csv = new Button("CSV…");
    csv.setId("compare-export-csv");
    csv.setOnAction(e -> exports.comparisonCsv());
    Ui.tip(csv, "Save every policy's scorecard as CSV (the columns of the CLI's compare --csv, the engine last).");
    for (Button b : new Button[] {png, csv}) {
      b.setMinWidth(Region.USE_PREF_SIZE);
      b.disableProperty().bind(javafx.beans.binding.Bindings.isEmpty(vm.results()));
    }
    HBox exportBox = new HBox(8, Ui.label("Export", "muted"), png, csv);
    exportBox.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
    // The engine: real sockets in real time, or the same pool and policy simulated in virtual time.
    javafx.scene.control.ChoiceBox<io.blastradius.core.run.Engine> engine =
        new javafx.scene.control.ChoiceBox<>(javafx.collections.FXCollections.observableArrayList(
            io.blastradius.core.run.Engine.values()));
    engine.setId("compare-engine");
    engine.setConverter(new javafx.util.StringConverter<>() {
      @Override public String toString(io.blastradius.core.run.Engine e) {
        return e == null ? "" : CompareViewModel.engineName(e);
      }
      @Override public io.blastradius.core.run.Engine fromString(String s) {
        return io.blastradius.core.run.Engine.parse(s.startsWith("Sim") ? "sim" : "real");
      }
    });
    engine.valueProperty().bindBidirectional(vm.engineProperty());
    engine.disableProperty().bind(vm.runningProperty());
    Ui.tip(engine, "Real: sockets on loopback in real time (the seed takes about a minute and a half)."
        + " Simulated: the same pool and policy on a simulated network and server in virtual time:"
        + " a comparison in about a second, the same numbers every time (no real client libraries).");
    engine.setMaxWidth(Double.MAX_VALUE);
    engine.setMinWidth(Region.USE_PREF_SIZE);
    VBox engineBox = new VBox(2, Ui.label("Engine", "muted"), engine);
    javafx.scene.control.CheckBox clients = new javafx.scene.control.CheckBox("With its real client");
    clients.setId("compare-with-clients");
    clients.setWrapText(true); // two lines in presenter mode rather than a cut label
    clients.setMinHeight(Region.USE_PREF_SIZE);
    clients.selectedProperty().bindBidirectional(vm.withRealClientsProperty());
    clients.disableProperty().bind(vm.runningProperty().or(
        vm.engineProperty().isEqualTo(io.blastradius.core.run.Engine.SIM)));
    Ui.tip(clients, "Next to each ticked model that names a real client library (h2-okhttp-degraded: OkHttp's"
        + " read timeout, h2-jetty: Jetty, h2-naive: the JDK's client...), run that client on the same"
        + " scenario too, so the model and the real thing sit side by side. Real engine only.");
    VBox left = new VBox(8, pickTitle, list, engineBox, clients, buttons, progress, progressText, exportBox, note);
    left.getStyleClass().add("compare-left");
    left.setPrefWidth(16 * 14);
    left.setMinWidth(Region.USE_PREF_SIZE);
    VBox.setVgrow(list, Priority.ALWAYS);

    // Right: the scorecards. The metric names are a table of their own left of the values, so
    // scrolling through many policies never hides them; both are as tall as all their rows and
    // scroll up and down together.
    names.setId("compare-names");
    names.getItems().setAll(METRICS);
    TableColumn<Metric, String> name = new TableColumn<>("Metric");
    name.setSortable(false);
    name.setReorderable(false);
    name.getStyleClass().add("metric-name");
    name.setCellValueFactory(cd -> new ReadOnlyStringWrapper(cd.getValue().name()));
    names.getColumns().add(name);
    names.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
    table.setId("compare-table");
    table.getItems().setAll(METRICS);
    table.setPlaceholder(new Label("No results yet: tick policies and Run comparison."));
    for (TableView<Metric> t : List.of(names, table)) {
      t.setRowFactory(tv -> new TableRow<>() {
        @Override
        protected void updateItem(Metric m, boolean empty) {
          super.updateItem(m, empty);
          setTooltip(empty || m == null ? null : new Tooltip(m.help()));
        }
      });
      // Every row shown: cell height from the font (presenter mode too), table height from the rows.
      Label probe = new Label("Xg");
      t.fixedCellSizeProperty().bind(javafx.beans.binding.Bindings.createDoubleBinding(
          () -> Math.ceil(probe.getFont().getSize() * 2.0), probe.fontProperty()));
      t.getProperties().put("probe", probe);
      t.minHeightProperty().bind(t.fixedCellSizeProperty().multiply(METRICS.size() + 2.4));
      t.prefHeightProperty().bind(t.minHeightProperty());
      t.maxHeightProperty().bind(t.minHeightProperty());
      t.setStyle("-fx-font-size: 1em;");
    }
    // The probes take the tables' font (presenter mode scales it).
    names.getProperties().put("unused", null);
    ((Label) names.getProperties().get("probe")).fontProperty().bind(nameFont());
    ((Label) table.getProperties().get("probe")).fontProperty().bind(nameFont());
    // The names table has room below its rows for the values' horizontal scroll bar.
    names.setMinWidth(Region.USE_PREF_SIZE);
    names.prefWidthProperty().bind(javafx.beans.binding.Bindings.createDoubleBinding(
        () -> Math.ceil(fontSize() * 13), fontProbe.fontProperty()));
    table.setColumnResizePolicy(TableView.UNCONSTRAINED_RESIZE_POLICY);
    HBox tables = new HBox(names, table);
    HBox.setHgrow(table, Priority.ALWAYS);
    tables.getChildren().add(fontProbe);
    fontProbe.setManaged(false);
    fontProbe.setVisible(false);
    javafx.scene.control.ScrollPane tablesScroll = new javafx.scene.control.ScrollPane(tables);
    tablesScroll.setId("compare-table-scroll");
    tablesScroll.setFitToWidth(true);
    tablesScroll.setHbarPolicy(javafx.scene.control.ScrollPane.ScrollBarPolicy.NEVER);

    // Horizontal bars, one colour per policy (the same as its curve): names read left to right.
    NumberAxis bx = new NumberAxis();
    bx.setLabel("failed requests");
    CategoryAxis by = new CategoryAxis();
    bars = new BarChart<>(bx, by);
    bars.setId("compare-bars");
    bars.setTitle("Failed requests per policy");
    bars.setLegendVisible(false);
    bars.setAnimated(false);
    bars.setMinWidth(200);
    Ui.tipNode(bars, "Failed requests per policy on the same scenario: shorter is better. Each policy has"
        + " the same colour here and in the curves.");
    curves.setId("compare-curves");
    curves.getStyleClass().add("compare-curves");
    curves.setMinWidth(200);
    curves.setPalette(io.blastradius.gui.charts.Palette.POLICIES);
    Ui.tipNode(curves, "Failed requests since each run started, one line per policy: its own colour and"
        + " dash pattern, and the legend above names them.");
    HBox charts = new HBox(8, bars, curves);
    charts.setId("compare-charts");
    HBox.setHgrow(bars, Priority.ALWAYS);
    HBox.setHgrow(curves, Priority.ALWAYS);
    bars.setPrefWidth(400);
    bars.widthProperty().addListener(o -> fitBarAxis());
    bx.widthProperty().addListener(o -> fitBarAxis());
    curves.setPrefWidth(400);
    SplitPane right = new SplitPane(tablesScroll, charts);
    right.setOrientation(Orientation.VERTICAL);
    right.setDividerPositions(0.55);
    this.charts = charts;

    setLeft(left);
    setCenter(right);

    vm.results().addListener((ListChangeListener<Result>) c -> refresh());
    refresh();
  }

  /**
   * The bars' count axis in round steps far enough apart for their labels (NumberAxis's own choice
   * put a label every 250 failures on a 300 px axis, one on top of the next).
   */
  private void fitBarAxis() {
    NumberAxis axis = (NumberAxis) bars.getXAxis();
    double max = 0;
    for (XYChart.Series<Number, String> series : bars.getData()) {
      for (XYChart.Data<Number, String> d : series.getData()) max = Math.max(max, d.getXValue().doubleValue());
    }
    double em = fontProbe.getFont().getSize();
    double length = axis.getWidth() > 0 ? axis.getWidth() : bars.getWidth() / 2;
    // A label such as "2,500" is about 3 em wide; one every 6 em at most.
    double step = Math.max(1, io.blastradius.gui.charts.TimeAxis.step(Math.max(1, max) / Math.max(1, length / (em * 6))));
    axis.setAutoRanging(false);
    axis.setLowerBound(0);
    axis.setUpperBound(Math.max(step, Math.ceil(max / step) * step));
    axis.setTickUnit(step);
  }

  private void refresh() {
    List<Result> rs = List.copyOf(vm.results());
    // Columns: one per policy, in run order (the names table holds the metric names).
    table.getColumns().clear();
    for (int i = 0; i < rs.size(); i++) {
      Scorecard row = rs.get(i).score();
      TableColumn<Metric, String> c = new TableColumn<>();
      // The engine that made the scorecard, under the policy's name.
      String headText = row.policy() + " · " + CompareViewModel.engineName(rs.get(i).engine()).toLowerCase();
      Label head = new Label(headText);
      head.setTooltip(new Tooltip(row.policy() + ": made by the " + (rs.get(i).engine() == io.blastradius.core.run.Engine.SIM
          ? "simulated engine (virtual time)" : "real engine (sockets on loopback, real time)") + "."));
      head.setStyle("-fx-text-fill: " + io.blastradius.gui.charts.Palette.web(i) + "; -fx-font-weight: bold;");
      c.setGraphic(head);
      c.setId("compare-col-" + row.policy());
      c.setText(null);
      c.setSortable(false);
      c.setReorderable(false);
      // Wide enough for the policy's name in the header and for the widest value.
      double chars = 0;
      for (Metric m : METRICS) chars = Math.max(chars, m.value().apply(row).length());
      double charW = fontSize() * 0.62;
      // The header is bold: measured, with room for the column's padding.
      javafx.scene.text.Text t = new javafx.scene.text.Text(headText);
      t.setFont(javafx.scene.text.Font.font(fontProbe.getFont().getFamily(), javafx.scene.text.FontWeight.BOLD,
          fontSize()));
      double headW = t.getLayoutBounds().getWidth() + fontSize() * 2.2;
      c.setMinWidth(Math.max(90, Math.max(headW, chars * charW + 24)));
      c.setCellValueFactory(cd -> new ReadOnlyStringWrapper(cd.getValue().value().apply(row)));
      table.getColumns().add(c);
    }
    XYChart.Series<Number, String> failed = new XYChart.Series<>();
    for (int i = rs.size() - 1; i >= 0; i--) { // first policy on top
      Result r = rs.get(i);
      // The count in the label too: a bar of 4 next to one of 1,257 is invisible.
      XYChart.Data<Number, String> d = new XYChart.Data<>(r.score().failed(), r.score().policy() + ": " + Fmt.count(r.score().failed()));
      String colour = io.blastradius.gui.charts.Palette.web(i);
      d.nodeProperty().addListener((o, a, n) -> { if (n != null) n.setStyle("-fx-bar-fill: " + colour + ";"); });
      failed.getData().add(d);
    }
    bars.getData().setAll(List.of(failed));
    fitBarAxis();
    List<io.blastradius.gui.charts.CanvasChart.Line> lines = new java.util.ArrayList<>();
    double end = 0;
    for (Result r : rs) {
      if (r.lanes() != null) {
        io.blastradius.core.live.LanesView l = r.lanes();
        double[] cum = new double[l.span() + 1];
        long acc = 0;
        for (int k = 0; k < l.span(); k++) cum[k + 1] = acc += l.failed()[k];
        lines.add(new io.blastradius.gui.charts.CanvasChart.Line(r.score().policy(), 0, l.widthNanos() / 1e9, cum, false, true));
        end = Math.max(end, Math.max(r.score().wallMillis() / 1e3, l.endNanos() / 1e9));
      } else {
        long[] c = LiveChartsView.cumulativeFromStart(r.series(), 0);
        double[] v = new double[c.length];
        for (int k = 0; k < c.length; k++) v[k] = c[k];
        lines.add(new io.blastradius.gui.charts.CanvasChart.Line(r.score().policy(), r.series().firstSecond(), 1, v, false, true));
        end = Math.max(end, r.series().firstSecond() + c.length - 1);
      }
    }
    curves.setData(lines, List.of(), 0, Math.max(end, 0.001));
  }

  /** The scorecards shown, for the CSV export. */
  public List<Scorecard> scorecards() {
    return vm.results().stream().map(Result::score).toList();
  }

  /** The engine that made each shown scorecard ({@code real} or {@code sim}), for the CSV export. */
  public List<String> engines() {
    return vm.engines();
  }

  /** For tests: the curves chart. */
  public io.blastradius.gui.charts.CanvasChart curves() { return curves; }
  /** For tests: the frozen names table and the values table. */
  public TableView<Metric> namesTable() { return names; }
  public TableView<Metric> valuesTable() { return table; }
}
