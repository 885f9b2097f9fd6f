package io.blastradius.cli;

import io.blastradius.core.sim.Sweep;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.axis.LogarithmicAxis;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The sweep's PNG: failures per unplug (y) against PINGs per hour (x), the swept policy as a
 * line through its values, every policy at its defaults as a labelled point. Both axes are
 * logarithmic (the figures span five orders of magnitude); zero is drawn on the axis' floor (1
 * PING per hour, 0.5 failures per unplug) and says so. Points at the same place share one label.
 * The series are the window's ({@link Sweep.Result#series()}), the Pareto front a grey staircase.
 * Drawn headless with JFreeChart (Java2D), so no window and no JavaFX are involved.
 */
final class SweepChart {
  private SweepChart() {}

  static void write(Path file, String title, String scenario, Sweep.Result result) throws IOException {
    System.setProperty("java.awt.headless", "true");
    XYSeriesCollection data = new XYSeriesCollection();
    // The window's fold (Sweep.Result.series): a line per swept policy (several for --policy all),
    // then every other policy at its defaults; and the Pareto front as a grey staircase.
    List<Sweep.Point> swept = new ArrayList<>();
    List<Sweep.Point> baselines = new ArrayList<>();
    java.util.Set<String> sweptIds = new java.util.HashSet<>();
    for (Sweep.Point p : result.swept()) sweptIds.add(Sweep.idOf(p));
    int lines = 0;
    for (Map.Entry<String, List<Sweep.Point>> e : result.series().entrySet()) {
      if (!sweptIds.contains(e.getKey())) {
        baselines.addAll(e.getValue());
        continue;
      }
      XYSeries line = new XYSeries(sweptIds.size() == 1 ? title : e.getKey() + " " + result.param().name(), false);
      for (Sweep.Point p : e.getValue()) line.add(x(p), y(p));
      data.addSeries(line);
      swept.addAll(e.getValue());
      lines++;
    }
    XYSeries points = new XYSeries("other policies at their defaults", false);
    for (Sweep.Point p : baselines) points.add(x(p), y(p));
    data.addSeries(points);
    XYSeries front = new XYSeries("Pareto front", false);
    List<Sweep.Point> f = result.front(Sweep.Cost.PINGS_PER_HOUR);
    for (int i = 0; i < f.size(); i++) {
      if (i > 0) front.add(x(f.get(i)), y(f.get(i - 1)));
      front.add(x(f.get(i)), y(f.get(i)));
    }
    double maxX = 1; // the front goes on at its last level to the chart's right (more cost buys nothing)
    for (Sweep.Point p : result.all()) maxX = Math.max(maxX, x(p));
    if (!f.isEmpty()) front.add(maxX, y(f.get(f.size() - 1)));
    data.addSeries(front);

    LogarithmicAxis x = new LogarithmicAxis("PINGs per hour, the cost (log; 0 drawn at 1)");
    LogarithmicAxis y = new LogarithmicAxis("failures per unplug (log; 0 drawn at 0.5)");
    x.setStrictValuesFlag(false);
    x.setUpperMargin(0.35); // room for the labels of the rightmost points
    y.setStrictValuesFlag(false);
    XYLineAndShapeRenderer r = new XYLineAndShapeRenderer();
    Color[] colours = {new Color(0x1f77b4), new Color(0x2ca02c), new Color(0x9467bd), new Color(0xff7f0e),
        new Color(0x8c564b), new Color(0x17becf), new Color(0xe377c2), new Color(0x7f7f7f), new Color(0xbcbd22)};
    for (int i = 0; i < lines; i++) {
      r.setSeriesLinesVisible(i, true);
      r.setSeriesPaint(i, colours[i % colours.length]);
      r.setSeriesStroke(i, new BasicStroke(2f));
    }
    r.setSeriesLinesVisible(lines, false);
    r.setSeriesPaint(lines, new Color(0xd62728));
    r.setSeriesShapesVisible(lines + 1, false);
    r.setSeriesPaint(lines + 1, new Color(0, 0, 0, 60));
    r.setSeriesStroke(lines + 1, new BasicStroke(9f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
    XYPlot plot = new XYPlot(data, x, y, r);
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
    plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
    Font small = new Font(Font.SANS_SERIF, Font.PLAIN, 10);
    labels(plot, swept, true, small, new Color(0x1f77b4));
    labels(plot, baselines, false, small, Color.DARK_GRAY);
    JFreeChart chart = new JFreeChart("Failures against cost: " + title + " on " + scenario + " (simulated)",
        new Font(Font.SANS_SERIF, Font.BOLD, 14), plot, true);
    chart.setBackgroundPaint(Color.WHITE);
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    ChartUtils.saveChartAsPNG(tmp.toFile(), chart, 1000, 650);
    Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }

  private static double x(Sweep.Point p) {
    return Math.max(1, p.pingsPerHour());
  }

  private static double y(Sweep.Point p) {
    return Math.max(0.5, p.failuresPerUnplug());
  }

  /** One label per place: the names (or values) of every point drawn there. */
  private static void labels(XYPlot plot, List<Sweep.Point> points, boolean values, Font font, Color color) {
    Map<List<Double>, List<String>> at = new LinkedHashMap<>();
    for (Sweep.Point p : points) {
      at.computeIfAbsent(List.of(x(p), y(p)), k -> new ArrayList<>()).add(values ? p.value() : p.policy());
    }
    at.forEach((xy, names) -> {
      XYTextAnnotation a = new XYTextAnnotation("  " + String.join(", ", names), xy.get(0), xy.get(1));
      a.setFont(font);
      a.setPaint(color);
      a.setTextAnchor(values ? TextAnchor.TOP_LEFT : TextAnchor.BOTTOM_LEFT);
      plot.addAnnotation(a);
    });
  }
}
