package io.blastradius.gui;

import io.blastradius.core.live.SeriesView;
import javafx.beans.value.ObservableValue;
import javafx.collections.ObservableList;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;

/**
 * Two live charts from the per-second series: successes and failures per second, and cumulative
 * failures, both with a dashed line at every unplug. At most {@link
 * ChartsViewModel#WINDOW_SECONDS} points per series; data points are updated in place.
 */
final class LiveChartsView extends HBox {
  private final MarkerLineChart rate;
  private final MarkerLineChart cumulative;
  private final XYChart.Series<Number, Number> okS = new XYChart.Series<>();
  private final XYChart.Series<Number, Number> failS = new XYChart.Series<>();
  private final XYChart.Series<Number, Number> cumS = new XYChart.Series<>();

  private final javafx.beans.value.ObservableLongValue openSecond;

  LiveChartsView(ObservableValue<SeriesView> series, javafx.beans.value.ObservableLongValue openSecond) {
    super(8);
    this.openSecond = openSecond;
    getStyleClass().add("live-charts");
    rate = new MarkerLineChart(axis("run time (s)"), axis("requests per second"));
    rate.setTitle("Requests per second");
    rate.getStyleClass().add("rate-chart");
    rate.setId("rate-chart");
    okS.setName("succeeded/s (solid)");
    failS.setName("failed/s (dashed)");
    rate.getData().addAll(okS, failS);
    cumulative = new MarkerLineChart(axis("run time (s)"), axis("failed requests"));
    cumulative.setTitle("Cumulative failures (dashed verticals: unplugs)");
    cumulative.getStyleClass().add("cumulative-chart");
    cumulative.setId("cumulative-chart");
    cumS.setName("failed so far");
    cumulative.getData().add(cumS);
    cumulative.setLegendVisible(false);
    HBox.setHgrow(rate, Priority.ALWAYS);
    HBox.setHgrow(cumulative, Priority.ALWAYS);
    rate.setMinWidth(200);
    cumulative.setMinWidth(200);
    getChildren().addAll(rate, cumulative);
    Ui.tipNode(rate, "Requests that ended each second: succeeded (solid) and failed (dashed)."
        + " Vertical dashed lines mark unplugs (fN = flow N).");
    Ui.tipNode(cumulative, "Failed requests since the run started. One unplug under a naive HTTP/2 pool"
        + " turns into a steep climb; a good policy keeps the steps small.");
    series.addListener((o, a, s) -> show(s));
    show(series.getValue());
  }

  private static NumberAxis axis(String label) {
    NumberAxis a = new NumberAxis();
    a.setLabel(label);
    a.setAutoRanging(true);
    a.setMinorTickVisible(false);
    return a;
  }

  private void show(SeriesView s) {
    if (s == null) s = SeriesView.EMPTY;
    int n = s.size();
    int from = Math.max(0, n - ChartsViewModel.WINDOW_SECONDS);
    long open = openSecond.get();
    int complete = (int) Math.max(0, Math.min(n, open - s.firstSecond())); // seconds fully counted
    long[] ok = complete == n ? s.ok() : java.util.Arrays.copyOf(s.ok(), complete);
    long[] failed = complete == n ? s.failed() : java.util.Arrays.copyOf(s.failed(), complete);
    int rateFrom = Math.max(0, complete - ChartsViewModel.WINDOW_SECONDS);
    sync(okS.getData(), s.firstSecond(), ok, rateFrom);
    sync(failS.getData(), s.firstSecond(), failed, rateFrom);
    sync(cumS.getData(), s.firstSecond(), s.cumulativeFailed(), from);
    rate.setMarkers(s.markers());
    cumulative.setMarkers(s.markers());
  }

  /** Makes {@code data} hold points (first+i, ys[i]) for i in [from, ys.length), in place. */
  static void sync(ObservableList<XYChart.Data<Number, Number>> data, long first, long[] ys, int from) {
    int want = ys.length - from;
    if (data.size() > want) data.remove(want, data.size());
    for (int i = 0; i < data.size(); i++) {
      XYChart.Data<Number, Number> d = data.get(i);
      long x = first + from + i;
      if (d.getXValue().longValue() != x) d.setXValue(x);
      if (d.getYValue().longValue() != ys[from + i]) d.setYValue(ys[from + i]);
    }
    if (data.size() < want) {
      java.util.List<XYChart.Data<Number, Number>> add = new java.util.ArrayList<>(want - data.size());
      for (int i = data.size(); i < want; i++) add.add(new XYChart.Data<>(first + from + i, ys[from + i]));
      data.addAll(add);
    }
  }
}
