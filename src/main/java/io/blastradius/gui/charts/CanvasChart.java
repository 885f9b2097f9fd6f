package io.blastradius.gui.charts;

import io.blastradius.gui.common.Fmt;

import io.blastradius.core.event.Fault;
import io.blastradius.core.live.SeriesView;
import java.util.ArrayList;
import java.util.List;
import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.Label;
import javafx.scene.layout.Background;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.paint.Paint;
import javafx.scene.shape.StrokeLineCap;
import javafx.scene.text.Font;
import javafx.scene.text.Text;
import javafx.scene.text.TextAlignment;

/**
 * A per-second line chart drawn on one {@link Canvas}: axes, grid, solid or dashed lines, a dashed
 * vertical line per flow fault, and a legend. Live data changes several times a second; a
 * {@code LineChart} rebuilds nodes (points, tick labels) and re-applies CSS each time, which cost
 * whole frames in the bench, while a canvas redraw of a few hundred segments takes well under a
 * millisecond. Colours and fonts still come from the stylesheet, through invisible probe nodes with
 * style classes ({@code canvas-chart-text}, {@code canvas-chart-grid}, {@code series-N}), so the
 * theme and presenter mode apply.
 */
public final class CanvasChart extends CanvasRegion {
  /**
   * One line: its name (legend), value {@code k} at run time {@code x0 + k × dx} seconds, and its
   * look; {@code steps} draws it as a staircase (a count that jumps at each point, not a slope).
   */
  public record Line(String name, double x0, double dx, double[] values, boolean dashed, boolean steps) {
    public Line(String name, long firstSecond, long[] values, boolean dashed) {
      this(name, firstSecond, 1, java.util.Arrays.stream(values).asDoubleStream().toArray(), dashed, false);
    }
  }

  private final Label text = new Label(); // probe: font and text colour
  private final Region grid = new Region(); // probe: grid and axis colour
  private final Region markerProbe = new Region(); // probe: fault-marker colour
  private final List<Region> seriesProbes = new ArrayList<>();
  private final String title;
  private final String yLabel;
  private List<Line> lines = List.of();
  private List<Mark> markers = List.of();
  private double xStart = Double.NaN, xEnd = Double.NaN; // fixed axis ends, seconds (NaN: from the lines)

  /** A fault on the time axis: where, which flow, what. */
  public record Mark(double seconds, int flowId, Fault fault) {
    static Mark of(SeriesView.Marker m) {
      return new Mark(m.seconds(), m.flowId(), m.fault());
    }
  }

  public CanvasChart(String title, String yLabel, int seriesCount) {
    this.title = title;
    this.yLabel = yLabel;
    getStyleClass().add("canvas-chart");
    text.getStyleClass().add("canvas-chart-text");
    grid.getStyleClass().add("canvas-chart-grid");
    markerProbe.getStyleClass().add("canvas-chart-marker");
    List<Region> probes = new ArrayList<>(List.of(text, grid, markerProbe));
    for (int i = 0; i < seriesCount; i++) {
      Region r = new Region();
      r.getStyleClass().addAll("canvas-chart-series", "series-" + i);
      seriesProbes.add(r);
      probes.add(r);
    }
    for (Region p : probes) {
      p.setManaged(false);
      p.setVisible(false);
      if (p != text) p.backgroundProperty().addListener(o -> redrawLater());
    }
    text.fontProperty().addListener(o -> redrawLater());
    text.textFillProperty().addListener(o -> redrawLater());
    getChildren().add(canvas);
    getChildren().addAll(probes);
    setMinSize(200, 140);
  }

  public void setData(List<Line> newLines, List<SeriesView.Marker> newMarkers) {
    setData(newLines, newMarkers, Long.MAX_VALUE);
  }

  /** {@code axisStart}: the x axis starts at this second even if the lines start later. */
  public void setData(List<Line> newLines, List<SeriesView.Marker> newMarkers, long axisStart) {
    setData(newLines, newMarkers.stream().map(Mark::of).toList(),
        axisStart == Long.MAX_VALUE ? Double.NaN : axisStart, Double.NaN);
  }

  /** The x axis runs from {@code from} to {@code to} seconds (NaN: from the lines). */
  public void setData(List<Line> newLines, List<Mark> newMarks, double from, double to) {
    lines = newLines;
    markers = newMarks;
    xStart = from;
    xEnd = to;
    redrawLater();
  }

  /** What the chart draws, for tests: its lines. */
  public List<Line> lines() { return lines; }
  /** Its fault marks. */
  public List<Mark> marks() { return markers; }

  @Override
  protected void draw(double w, double h) {
    GraphicsContext g = canvas.getGraphicsContext2D();
    g.clearRect(0, 0, w, h);
    if (w < 50 || h < 50) return;
    Font font = text.getFont();
    Font bold = Font.font(font.getFamily(), javafx.scene.text.FontWeight.BOLD, font.getSize());
    Font small = Font.font(font.getFamily(), font.getSize() * 0.85);
    Paint fg = text.getTextFill();
    Paint gridPaint = fill(grid, Color.gray(0.8));
    Paint markerPaint = fill(markerProbe, Color.gray(0.4));
    double em = font.getSize();

    // Scales.
    double first = Double.POSITIVE_INFINITY, last = Double.NEGATIVE_INFINITY, max = 0;
    for (Line l : lines) {
      if (l.values().length == 0) continue;
      first = Math.min(first, l.x0());
      last = Math.max(last, l.x0() + (l.values().length - 1) * l.dx());
      for (double v : l.values()) max = Math.max(max, v);
    }
    if (first == Double.POSITIVE_INFINITY) {
      first = Double.isNaN(xStart) ? 0 : xStart;
      last = first + 10;
    }
    if (!Double.isNaN(xStart)) first = Math.min(first, xStart);
    if (!Double.isNaN(xEnd)) last = xEnd;
    else last = Math.max(last, first + 10);
    if (last <= first) last = first + 0.001;
    double yTop = Math.max(max, 4);
    String yMaxLabel = Fmt.count((long) Math.max(niceCeil(yTop), Math.ceil(yTop / niceStep(yTop)) * niceStep(yTop)));
    double left = width(yMaxLabel, small) + em * 2.2;
    double legendW = 0;
    for (Line l : lines) legendW += width(l.name(), small) + em * 3.2;
    // The legend goes beside the title when it fits, else in as many rows under it as it needs.
    boolean legendBelow = width(title, bold) + em + legendW > w - left - em;
    double rowH = small.getSize() * 1.45;
    int legendRows = 1;
    if (legendBelow) {
      double x = em * 0.5;
      for (Line l : lines) {
        double ew = width(l.name(), small) + em * 3.2;
        if (x + ew > w - em * 0.5 && x > em * 0.5) {
          legendRows++;
          x = em * 0.5;
        }
        x += ew;
      }
    }
    double legendY = legendBelow ? em * 1.7 : em * 0.45;
    double top = legendBelow ? em * 1.9 + legendRows * rowH + em * 0.3 : em * 2.2;
    double bottom = h - em * 3.6;
    double right = w - em;
    double plotW = Math.max(10, right - left), plotH = Math.max(10, bottom - top);
    // As many y ticks as fit (at most 4), so a short chart (presenter mode) does not stack labels.
    int yTicks = (int) Math.max(1, Math.min(4, Math.floor(plotH / (small.getSize() * 1.8))));
    double yStep = niceStep(yTop / yTicks);
    double yMax = Math.ceil(yTop / yStep) * yStep;
    double x0 = first, x1 = last;

    // Title and legend on one line.
    g.setFill(fg);
    // A narrow chart (two side by side in presenter mode at 1024 px) moves its title left, then
    // draws it smaller, rather than running it into the next chart.
    double titleX = left;
    Font titleFont = bold;
    if (left + width(title, bold) > w - em * 0.5) {
      titleX = em * 0.5;
      double fit = (w - em) / width(title, bold);
      if (fit < 1) titleFont = Font.font(font.getFamily(), javafx.scene.text.FontWeight.BOLD, font.getSize() * Math.max(0.6, fit));
    }
    g.setFont(titleFont);
    g.setTextBaseline(VPos.TOP);
    g.setTextAlign(TextAlignment.LEFT);
    g.fillText(title, titleX, em * 0.3);
    g.setFont(small);
    if (!legendBelow) {
      double lx = right;
      for (int i = lines.size() - 1; i >= 0; i--) {
        Line l = lines.get(i);
        double tw = width(l.name(), small);
        lx -= tw;
        g.setFill(fg);
        g.fillText(l.name(), lx, legendY);
        lx -= em * 2.2;
        stroke(g, i, l.dashed());
        g.strokeLine(lx, legendY + small.getSize() * 0.6, lx + em * 1.8, legendY + small.getSize() * 0.6);
        lx -= em;
      }
    } else {
      double lx = em * 0.5, ly = legendY;
      for (int i = 0; i < lines.size(); i++) {
        Line l = lines.get(i);
        double ew = width(l.name(), small) + em * 3.2;
        if (lx + ew > w - em * 0.5 && lx > em * 0.5) {
          lx = em * 0.5;
          ly += rowH;
        }
        stroke(g, i, l.dashed());
        g.strokeLine(lx, ly + small.getSize() * 0.6, lx + em * 1.8, ly + small.getSize() * 0.6);
        g.setFill(fg);
        g.fillText(l.name(), lx + em * 2.2, ly);
        lx += ew;
      }
    }

    // Grid and axes.
    g.setLineDashes();
    g.setLineWidth(1);
    g.setStroke(gridPaint);
    g.setFill(fg);
    g.setFont(small);
    g.setTextAlign(TextAlignment.RIGHT);
    g.setTextBaseline(VPos.CENTER);
    for (double v = 0; v <= yMax + 1e-9; v += yStep) {
      double y = Math.round(bottom - v / yMax * plotH) + 0.5;
      g.strokeLine(left, y, right, y);
      g.fillText(Fmt.count((long) v), left - em * 0.4, y);
    }
    double xStep = TimeAxis.step((x1 - x0) / Math.max(2, plotW / (em * 5)));
    if (x1 - x0 >= 10) xStep = Math.max(1, xStep);
    g.setTextAlign(TextAlignment.CENTER);
    g.setTextBaseline(VPos.TOP);
    long k0 = (long) Math.ceil(x0 / xStep - 1e-9);
    for (long k = k0; k * xStep <= x1 + xStep * 1e-6; k++) {
      double s = k * xStep;
      double x = Math.round(left + (s - x0) / (x1 - x0) * plotW) + 0.5;
      g.strokeLine(x, top, x, bottom);
      String label = TimeAxis.label(s, xStep, x1);
      g.fillText(label, Math.min(x, w - width(label, small) / 2 - 2), bottom + em * 0.3);
    }
    g.fillText(TimeAxis.title(x1), left + plotW / 2, bottom + em * 1.7);
    if (width(yLabel, small) < plotH) { // else the title says it
      g.save();
      g.translate(em * 0.2, top + plotH / 2);
      g.rotate(-90);
      g.setTextBaseline(VPos.TOP);
      g.fillText(yLabel, 0, 0);
      g.restore();
    }

    // Fault markers.
    g.setStroke(markerPaint);
    g.setLineWidth(1.5);
    g.setFill(markerPaint);
    g.setFont(small);
    g.setTextAlign(TextAlignment.LEFT);
    g.setTextBaseline(VPos.TOP);
    double lastLabel = Double.NEGATIVE_INFINITY;
    int row = 0;
    for (Mark m : markers) {
      double sec = m.seconds();
      if (sec < x0 || sec > x1) continue;
      double x = Math.round(left + (sec - x0) / (x1 - x0) * plotW) + 0.5;
      g.setStroke(Marks.paint(m.fault(), markerPaint));
      g.setFill(Marks.paint(m.fault(), markerPaint));
      g.setLineDashes(Marks.dashes(m.fault()));
      g.strokeLine(x, top, x, bottom);
      // Labels that would overlap go one line lower (three rows), else are left out.
      String label = Marks.label(m.fault(), m.flowId());
      row = x - lastLabel > width(label, small) + em * 0.5 ? 0 : row + 1;
      if (row < 3) {
        g.fillText(label, x + 3, top + 2 + row * small.getSize() * 1.2);
        if (row == 0) lastLabel = x;
      }
    }

    // Lines.
    g.save();
    g.beginPath();
    g.rect(left, top - 2, plotW, plotH + 4);
    g.clip();
    for (int i = 0; i < lines.size(); i++) {
      Line l = lines.get(i);
      double[] v = l.values();
      if (v.length == 0) continue;
      stroke(g, i, l.dashed());
      g.beginPath();
      double prevY = 0;
      for (int k = 0; k < v.length; k++) {
        double x = left + (l.x0() + k * l.dx() - x0) / (x1 - x0) * plotW;
        double y = bottom - v[k] / yMax * plotH;
        if (k == 0) g.moveTo(x, y);
        else if (l.steps()) {
          g.lineTo(x, prevY);
          g.lineTo(x, y);
        } else g.lineTo(x, y);
        prevY = y;
      }
      g.stroke();
    }
    g.restore();
    g.setLineDashes();
  }

  private void stroke(GraphicsContext g, int i, boolean dashed) {
    if (palette != null) { // one colour and dash pattern per line: curves that overlap stay apart
      g.setStroke(palette.get(i % palette.size()));
      g.setLineWidth(2.5);
      g.setLineCap(StrokeLineCap.BUTT);
      g.setLineDashes(Palette.dashes(i));
      return;
    }
    g.setStroke(fill(seriesProbes.get(Math.min(i, seriesProbes.size() - 1)), Color.STEELBLUE));
    g.setLineWidth(dashed ? 2.5 : 2);
    g.setLineCap(StrokeLineCap.BUTT);
    g.setLineDashes(dashed ? new double[] {7, 4} : null);
  }

  private List<Color> palette;

  /** Draws line i in {@code colours[i]} with {@link Palette#dashes}(i) instead of the stylesheet's series colours. */
  public void setPalette(List<Color> colours) {
    palette = colours;
    redrawLater();
  }

  private static double width(String s, Font f) {
    Text t = new Text(s);
    t.setFont(f);
    return t.getLayoutBounds().getWidth();
  }

  /** 1, 2, 5 times a power of ten, at least {@code v}. */
  static double niceStep(double v) {
    if (v <= 0) return 1;
    double p = Math.pow(10, Math.floor(Math.log10(v)));
    double m = v / p;
    double n = m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10;
    return Math.max(1, n * p);
  }

  /** A round ceiling: four steps of {@link #niceStep}. */
  static double niceCeil(double v) {
    double step = niceStep(v / 4);
    return Math.ceil(v / step) * step;
  }
}
