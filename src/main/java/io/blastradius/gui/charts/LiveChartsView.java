package io.blastradius.gui.charts;

import io.blastradius.gui.common.Ui;

import io.blastradius.core.live.LanesView;
import java.util.ArrayList;
import java.util.List;
import javafx.beans.value.ObservableValue;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;

/**
 * The live charts: requests per second that succeeded and failed (solid and dashed), and
 * cumulative failures as a staircase, both with a vertical line at every flow fault. Both read
 * the request timeline's buckets ({@link LanesView}), summed over connections and regrouped into
 * at most {@link #MAX_BINS} bins, so the x axis follows the run: milliseconds for a sub-second run,
 * seconds or minutes for a long one.
 */
public final class LiveChartsView extends HBox {
  /** Rate-chart bins at most. */
  static final int MAX_BINS = 80;

  private final CanvasChart rate = new CanvasChart("Requests per second", "requests per second", 2);
  private final CanvasChart cumulative = new CanvasChart("Cumulative failures", "failed requests", 1);

  public LiveChartsView(ObservableValue<TimelineFrame> frame) {
    super(8);
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
    Ui.tipNode(rate, "Requests that ended in each interval, per second: succeeded (solid) and failed (dashed)."
        + " Vertical lines mark flow faults (fN = unplug of flow N; replug, rst, fin, lat). The interval in progress is not drawn.");
    Ui.tipNode(cumulative, "Failed requests since the run started. One unplug under a naive HTTP/2 pool"
        + " turns into a steep climb; a good policy keeps the steps small.");
    frame.addListener((o, a, f) -> show(f));
    show(frame.getValue());
  }

  private void show(TimelineFrame f) {
    if (f == null) f = TimelineFrame.EMPTY;
    double end = f.endSeconds();
    List<CanvasChart.Mark> marks = marks(f.lanes());
    Bins b = bins(f);
    rate.setData(List.of(
        new CanvasChart.Line("succeeded/s", b.dx, b.dx, b.ok, false, false),
        new CanvasChart.Line("failed/s", b.dx, b.dx, b.failed, true, false)), marks, 0, end);
    cumulative.setData(List.of(new CanvasChart.Line("failed so far", 0, f.lanes().widthNanos() / 1e9,
        cumulative(f.lanes()), false, true)), marks, 0, end);
  }

  static List<CanvasChart.Mark> marks(LanesView l) {
    List<CanvasChart.Mark> out = new ArrayList<>(l.marks().size());
    for (LanesView.Mark m : l.marks()) out.add(new CanvasChart.Mark(m.t() / 1e9, m.flowId(), m.fault()));
    return out;
  }

  /** Per-second rates in bins of {@code dx} seconds; point k at the end of bin k. */
  record Bins(double dx, double[] ok, double[] failed) {}

  static Bins bins(TimelineFrame f) {
    LanesView l = f.lanes();
    long w = l.widthNanos();
    // Only buckets complete by the frame's end (a bucket in progress would look like a drop).
    int complete = f.finished() ? l.span() : (int) Math.min(l.span(), f.endNanos() / w);
    int per = Math.max(1, (int) Math.ceil(Math.max(complete, f.endNanos() / (double) w) / MAX_BINS));
    int n = f.finished() ? (complete + per - 1) / per : complete / per;
    double dx = per * w / 1e9;
    double[] ok = new double[n], failed = new double[n];
    for (int i = 0; i < Math.min(complete, n * per); i++) {
      ok[i / per] += l.ok()[i];
      failed[i / per] += l.failed()[i];
    }
    for (int k = 0; k < n; k++) {
      ok[k] /= dx;
      failed[k] /= dx;
    }
    return new Bins(dx, ok, failed);
  }

  /** Failures so far at the end of each bucket, from 0 at time 0: a staircase. */
  static double[] cumulative(LanesView l) {
    double[] out = new double[l.span() + 1];
    long acc = 0;
    for (int i = 0; i < l.span(); i++) out[i + 1] = acc += l.failed()[i];
    return out;
  }

  /**
   * Cumulative failures at the whole seconds from {@code firstSecond + from} of a per-second
   * series: the count before that second, then after each second (n - from + 1 points).
   */
  public static long[] cumulativeFromStart(io.blastradius.core.live.SeriesView s, int from) {
    int n = s.size();
    long[] out = new long[n - from + 1];
    out[0] = n == 0 ? 0 : s.cumulativeFailed()[from] - s.failed()[from];
    System.arraycopy(s.cumulativeFailed(), from, out, 1, n - from);
    return out;
  }

  /** Makes {@code data} hold points (first+i, ys[i]) for i in [from, ys.length), in place. */
  public static void sync(javafx.collections.ObservableList<javafx.scene.chart.XYChart.Data<Number, Number>> data,
      long first, long[] ys, int from) {
    int want = ys.length - from;
    if (data.size() > want) data.remove(want, data.size());
    for (int i = 0; i < data.size(); i++) {
      javafx.scene.chart.XYChart.Data<Number, Number> d = data.get(i);
      long x = first + from + i;
      if (d.getXValue().longValue() != x) d.setXValue(x);
      if (d.getYValue().longValue() != ys[from + i]) d.setYValue(ys[from + i]);
    }
    if (data.size() < want) {
      List<javafx.scene.chart.XYChart.Data<Number, Number>> add = new ArrayList<>(want - data.size());
      for (int i = data.size(); i < want; i++) add.add(new javafx.scene.chart.XYChart.Data<>(first + from + i, ys[from + i]));
      data.addAll(add);
    }
  }

  CanvasChart rateChart() { return rate; }
  CanvasChart cumulativeChart() { return cumulative; }
}
