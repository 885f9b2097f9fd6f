package io.blastradius.gui.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.blastradius.core.wire.FlowWire;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.scene.Scene;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** A card's wire lane spans the card, and a short run's frames spread over it. */
@ExtendWith(ApplicationExtension.class)
class WireLaneTest {
  private static final long MS = 1_000_000L;
  private final WireLane lane = new WireLane();
  private VBox card;

  @Start
  void start(Stage stage) {
    card = new VBox(lane);
    card.setPrefWidth(300);
    stage.setScene(new Scene(new javafx.scene.layout.Pane(card), 600, 40)); // a Pane keeps the card at its own width
    stage.show();
  }

  private static <T> T fx(Callable<T> c) throws Exception {
    return WaitForAsyncUtils.asyncFx(c).get(10, TimeUnit.SECONDS);
  }

  /** The column of the lane's one red mark in its upper half, or -1. */
  private int redColumn() throws Exception {
    return fx(() -> {
      WritableImage img = lane.canvas().snapshot(null, null);
      for (int x = 0; x < (int) img.getWidth(); x++) {
        Color c = img.getPixelReader().getColor(x, 2);
        if (c.getRed() > 0.6 && c.getGreen() < 0.4) return x;
      }
      return -1;
    });
  }

  @Test
  void theLaneIsAsWideAsTheCardAndASubSecondRunSpreadsOverIt() throws Exception {
    FlowWire w = new FlowWire(1, "h2", "", 0, 250, 1, 1, 0, 0, 0, 0, false,
        List.of(new FlowWire.Mark(50 * MS, FlowWire.Kind.RST_STREAM, true)), false);
    fx(() -> {
      lane.draw(w, 100 * MS);
      return null;
    });
    WaitForAsyncUtils.waitForFxEvents();
    assertEquals(300, fx(() -> lane.canvas().getWidth()), 1, "the lane spans the card");
    // Half of a 0.1 s run ago: the middle of the lane, not squeezed against its right end.
    int x = redColumn();
    assertTrue(Math.abs(x - 150) <= 3, "the reset at 50 ms of 100 ms is drawn at x " + x);
    // A wider card: the lane follows and is drawn again at its new width.
    fx(() -> {
      card.setPrefWidth(500);
      return null;
    });
    WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> fx(() -> lane.canvas().getWidth() > 450));
    int wide = redColumn();
    double width = fx(() -> lane.canvas().getWidth());
    assertTrue(Math.abs(wide - width / 2) <= 3, "redrawn at x " + wide + " of " + width);
  }
}
