package io.blastradius.gui.compare;

import io.blastradius.gui.charts.LiveChartsView;
import io.blastradius.gui.charts.MarkerLineChart;
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
  record Metric(String name, String help, Function<Scorecard, String> value) {}

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
  private final BarChart<Number, String> bars;
  private final MarkerLineChart curves;

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
    Label note = Ui.label("Each policy runs the scenario from the form on a fresh server, proxy and pool.", "muted");
    note.setWrapText(true);
    run.setMinWidth(Region.USE_PREF_SIZE);
    cancel.setMinWidth(Region.USE_PREF_SIZE);
    HBox buttons = new HBox(8, run, cancel);
    VBox left = new VBox(8, pickTitle, list, buttons, progress, progressText, note);
    left.getStyleClass().add("compare-left");
    left.setPrefWidth(16 * 14);
    left.setMinWidth(Region.USE_PREF_SIZE);
    VBox.setVgrow(list, Priority.ALWAYS);

    // Right: the scorecards.
    table.setId("compare-table");
    table.getItems().setAll(METRICS);
    table.setPlaceholder(new Label("No results yet."));
    TableColumn<Metric, String> name = new TableColumn<>("Metric");
    name.setSortable(false);
    name.setReorderable(false);
    name.setMinWidth(190);
    name.getStyleClass().add("metric-name");
    name.setCellValueFactory(cd -> new ReadOnlyStringWrapper(cd.getValue().name()));
    table.getColumns().add(name);
    table.setRowFactory(tv -> new TableRow<>() {
      @Override
      protected void updateItem(Metric m, boolean empty) {
        super.updateItem(m, empty);
        setTooltip(empty || m == null ? null : new Tooltip(m.help()));
      }
    });
    table.setColumnResizePolicy(TableView.UNCONSTRAINED_RESIZE_POLICY);

    // Horizontal bars: policy names read left to right instead of rotated under the bars.
    NumberAxis bx = new NumberAxis();
    bx.setLabel("failed requests");
    CategoryAxis by = new CategoryAxis();
    bars = new BarChart<>(bx, by);
    bars.setId("compare-bars");
    bars.setTitle("Failed requests per policy");
    bars.setLegendVisible(false);
    bars.setAnimated(false);
    bars.setMinWidth(200);
    Ui.tipNode(bars, "Failed requests per policy on the same scenario: shorter is better.");
    NumberAxis cx = new NumberAxis();
    cx.setLabel("run time (s)");
    NumberAxis cy = new NumberAxis();
    cy.setLabel("failures");
    curves = new MarkerLineChart(cx, cy);
    curves.setId("compare-curves");
    curves.setTitle("Cumulative failures over time");
    curves.getStyleClass().add("compare-curves");
    curves.setMinWidth(200);
    Ui.tipNode(curves, "Failed requests since each run started, one line per policy (line styles differ per policy).");
    HBox charts = new HBox(8, bars, curves);
    HBox.setHgrow(bars, Priority.ALWAYS);
    HBox.setHgrow(curves, Priority.ALWAYS);
    SplitPane right = new SplitPane(table, charts);
    right.setOrientation(Orientation.VERTICAL);
    right.setDividerPositions(0.64); // every metric row fits at 1280x800

    setLeft(left);
    setCenter(right);

    vm.results().addListener((ListChangeListener<Result>) c -> refresh());
    refresh();
  }

  private void refresh() {
    List<Result> rs = List.copyOf(vm.results());
    // Columns: the metric name, then one per policy, in run order.
    while (table.getColumns().size() > 1) table.getColumns().remove(table.getColumns().size() - 1);
    for (int i = 0; i < rs.size(); i++) {
      Scorecard row = rs.get(i).score();
      TableColumn<Metric, String> c = new TableColumn<>(row.policy());
      c.setId("compare-col-" + row.policy());
      c.setSortable(false);
      c.setReorderable(false);
      // Wide enough for the policy's name in the header and for the widest value.
      double chars = row.policy().length();
      for (Metric m : METRICS) chars = Math.max(chars, m.value().apply(row).length());
      c.setMinWidth(Math.max(90, chars * 8.5 + 24));
      c.setCellValueFactory(cd -> new ReadOnlyStringWrapper(cd.getValue().value().apply(row)));
      table.getColumns().add(c);
    }
    XYChart.Series<Number, String> failed = new XYChart.Series<>();
    for (int i = rs.size() - 1; i >= 0; i--) { // first policy on top
      Result r = rs.get(i);
      // The count in the label too: a bar of 4 next to one of 1,257 is invisible.
      failed.getData().add(new XYChart.Data<>(r.score().failed(), r.score().policy() + ": " + Fmt.count(r.score().failed())));
    }
    bars.getData().setAll(List.of(failed));
    curves.getData().clear();
    double maxX = 1;
    for (Result r : rs) {
      XYChart.Series<Number, Number> s = new XYChart.Series<>();
      s.setName(r.score().policy());
      LiveChartsView.sync(s.getData(), r.series().firstSecond(), LiveChartsView.cumulativeFromStart(r.series(), 0), 0);
      for (XYChart.Data<Number, Number> d : s.getData()) maxX = Math.max(maxX, d.getXValue().doubleValue());
      curves.getData().add(s);
    }
    // Whole seconds, at most about six ticks: auto-ranging picks 2.5 s steps whose labels run into
    // each other in a chart this narrow.
    NumberAxis x = (NumberAxis) curves.getXAxis();
    double unit = 1;
    for (double u : new double[] {1, 2, 5, 10, 20, 30, 60, 120, 300, 600, 1200, 1800, 3600}) {
      unit = u;
      if (maxX / u <= 6) break;
    }
    x.setAutoRanging(false);
    x.setLowerBound(0);
    x.setTickUnit(unit);
    x.setUpperBound(Math.ceil(maxX / unit) * unit);
    x.setMinorTickCount(0);
  }

}
