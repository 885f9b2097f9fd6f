package io.blastradius.gui.external;

import io.blastradius.core.external.WireRates;
import io.blastradius.gui.charts.CanvasChart;
import io.blastradius.gui.charts.Palette;
import io.blastradius.gui.common.Ui;
import java.util.ArrayList;
import java.util.List;
import javafx.scene.layout.StackPane;

/**
 * The External workspace's wire chart: HTTP/2 streams (HTTP/1.1 requests) opened, reset and
 * answered per second over the session, from {@link WireRates}' buckets (regrouped into at most
 * {@link #MAX_BINS} bins, so the axis follows the session's length), with a dashed line at each
 * flow fault. Drawn by the workbench's {@link CanvasChart}.
 */
final class WireChart extends StackPane {
  static final int MAX_BINS = 80;

  private final CanvasChart chart = new CanvasChart("Streams per second (the wire)", "streams per second", 3);

  WireChart() {
    setId("external-wire-chart");
    chart.setId("external-wire-canvas");
    // Opened blue, answered green, reset vermilion (dashed): the Okabe-Ito colours the compare view uses.
    chart.setPalette(List.of(Palette.colour(0), Palette.colour(2), Palette.colour(1)));
    getChildren().add(chart);
    Ui.tipNode(chart, "From the wire decoder: streams the clients opened, streams reset (RST_STREAM either way) and streams"
        + " the server answered, per second; dashed lines mark flow faults (unplug, replug, rst, lat).");
  }

  /**
   * Per-second rates of the complete buckets up to {@code endNanos}, from the bin before the first
   * with a count (a session's quiet start is not drawn): point k at the end of bin k, at
   * {@code x0 + (k + 1) × dx} seconds.
   */
  record Rates(double x0, double dx, double[] opened, double[] reset, double[] answered) {}

  static Rates rates(WireRates.View v, long endNanos) {
    long w = v.widthNanos();
    int complete = (int) Math.min(v.span(), Math.max(0, endNanos) / w);
    int per = Math.max(1, (int) Math.ceil(Math.max(complete, endNanos / (double) w) / MAX_BINS));
    int n = complete / per;
    double dx = per * w / 1e9;
    double[] opened = new double[n], reset = new double[n], answered = new double[n];
    for (int i = 0; i < n * per; i++) {
      opened[i / per] += v.opened()[i];
      reset[i / per] += v.reset()[i];
      answered[i / per] += v.answered()[i];
    }
    int first = 0;
    while (first < n && opened[first] + reset[first] + answered[first] == 0) first++;
    first = Math.max(0, Math.min(first, n) - 1);
    for (int k = 0; k < n; k++) {
      opened[k] /= dx;
      reset[k] /= dx;
      answered[k] /= dx;
    }
    return new Rates(first * dx, dx, java.util.Arrays.copyOfRange(opened, first, n), java.util.Arrays.copyOfRange(reset, first, n),
        java.util.Arrays.copyOfRange(answered, first, n));
  }

  void show(ExternalViewModel.ChartFrame f) {
    Rates r = rates(f.rates(), f.endNanos());
    List<CanvasChart.Mark> marks = new ArrayList<>();
    for (WireRates.Marker m : f.rates().markers()) marks.add(new CanvasChart.Mark(m.t() / 1e9, m.flowId(), m.fault()));
    double x1 = r.x0() + r.dx();
    chart.setData(List.of(
        new CanvasChart.Line("opened/s", x1, r.dx(), r.opened(), false, false),
        new CanvasChart.Line("answered/s", x1, r.dx(), r.answered(), false, false),
        new CanvasChart.Line("reset/s", x1, r.dx(), r.reset(), true, false)), marks, r.x0(),
        Math.max(r.x0() + 1, f.endNanos() / 1e9));
  }

  CanvasChart canvasChart() {
    return chart;
  }
}
