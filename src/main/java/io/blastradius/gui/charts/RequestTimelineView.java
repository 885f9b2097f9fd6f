package io.blastradius.gui.charts;

import io.blastradius.core.event.CloseReason;
import io.blastradius.core.live.LanesView;
import io.blastradius.gui.common.Ui;
import java.nio.IntBuffer;
import java.util.ArrayList;
import java.util.List;
import javafx.beans.value.ObservableValue;
import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.Label;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.Background;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.paint.Paint;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;
import javafx.scene.text.Text;
import javafx.scene.text.TextAlignment;

/**
 * The request timeline per connection ("swimlanes"): one lane per connection (a closed
 * connection's lane goes to the next new one), time left to right, every request a mark on its
 * lane coloured by outcome: green succeeded, red failed, grey cancelled. A naive HTTP/2 pool's
 * cascade is a wall of red on the dead connection's lane; HTTP/1 loses one red mark per unplug.
 * Flow faults are vertical lines, with a triangle on the lane they hit.
 *
 * <p>Drawn from {@link LanesView}'s buckets, never from requests: each pixel column of a lane sums
 * the buckets under it, written into one pixel buffer (one {@code setPixels} per redraw), then
 * labels and markers on top. The cost depends on the canvas size and the lane count (at most
 * {@link io.blastradius.core.live.RequestLanes#MAX_LANES}), not on the request rate.
 */
public final class RequestTimelineView extends CanvasRegion {
  private static final Color OK = Color.web("#2da44e");
  private static final Color FAILED = Color.web("#cf222e");
  private static final Color CANCELLED = Color.web("#8c959f");

  private final Label text = new Label(); // probe: font and text colour
  private final Region grid = new Region(); // probe: grid colour
  private final Region markerProbe = new Region(); // probe: unplug-marker colour
  private TimelineFrame frame = TimelineFrame.EMPTY;
  private WritableImage image;
  private int[] pixels = new int[0];
  /** Lanes drawn in the last redraw (some may not fit), for tests and the caption. */
  private int lanesDrawn;
  private String caption = "";

  public RequestTimelineView(ObservableValue<TimelineFrame> frames) {
    getStyleClass().add("request-timeline");
    setId("request-timeline");
    text.getStyleClass().add("canvas-chart-text");
    grid.getStyleClass().add("canvas-chart-grid");
    markerProbe.getStyleClass().add("canvas-chart-marker");
    for (Region p : new Region[] {text, grid, markerProbe}) {
      p.setManaged(false);
      p.setVisible(false);
      if (p != text) p.backgroundProperty().addListener(o -> redrawLater());
    }
    text.fontProperty().addListener(o -> redrawLater());
    text.textFillProperty().addListener(o -> redrawLater());
    getChildren().addAll(canvas, text, grid, markerProbe);
    setMinSize(200, 110);
    Ui.tipNode(this, "Every request on the lane of the connection it was placed on, coloured by outcome:"
        + " green succeeded, red failed, grey cancelled. A lane passes to the next new connection when its"
        + " connection closes (its label says how many it carried). Vertical lines: flow faults.");
    frames.addListener((o, a, f) -> {
      frame = f == null ? TimelineFrame.EMPTY : f;
      redrawLater();
    });
    frame = frames.getValue() == null ? TimelineFrame.EMPTY : frames.getValue();
  }

  @Override
  protected void draw(double w, double h) {
    GraphicsContext g = canvas.getGraphicsContext2D();
    g.clearRect(0, 0, w, h);
    if (w < 60 || h < 60) return;
    Font font = text.getFont();
    Font bold = Font.font(font.getFamily(), FontWeight.BOLD, font.getSize());
    Font small = Font.font(font.getFamily(), font.getSize() * 0.85);
    Paint fg = text.getTextFill();
    Paint gridPaint = fill(grid, Color.gray(0.8));
    Paint markerPaint = fill(markerProbe, Color.gray(0.4));
    double em = font.getSize();
    LanesView l = frame.lanes();

    List<LanesView.Lane> lanes = new ArrayList<>(l.lanes());
    if (l.unplaced() != null) lanes.add(l.unplaced());
    // The fault labels sit above the lanes, under the title (not across it); the right margin
    // keeps the last time label and the legend clear of the window's edge.
    double top = em * 2.5, bottom = h - em * 2.4;
    double left = width("#0000 ×000", small) + em * 0.8, right = w - em * 1.2;
    double plotW = Math.max(10, right - left), plotH = Math.max(10, bottom - top);
    // Lanes at least 3 px tall; those that do not fit are counted in the caption.
    double laneH = lanes.isEmpty() ? plotH : Math.min(em * 3, plotH / lanes.size());
    int fit = lanes.size();
    if (laneH < 3) {
      laneH = 3;
      fit = (int) Math.floor(plotH / laneH);
    }
    lanesDrawn = fit;
    double x1 = frame.endSeconds();

    // Title and legend.
    g.setFill(fg);
    g.setFont(bold);
    g.setTextBaseline(VPos.TOP);
    g.setTextAlign(TextAlignment.LEFT);
    g.fillText("Requests per connection", left, em * 0.3);
    // The legend beside the title when it fits, else under the time axis (drawn below).
    double legendW = 0;
    for (String n : new String[] {"cancelled", "failed", "succeeded"}) legendW += width(n, small) + em * 1.9;
    boolean legendBeside = left + width("Requests per connection", bold) + em + legendW <= right;
    if (legendBeside) legend(g, right, em * 0.45, small, fg, em);

    // Lanes: one pixel buffer.
    int pw = (int) plotW, ph = (int) Math.ceil(fit * laneH);
    if (pw > 0 && ph > 0) {
      if (image == null || image.getWidth() != pw || image.getHeight() != ph) {
        image = new WritableImage(pw, ph);
        pixels = new int[pw * ph];
      } else {
        java.util.Arrays.fill(pixels, 0);
      }
      double nsPerPx = x1 * 1e9 / pw;
      long bw = l.widthNanos();
      for (int li = 0; li < fit; li++) {
        LanesView.Lane lane = lanes.get(li);
        int y0 = (int) Math.round(li * laneH), y1 = (int) Math.round((li + 1) * laneH) - 1; // 1 px gap
        if (y1 <= y0) y1 = y0 + 1;
        int span = lane.ok().length;
        for (int b = 0; b < span; ) {
          int px = (int) (b * bw / nsPerPx);
          if (px >= pw) break;
          // Every bucket starting in this pixel column.
          long ok = 0, failed = 0, cancelled = 0;
          int bEnd = b;
          while (bEnd < span && (int) (bEnd * bw / nsPerPx) == px) {
            ok += lane.ok()[bEnd];
            failed += lane.failed()[bEnd];
            cancelled += lane.cancelled()[bEnd];
            bEnd++;
          }
          int pxEnd = Math.min(pw, Math.max(px + 1, (int) (bEnd * bw / nsPerPx)));
          if (ok + failed + cancelled > 0) column(px, pxEnd, y0, y1, pw, ok, failed, cancelled);
          b = bEnd;
        }
      }
      image.getPixelWriter().setPixels(0, 0, pw, ph, PixelFormat.getIntArgbPreInstance(), IntBuffer.wrap(pixels), pw);
      g.drawImage(image, left, top);
    }

    // Lane labels: the connection on it; ×N when it carried several.
    g.setFont(small);
    g.setTextAlign(TextAlignment.RIGHT);
    g.setTextBaseline(VPos.CENTER);
    boolean labels = laneH >= small.getSize() * 0.9;
    double lastY = Double.NEGATIVE_INFINITY;
    for (int li = 0; li < fit; li++) {
      LanesView.Lane lane = lanes.get(li);
      double y = top + li * laneH + laneH / 2;
      if (!labels && y - lastY < small.getSize()) continue;
      lastY = y;
      g.setFill(lane.open() || lane.index() < 0 ? fg : Color.gray(0.55));
      g.fillText(laneLabel(lane), left - em * 0.4, y);
    }

    // Time axis.
    g.setStroke(gridPaint);
    g.setLineWidth(1);
    g.setLineDashes();
    g.setFill(fg);
    g.setTextAlign(TextAlignment.CENTER);
    g.setTextBaseline(VPos.TOP);
    double step = TimeAxis.step(x1 / Math.max(2, plotW / (em * 5)));
    if (x1 >= 10) step = Math.max(1, step);
    double axisY = top + fit * laneH + 1;
    // With no lanes there is no time to read: no axis, only the note (in presenter mode at
    // 1024x768 the lanes' area is short enough that the note would sit on the axis's labels).
    if (!lanes.isEmpty()) {
      g.strokeLine(left, Math.round(axisY) + 0.5, right, Math.round(axisY) + 0.5);
      for (long k = 0; k * step <= x1 + step * 1e-6; k++) {
        double x = Math.round(left + k * step / x1 * plotW) + 0.5;
        g.strokeLine(x, axisY, x, axisY + em * 0.3);
        String label = TimeAxis.label(k * step, step, x1);
        double half = width(label, small) / 2;
        g.fillText(label, Math.min(x, w - half - em * 0.5), axisY + em * 0.35); // the last label stays whole
      }
      g.setTextAlign(TextAlignment.RIGHT);
      g.fillText(TimeAxis.title(x1), right, Math.min(h - em * 1.1, axisY + em * 1.4));
    }
    if (!legendBeside && !lanes.isEmpty()) { // with no lanes there is nothing to explain, and the note sits there
      double lw = 0;
      for (String n : new String[] {"cancelled", "failed", "succeeded"}) lw += width(n, small) + em * 1.9;
      legend(g, left + lw, Math.min(h - em * 1.1, axisY + em * 1.4), small, fg, em); // bottom left
    }
    caption = lanes.isEmpty() ? "No requests yet." : fit < lanes.size() ? (lanes.size() - fit) + " more lanes not shown" : "";
    if (!caption.isEmpty()) { // in the lanes' area, where it is read
      g.setFill(fg);
      g.setTextAlign(TextAlignment.CENTER);
      g.setTextBaseline(VPos.CENTER);
      g.fillText(caption, left + plotW / 2, lanes.isEmpty() ? h / 2 : top + fit * laneH - small.getSize());
    }

    // Faults: a line across every lane, a triangle and label on the lane it hit.
    g.setTextAlign(TextAlignment.LEFT);
    g.setTextBaseline(VPos.BOTTOM);
    double lastLabel = Double.NEGATIVE_INFINITY;
    for (LanesView.Mark m : l.marks()) {
      double sec = m.t() / 1e9;
      if (sec > x1) continue;
      double x = Math.round(left + sec / x1 * plotW) + 0.5;
      Paint p = Marks.paint(m.fault(), markerPaint);
      g.setStroke(p);
      g.setFill(p);
      g.setLineWidth(1.5);
      g.setLineDashes(Marks.dashes(m.fault()));
      g.strokeLine(x, top, x, top + fit * laneH);
      g.setLineDashes();
      if (m.lane() >= 0 && m.lane() < fit) {
        double y = top + m.lane() * laneH;
        double s = Math.min(em * 0.5, Math.max(3, laneH * 0.45));
        g.fillPolygon(new double[] {x - s, x + s, x}, new double[] {y, y, y + s * 1.2}, 3);
      }
      String label = Marks.label(m.fault(), m.flowId());
      if (x - lastLabel > width(label, small) + em * 0.4) {
        g.fillText(label, x + 3, top - 1);
        lastLabel = x;
      }
    }
  }

  /** The colour legend, right-aligned at {@code right}, top at {@code y}. */
  private static void legend(GraphicsContext g, double right, double y, Font small, Paint fg, double em) {
    double lx = right;
    g.setFont(small);
    g.setTextAlign(TextAlignment.LEFT);
    g.setTextBaseline(VPos.TOP);
    for (Object[] k : new Object[][] {{"cancelled", CANCELLED}, {"failed", FAILED}, {"succeeded", OK}}) {
      String name = (String) k[0];
      lx -= width(name, small);
      g.setFill(fg);
      g.fillText(name, lx, y);
      lx -= em * 1.1;
      g.setFill((Color) k[1]);
      g.fillRect(lx, y + em * 0.1, em * 0.8, small.getSize() * 0.8);
      lx -= em * 0.8;
    }
  }

  /** Fills one lane's pixel columns [x0, x1): failed share in red from the bottom, at least a third. */
  private void column(int x0, int x1, int y0, int y1, int pw, long ok, long failed, long cancelled) {
    long all = ok + failed + cancelled;
    int hgt = y1 - y0;
    int red = failed == 0 ? 0 : (int) Math.max(Math.ceil(hgt / 3.0), Math.round(hgt * (double) failed / all));
    int grey = cancelled == 0 ? 0 : (int) Math.max(1, Math.round(hgt * (double) cancelled / all));
    if (red + grey > hgt) grey = Math.max(0, hgt - red);
    int okArgb = argb(OK), failArgb = argb(FAILED), cancelArgb = argb(CANCELLED);
    for (int y = y0; y < y1; y++) {
      int fromBottom = y1 - 1 - y;
      int c = fromBottom < red ? failArgb : fromBottom < red + grey ? cancelArgb : ok > 0 ? okArgb : 0;
      if (c == 0) continue;
      int row = y * pw;
      for (int x = x0; x < x1; x++) pixels[row + x] = c;
    }
  }

  private static int argb(Color c) {
    return 0xFF000000 | (int) Math.round(c.getRed() * 255) << 16 | (int) Math.round(c.getGreen() * 255) << 8
        | (int) Math.round(c.getBlue() * 255);
  }

  static String laneLabel(LanesView.Lane lane) {
    if (lane.index() < 0) return "no conn.";
    String s = "#" + lane.connId();
    if (lane.carried() > 1) s += " ×" + lane.carried();
    if (!lane.open() && lane.closeReason() == CloseReason.EVICTED) s += " ✕";
    return s;
  }

  private static double width(String s, Font f) {
    Text t = new Text(s);
    t.setFont(f);
    return t.getLayoutBounds().getWidth();
  }

  /** Lanes that fit in the last redraw. */
  public int lanesDrawn() { return lanesDrawn; }
  /** What the timeline shows now (lanes, marks, the axis's end). */
  public TimelineFrame frame() { return frame; }
  /** The note under the lanes ("No requests yet.", lanes not shown), or "". */
  public String caption() { return caption; }
  /** The ARGB of pixel (x, y) of the lanes' buffer in the last redraw (tests: what colour a lane shows). */
  public int lanePixel(int x, int y) {
    if (image == null || x < 0 || y < 0 || x >= image.getWidth() || y >= image.getHeight()) return 0;
    return pixels[y * (int) image.getWidth() + x];
  }

  /** The lanes buffer's size in the last redraw: {width, height}. */
  public int[] laneArea() {
    return image == null ? new int[] {0, 0} : new int[] {(int) image.getWidth(), (int) image.getHeight()};
  }

  static final int FAILED_ARGB = argb(FAILED);
  static final int OK_ARGB = argb(OK);

  /** True if ARGB {@code c} is the failed colour. */
  public static boolean isFailed(int c) { return c == FAILED_ARGB; }
  /** True if ARGB {@code c} is the succeeded colour. */
  public static boolean isOk(int c) { return c == OK_ARGB; }
}
