package io.blastradius.gui.live;

import io.blastradius.core.wire.FlowWire;
import io.blastradius.core.wire.FlowWire.Kind;
import java.util.List;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;

/**
 * A connection's frame timeline: the wire decoder's marks of the last {@link #SPAN_NANOS} of run
 * time on one lane, newest at the right, coloured by kind (HEADERS grey, RST_STREAM red, PING
 * blue, PING ACK green, GOAWAY purple, SETTINGS teal, undecoded orange), client's frames in the
 * upper half and the server's in the lower. Drawn when the card refreshes; hidden when the wire
 * decoder is off.
 */
final class WireLane extends Canvas {
  static final long SPAN_NANOS = 10_000_000_000L;

  WireLane() {
    super(200, 12);
    getStyleClass().add("wire-lane");
  }

  void draw(FlowWire w, long now) {
    GraphicsContext g = getGraphicsContext2D();
    double width = getWidth();
    double height = getHeight();
    g.clearRect(0, 0, width, height);
    if (w == null) return;
    g.setStroke(Color.gray(0.6));
    g.strokeLine(0, height / 2, width, height / 2);
    List<FlowWire.Mark> marks = w.marks();
    for (FlowWire.Mark m : marks) {
      long age = now - m.t();
      if (age < 0 || age > SPAN_NANOS) continue;
      double x = width - 1 - (double) age / SPAN_NANOS * (width - 2);
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
