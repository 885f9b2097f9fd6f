package io.blastradius.gui.charts;

import io.blastradius.gui.common.Ui;

import io.blastradius.core.live.SeriesView;
import java.util.Arrays;
import java.util.List;
import javafx.beans.value.ObservableLongValue;
import javafx.beans.value.ObservableValue;
import javafx.collections.ObservableList;
import javafx.scene.chart.XYChart;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;

/**
 * The live charts from the per-second series: successes and failures per second (solid and
 * dashed), and cumulative failures, both with a dashed vertical line at every unplug. Drawn on
 * canvases ({@link CanvasChart}); at most {@link ChartsViewModel#WINDOW_SECONDS} points per line.
 */
public final class LiveChartsView extends HBox {
  private final CanvasChart rate = new CanvasChart("Requests per second", "requests per second", 2);
  private final CanvasChart cumulative = new CanvasChart("Cumulative failures", "failed requests", 1);
  private final ObservableLongValue openSecond;

  public LiveChartsView(ObservableValue<SeriesView> series, ObservableLongValue openSecond) {
    super(8);
    this.openSecond = openSecond;
    getStyleClass().add("live-charts");
    rate.getStyleClass().add("rate-chart");
    rate.setId("rate-chart");
    cumulative.getStyleClass().add("cumulative-chart");
    cumulative.setId("cumulative-chart");
    HBox.setHgrow(rate, Priority.ALWAYS);
    HBox.setHgrow(cumulative, Priority.ALWAYS);
    rate.setPrefWidth(400);
    cumulative.setPrefWidth(400);
    getChildren().addAll(rate, cumulative);
    Ui.tipNode(rate, "Requests that ended each second: succeeded (solid) and failed (dashed)."
        + " Vertical dashed lines mark unplugs (fN = flow N). The second in progress is not drawn.");
    Ui.tipNode(cumulative, "Failed requests since the run started. One unplug under a naive HTTP/2 pool"
        + " turns into a steep climb; a good policy keeps the steps small.");
    series.addListener((o, a, s) -> show(s));
    openSecond.addListener(o -> show(series.getValue())); // the run ended: draw its last second too
    show(series.getValue());
  }

  private void show(SeriesView s) {
    if (s == null) s = SeriesView.EMPTY;
    int n = s.size();
    int complete = (int) Math.max(0, Math.min(n, openSecond.get() - s.firstSecond())); // seconds fully counted
    int from = Math.max(0, complete - ChartsViewModel.WINDOW_SECONDS);
    // Each second's count is drawn at the end of that second (when it is complete), so nothing
    // that happened after an unplug appears before its marker.
    long first = s.firstSecond() + from + 1;
    rate.setData(List.of(
        new CanvasChart.Line("succeeded/s", first, Arrays.copyOfRange(s.ok(), from, complete), false),
        new CanvasChart.Line("failed/s", first, Arrays.copyOfRange(s.failed(), from, complete), true)),
        s.markers(), first - 1);
    int cFrom = Math.max(0, n - ChartsViewModel.WINDOW_SECONDS);
    cumulative.setData(List.of(new CanvasChart.Line("failed so far", s.firstSecond() + cFrom,
        cumulativeFromStart(s, cFrom), false)), s.markers());
  }

  /**
   * Cumulative failures at the whole seconds from {@code firstSecond + from}: the count before that
   * second, then after each second (n - from + 1 points).
   */
  public static long[] cumulativeFromStart(SeriesView s, int from) {
    int n = s.size();
    long[] out = new long[n - from + 1];
    out[0] = n == 0 ? 0 : s.cumulativeFailed()[from] - s.failed()[from];
    System.arraycopy(s.cumulativeFailed(), from, out, 1, n - from);
    return out;
  }

  /** Makes {@code data} hold points (first+i, ys[i]) for i in [from, ys.length), in place. */
  public static void sync(ObservableList<XYChart.Data<Number, Number>> data, long first, long[] ys, int from) {
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
