package io.blastradius.gui.charts;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javafx.geometry.BoundingBox;
import javafx.geometry.Bounds;
import javafx.geometry.VPos;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.Label;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.paint.Paint;
import javafx.scene.shape.StrokeLineCap;
import javafx.scene.shape.StrokeLineJoin;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;
import javafx.scene.text.Text;
import javafx.scene.text.TextAlignment;

/**
 * A trade-off chart on one canvas: cost (x) against harm (y), both on logarithmic axes (the
 * figures of a sweep span five orders of magnitude), one colour and marker per series, a line
 * through a swept series' points, a label beside each point, and the Pareto front as a wide band
 * behind them with its points ringed. A zero has no place on a log axis: it is drawn one decade
 * below the smallest other value, on a tick labelled 0. Colours and the font come from the
 * stylesheet through hidden probes (as {@link CanvasChart}), so the theme and presenter mode apply.
 */
public final class TradeOffChart extends CanvasRegion {
  private final Label text = new Label(); // probe: font and text colour
  private final Region grid = new Region(); // probe: grid and axis colour
  private TradeOff.Data data = TradeOff.Data.EMPTY;
  private String placeholder = "";

  public TradeOffChart() {
    getStyleClass().addAll("canvas-chart", "trade-off-chart");
    text.getStyleClass().add("canvas-chart-text");
    grid.getStyleClass().add("canvas-chart-grid");
    for (Region p : List.of(text, grid)) {
      p.setManaged(false);
      p.setVisible(false);
    }
    grid.backgroundProperty().addListener(o -> redrawLater());
    text.fontProperty().addListener(o -> redrawLater());
    text.textFillProperty().addListener(o -> redrawLater());
    getChildren().addAll(canvas, text, grid);
    setMinSize(200, 150);
  }

  /** Draws {@code d} on the next pulse. */
  public void setData(TradeOff.Data d) {
    data = d == null ? TradeOff.Data.EMPTY : d;
    redrawLater();
  }

  /** What the chart draws, for tests and exports. */
  public TradeOff.Data data() {
    return data;
  }

  /** The text shown while there is nothing to draw. */
  public void setPlaceholder(String s) {
    placeholder = s == null ? "" : s;
    redrawLater();
  }

  @Override
  protected void draw(double w, double h) {
    GraphicsContext g = canvas.getGraphicsContext2D();
    g.clearRect(0, 0, w, h);
    if (w < 50 || h < 50) return;
    Font font = text.getFont();
    double em = font.getSize();
    Font bold = Font.font(font.getFamily(), FontWeight.BOLD, em);
    Font small = Font.font(font.getFamily(), em * 0.85);
    Paint fg = text.getTextFill();
    Paint gridPaint = fill(grid, Color.gray(0.8));
    Color band = fg instanceof Color c ? Color.color(c.getRed(), c.getGreen(), c.getBlue(), 0.2) : Color.gray(0.5, 0.2);
    Color ring = fg instanceof Color c ? c : Color.BLACK;

    g.setFill(fg);
    g.setFont(bold);
    g.setTextBaseline(VPos.TOP);
    g.setTextAlign(TextAlignment.LEFT);
    String title = data.title();
    // Too wide: without its lead-in ("Failures against cost: "), the axes say it.
    if (width(title, bold) > w - em && title.contains(": ")) title = title.substring(title.indexOf(": ") + 2);
    g.fillText(title, em * 0.5, em * 0.3);
    if (data.series().isEmpty()) {
      g.setFont(font);
      g.setTextAlign(TextAlignment.CENTER);
      g.setTextBaseline(VPos.CENTER);
      g.fillText(placeholder, w / 2, h / 2);
      return;
    }

    // Legend under the title, in as many rows as it needs: every series, or when that would take
    // more than a fifth of the height (presenter mode), the swept lines and one entry for the
    // labelled points of the others.
    double rowH = small.getSize() * 1.5;
    List<Integer> entries = new ArrayList<>(); // a series' index; -1: the front; -2: the others
    for (int i = 0; i < data.series().size(); i++) entries.add(i);
    if (!data.front().isEmpty()) entries.add(-1);
    if (legendRows(entries, small, em, w) * rowH > h * 0.2) {
      List<Integer> compact = new ArrayList<>();
      for (int i = 0; i < data.series().size(); i++) if (data.series().get(i).line()) compact.add(i);
      if (compact.size() < data.series().size()) compact.add(-2);
      if (!data.front().isEmpty()) compact.add(-1);
      entries = compact;
    }
    double lx = em * 0.5, ly = em * 1.8;
    g.setFont(small);
    for (int e : entries) {
      String name = legendName(e);
      double ew = width(name, small) + em * 2.6;
      if (lx + ew > w - em * 0.5 && lx > em * 0.5) {
        lx = em * 0.5;
        ly += rowH;
      }
      double cy = ly + small.getSize() * 0.6;
      if (e >= 0) {
        TradeOff.Series s = data.series().get(e);
        if (s.line()) {
          g.setStroke(Palette.colour(e));
          g.setLineWidth(2);
          g.setLineDashes();
          g.strokeLine(lx, cy, lx + em * 1.6, cy);
        }
        marker(g, e, lx + em * 0.8, cy, em * 0.32);
      } else if (e == -2) {
        for (int k = 0; k < 3; k++) marker(g, k, lx + em * (0.3 + k * 0.55), cy, em * 0.22);
      } else {
        g.setStroke(band);
        g.setLineWidth(em * 0.7);
        g.setLineCap(StrokeLineCap.BUTT);
        g.strokeLine(lx, cy, lx + em * 1.6, cy);
      }
      g.setFill(fg);
      g.setTextAlign(TextAlignment.LEFT);
      g.setTextBaseline(VPos.TOP);
      g.fillText(name, lx + em * 2.0, ly);
      lx += ew;
    }

    // Axes.
    List<Double> xs = new ArrayList<>(), ys = new ArrayList<>();
    for (TradeOff.Series s : data.series()) {
      for (TradeOff.Pt p : s.points()) {
        xs.add(p.x());
        ys.add(p.y());
      }
    }
    LogAxis ax = LogAxis.of(xs), ay = LogAxis.of(ys);
    double yTickW = 0;
    for (int k = 0; k <= ay.decades(); k++) yTickW = Math.max(yTickW, width(ay.label(k), small));
    double left = em * 1.6 + yTickW + em * 0.5;
    double top = ly + rowH + em * 0.6;
    double right = w - em * 1.2;
    double bottom = h - em * 2.9;
    double plotW = Math.max(10, right - left), plotH = Math.max(10, bottom - top);
    // The data sit inside the frame, so a point on an axis' first tick (a zero) clears its labels.
    double inset = em * 0.8;
    java.util.function.DoubleUnaryOperator px = f -> left + inset + f * (plotW - 2 * inset);
    java.util.function.DoubleUnaryOperator py = f -> bottom - inset - f * (plotH - 2 * inset);
    g.setLineDashes();
    g.setLineWidth(1);
    g.setStroke(gridPaint);
    g.setFill(fg);
    g.setFont(small);
    int xEvery = (int) Math.max(1, Math.ceil(ax.decades() * em * 3.2 / plotW));
    for (int k = 0; k <= ax.decades(); k++) {
      double x = Math.round(px.applyAsDouble((double) k / ax.decades())) + 0.5;
      g.strokeLine(x, top, x, bottom);
      if (k % xEvery == 0) {
        g.setTextAlign(TextAlignment.CENTER);
        g.setTextBaseline(VPos.TOP);
        g.fillText(ax.label(k), x, bottom + em * 0.25);
      }
    }
    int yEvery = (int) Math.max(1, Math.ceil(ay.decades() * em * 1.6 / plotH));
    for (int k = 0; k <= ay.decades(); k++) {
      double y = Math.round(py.applyAsDouble((double) k / ay.decades())) + 0.5;
      g.strokeLine(left, y, right, y);
      if (k % yEvery == 0) {
        g.setTextAlign(TextAlignment.RIGHT);
        g.setTextBaseline(VPos.CENTER);
        g.fillText(ay.label(k), left - em * 0.35, y);
      }
    }
    g.strokeRect(Math.round(left) + 0.5, Math.round(top) + 0.5, Math.round(plotW), Math.round(plotH));
    g.setTextAlign(TextAlignment.CENTER);
    g.setTextBaseline(VPos.TOP);
    g.fillText(data.xLabel() + (ax.zero() ? " (log; 0 at the first tick)" : " (log)"), left + plotW / 2, bottom + em * 1.45);
    String yl = data.yLabel() + (ay.zero() ? " (log; 0 at the first tick)" : " (log)");
    g.save();
    g.translate(em * 0.25, top + plotH / 2);
    g.rotate(-90);
    g.setTextBaseline(VPos.TOP);
    if (width(data.yLabel(), small) < plotH) g.fillText(width(yl, small) < plotH ? yl : data.yLabel(), 0, 0);
    g.restore();

    // The front: a wide band as a staircase through its points (what can be had for a cost).
    List<TradeOff.Pt> front = data.front();
    if (!front.isEmpty()) {
      g.save();
      clip(g, left, top, plotW, plotH, em);
      g.setStroke(band);
      g.setLineWidth(em * 0.9);
      g.setLineCap(StrokeLineCap.ROUND);
      g.setLineJoin(StrokeLineJoin.ROUND);
      g.beginPath();
      double lastX = 0, lastY = 0;
      for (int i = 0; i < front.size(); i++) {
        double x = px.applyAsDouble(ax.frac(front.get(i).x())), y = py.applyAsDouble(ay.frac(front.get(i).y()));
        if (i == 0) g.moveTo(x, y);
        else {
          g.lineTo(x, lastY);
          g.lineTo(x, y);
        }
        lastX = x;
        lastY = y;
      }
      g.lineTo(Math.max(lastX, right), lastY);
      g.stroke();
      g.restore();
    }

    // Lines and markers.
    g.save();
    clip(g, left, top, plotW, plotH, em);
    for (int i = 0; i < data.series().size(); i++) {
      TradeOff.Series s = data.series().get(i);
      if (!s.line() || s.points().size() < 2) continue;
      g.setStroke(Palette.colour(i));
      g.setLineWidth(2);
      g.setLineDashes(Palette.dashes(i));
      g.setLineCap(StrokeLineCap.BUTT);
      g.beginPath();
      for (int k = 0; k < s.points().size(); k++) {
        TradeOff.Pt p = s.points().get(k);
        double x = px.applyAsDouble(ax.frac(p.x())), y = py.applyAsDouble(ay.frac(p.y()));
        if (k == 0) g.moveTo(x, y);
        else g.lineTo(x, y);
      }
      g.stroke();
    }
    g.setLineDashes();
    for (int i = 0; i < data.series().size(); i++) {
      for (TradeOff.Pt p : data.series().get(i).points()) {
        marker(g, i, px.applyAsDouble(ax.frac(p.x())), py.applyAsDouble(ay.frac(p.y())), em * 0.32);
      }
    }
    g.setStroke(ring);
    g.setLineWidth(1.5);
    for (TradeOff.Pt p : front) {
      double r = em * 0.6;
      g.strokeOval(px.applyAsDouble(ax.frac(p.x())) - r, py.applyAsDouble(ay.frac(p.y())) - r, 2 * r, 2 * r);
    }
    g.restore();

    // Labels: points at one spot share one label; each label goes where it overlaps no other
    // (beside, above or below its point), swept values first; one that fits nowhere is left out.
    Map<String, List<String>> at = new LinkedHashMap<>();
    Map<String, double[]> where = new LinkedHashMap<>();
    for (int pass = 0; pass < 2; pass++) {
      for (int i = 0; i < data.series().size(); i++) {
        TradeOff.Series s = data.series().get(i);
        if (s.line() != (pass == 0)) continue;
        for (TradeOff.Pt p : s.points()) {
          if (p.label() == null || p.label().isEmpty()) continue;
          double x = px.applyAsDouble(ax.frac(p.x())), y = py.applyAsDouble(ay.frac(p.y()));
          String key = Math.round(x / 4) + "," + Math.round(y / 4) + "," + pass;
          at.computeIfAbsent(key, k -> new ArrayList<>()).add(p.label());
          where.putIfAbsent(key, new double[] {x, y, i});
        }
      }
    }
    List<Bounds> taken = new ArrayList<>();
    for (Map.Entry<String, double[]> e : where.entrySet()) {
      double[] p = e.getValue();
      taken.add(new BoundingBox(p[0] - em * 0.4, p[1] - em * 0.4, em * 0.8, em * 0.8)); // the markers
    }
    g.setFont(small);
    g.setTextAlign(TextAlignment.LEFT);
    g.setTextBaseline(VPos.TOP);
    double th = small.getSize() * 1.2;
    for (Map.Entry<String, List<String>> e : at.entrySet()) {
      double[] p = where.get(e.getKey());
      String label = String.join(", ", e.getValue());
      double tw = width(label, small);
      double gap = em * 0.45;
      double[][] tries = {
          {p[0] + gap, p[1] - th - 1}, {p[0] + gap, p[1] + 1}, {p[0] - gap - tw, p[1] - th - 1},
          {p[0] - gap - tw, p[1] + 1}, {p[0] - tw / 2, p[1] - th - gap}, {p[0] - tw / 2, p[1] + gap}};
      for (double[] t : tries) {
        Bounds b = new BoundingBox(t[0], t[1], tw, th);
        if (t[0] < 1 || t[0] + tw > w - 1 || t[1] < top - em * 0.3 || t[1] + th > bottom + em * 0.2) continue;
        boolean free = true;
        for (Bounds o : taken) {
          if (o.intersects(b)) {
            free = false;
            break;
          }
        }
        if (!free) continue;
        taken.add(b);
        g.setFill(p[2] >= 0 && data.series().get((int) p[2]).line() ? Palette.colour((int) p[2]) : fg);
        g.fillText(label, t[0], t[1]);
        break;
      }
    }
  }

  private String legendName(int e) {
    return e >= 0 ? data.series().get(e).name() : e == -1 ? "Pareto front" : "other policies at their defaults (named beside)";
  }

  private int legendRows(List<Integer> entries, Font small, double em, double w) {
    int rows = 1;
    double lx = em * 0.5;
    for (int e : entries) {
      double ew = width(legendName(e), small) + em * 2.6;
      if (lx + ew > w - em * 0.5 && lx > em * 0.5) {
        rows++;
        lx = em * 0.5;
      }
      lx += ew;
    }
    return rows;
  }

  private static void clip(GraphicsContext g, double left, double top, double plotW, double plotH, double em) {
    g.beginPath();
    g.rect(left - em * 0.7, top - em * 0.7, plotW + em * 1.4, plotH + em * 1.4);
    g.clip();
  }

  /** Series {@code i}'s marker: its colour, and one of four shapes (so twelve policies stay apart). */
  private static void marker(GraphicsContext g, int i, double x, double y, double r) {
    g.setFill(Palette.colour(i));
    switch (Math.floorMod(i / Palette.POLICIES.size() + i, 4)) {
      case 0 -> g.fillOval(x - r, y - r, 2 * r, 2 * r);
      case 1 -> g.fillRect(x - r * 0.9, y - r * 0.9, r * 1.8, r * 1.8);
      case 2 -> g.fillPolygon(new double[] {x, x + r * 1.1, x - r * 1.1}, new double[] {y - r * 1.1, y + r * 0.8, y + r * 0.8}, 3);
      default -> g.fillPolygon(new double[] {x, x + r * 1.1, x, x - r * 1.1}, new double[] {y - r * 1.2, y, y + r * 1.2, y}, 4);
    }
  }

  private static double width(String s, Font f) {
    Text t = new Text(s);
    t.setFont(f);
    return t.getLayoutBounds().getWidth();
  }
}
