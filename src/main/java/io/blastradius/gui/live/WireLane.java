package io.blastradius.gui.live;

import io.blastradius.core.wire.FlowWire;
import io.blastradius.core.wire.FlowWire.Kind;
import java.util.List;
import javafx.scene.canvas.Canvas;
import javafx.scene.layout.Region;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;

/**
 * A connection's frame timeline: the wire decoder's marks of the run so far (at most its last
 * {@link #SPAN_NANOS}, at least {@link #MIN_SPAN_NANOS}: a sub-second run spreads over the lane
 * rather than piling up at its right end) on one lane, newest at the right, coloured by kind (HEADERS grey, RST_STREAM red, PING
 * blue, PING ACK green, GOAWAY purple, SETTINGS teal, undecoded orange), client's frames in the
 * upper half and the server's in the lower. As wide as the card; drawn when the card refreshes
 * and when its width changes; hidden when the wire decoder is off.
 */
public final class WireLane extends Region {
  static final long SPAN_NANOS = 10_000_000_000L;
  static final long MIN_SPAN_NANOS = 100_000_000L;
  static final double HEIGHT = 12;

  private final Canvas canvas = new Canvas(0, HEIGHT);
  private FlowWire last;
  private long lastNow;

  public WireLane() {
    getStyleClass().add("wire-lane");
    canvas.setManaged(false);
    getChildren().add(canvas);
    setMinWidth(0);
    setPrefWidth(0); // the card's width, whatever it is (a VBox stretches it)
    setMinHeight(HEIGHT);
    setPrefHeight(HEIGHT);
    setMaxHeight(HEIGHT);
  }

  @Override
  protected void layoutChildren() {
    double w = Math.max(0, Math.floor(getWidth()));
    if (canvas.getWidth() != w) {
      canvas.setWidth(w);
      draw(last, lastNow);
    }
  }

  /** The lane's drawing surface (for tests: its pixels). */
  Canvas canvas() {
    return canvas;
  }

  /** The run time the lane's width covers at run time {@code now}. */
  static long span(long now) {
    return Math.max(MIN_SPAN_NANOS, Math.min(SPAN_NANOS, now));
  }

  public void draw(FlowWire w, long now) {
    last = w;
    lastNow = now;
    GraphicsContext g = canvas.getGraphicsContext2D();
    double width = canvas.getWidth();
    double height = canvas.getHeight();
    g.clearRect(0, 0, width, height);
    if (w == null || width < 2) return;
    long span = span(now);
    g.setStroke(Color.gray(0.6));
    g.strokeLine(0, height / 2, width, height / 2);
    List<FlowWire.Mark> marks = w.marks();
    for (FlowWire.Mark m : marks) {
      long age = now - m.t();
      if (age < 0 || age > span) continue;
      double x = width - 1 - (double) age / span * (width - 2);
      g.setStroke(color(m.kind()));
      g.setLineWidth(m.kind() == Kind.HEADERS ? 1 : 2);
      if (m.fromClient()) g.strokeLine(x, 0, x, height / 2);
      else g.strokeLine(x, height / 2, x, height);
    }
  }

  static Color color(Kind k) {
    return switch (k) {
      case HEADERS -> Color.gray(0.45);
      case RST_STREAM -> Color.web("#cf222e");
      case PING -> Color.web("#0969da");
      case PING_ACK -> Color.web("#1a7f37");
      case GOAWAY -> Color.web("#8250df");
      case SETTINGS -> Color.web("#1b7c83");
      case UNDECODED -> Color.web("#bc4c00");
    };
  }
}
