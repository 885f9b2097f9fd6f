package io.blastradius.gui;

import io.blastradius.gui.CompareViewModel.Choice;
import io.blastradius.gui.CompareViewModel.Result;
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
import javafx.scene.control.TableView;
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
final class CompareView extends BorderPane {
  /** One scorecard line: a name, what it means, how to print it. */
  record Metric(String name, String help, Function<ScoreRow, String> value) {}

  static final List<Metric> METRICS = List.of(
      new Metric("Requests", "Requests issued.", r -> Fmt.count(r.requests())),
      new Metric("OK", "Requests that succeeded.", r -> Fmt.count(r.ok())),
      new Metric("Failed", "Timeouts plus errors.", r -> Fmt.count(r.failed())),
      new Metric("Cancelled", "Cancelled on purpose by the client (not failures).", r -> Fmt.count(r.cancelled())),
      new Metric("Unplugs", "Flows the fault plan unplugged.", r -> Fmt.count(r.unplugs())),
      new Metric("Failures per unplug", "Failed requests per unplugged flow: the blast radius of one dead flow.",
          r -> Fmt.decimal(r.failuresPerUnplug(), 1)),
      new Metric("Magnification", "How many times worse than one failure per unplug.", r -> Fmt.decimal(r.magnification(), 1)),
      new Metric("Time to evict (ms)", "From an unplug to the policy closing the dead connection.",
          r -> Fmt.decimal(r.timeToEvictMillis(), 0)),
      new Metric("Connections opened", "Connections dialed during the run (churn).", r -> Fmt.count(r.connectionsOpened())),
      new Metric("PINGs sent", "PING frames sent: a cost servers may punish (ENHANCE_YOUR_CALM).", r -> Fmt.count(r.pingsSent())),
      new Metric("GOAWAYs", "GOAWAY frames received, by error code.",
          r -> r.goAways().isEmpty() ? "0" : Fmt.count(r.goAwayTotal()) + " " + r.goAways()),
      new Metric("Evictions", "Connections the policy judged dead and closed.", r -> Fmt.count(r.evictions())),
      new Metric("False evictions", "Evictions of connections that were alive (a slow server, not a dead network).",
          r -> r.falseEvictions() < 0 ? "-" : Fmt.count(r.falseEvictions())),
      new Metric("p50 latency (µs)", "Median request latency.", r -> Fmt.decimal(r.p50Micros(), 0)),
      new Metric("p99 latency (µs)", "99th percentile request latency.", r -> Fmt.decimal(r.p99Micros(), 0)),
      new Metric("Max latency (µs)", "Slowest request.", r -> Fmt.decimal(r.maxMicros(), 0)),
      new Metric("Wall time (ms)", "How long the run took.", r -> Fmt.decimal(r.wallMillis(), 0)));

  private final CompareViewModel vm;
  private final TableView<Metric> table = new TableView<>();
  private final BarChart<String, Number> bars;
  private final MarkerLineChart curves;

  CompareView(CompareViewModel vm, Runnable runComparison, javafx.beans.value.ObservableBooleanValue canRun) {
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
    HBox buttons = new HBox(8, run, cancel);
    VBox left = new VBox(8, pickTitle, list, buttons, progress, progressText, note);
    left.getStyleClass().add("compare-left");
    left.setPrefWidth(250);
    left.setMinWidth(220);
    VBox.setVgrow(list, Priority.ALWAYS);

    // Right: the scorecards.
    table.setId("compare-table");
    table.getItems().setAll(METRICS);
    table.setPlaceholder(new Label("No results yet."));
    TableColumn<Metric, String> name = new TableColumn<>("Metric");
    name.setSortable(false);
    name.setPrefWidth(170);
    name.setCellValueFactory(cd -> new ReadOnlyStringWrapper(cd.getValue().name()));
    name.setCellFactory(c -> new ListLikeCell());
    table.getColumns().add(name);
    table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);

    CategoryAxis bx = new CategoryAxis();
    bx.setLabel("policy");
    NumberAxis by = new NumberAxis();
    by.setLabel("failed requests");
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
    cy.setLabel("failed requests");
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
    right.setDividerPositions(0.5);

    SplitPane main = new SplitPane(left, right);
    main.setDividerPositions(0.22);
    SplitPane.setResizableWithParent(left, false);
    setCenter(main);

    vm.results().addListener((ListChangeListener<Result>) c -> refresh());
    refresh();
  }

  private void refresh() {
    List<Result> rs = List.copyOf(vm.results());
    // Columns: the metric name, then one per policy, in run order.
    while (table.getColumns().size() > 1) table.getColumns().remove(table.getColumns().size() - 1);
    for (int i = 0; i < rs.size(); i++) {
      ScoreRow row = rs.get(i).score();
      TableColumn<Metric, String> c = new TableColumn<>(row.policy());
      c.setId("compare-col-" + row.policy());
      c.setSortable(false);
      c.setPrefWidth(130);
      c.setCellValueFactory(cd -> new ReadOnlyStringWrapper(cd.getValue().value().apply(row)));
      table.getColumns().add(c);
    }
    XYChart.Series<String, Number> failed = new XYChart.Series<>();
    for (Result r : rs) failed.getData().add(new XYChart.Data<>(r.score().policy(), r.score().failed()));
    bars.getData().setAll(List.of(failed));
    curves.getData().clear();
    for (Result r : rs) {
      XYChart.Series<Number, Number> s = new XYChart.Series<>();
      s.setName(r.score().policy());
      LiveChartsView.sync(s.getData(), r.series().firstSecond(), r.series().cumulativeFailed(), 0);
      curves.getData().add(s);
    }
  }

  /** Metric names with their meaning as a tooltip. */
  private static final class ListLikeCell extends javafx.scene.control.TableCell<Metric, String> {
    @Override
    protected void updateItem(String item, boolean empty) {
      super.updateItem(item, empty);
      setText(empty ? null : item);
      Metric m = empty || getTableRow() == null ? null : getTableRow().getItem();
      setTooltip(m == null ? null : new javafx.scene.control.Tooltip(m.help()));
      getStyleClass().remove("metric-name");
      if (!empty) getStyleClass().add("metric-name");
    }
  }
}
