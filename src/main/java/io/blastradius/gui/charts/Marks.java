package io.blastradius.gui.charts;

import io.blastradius.core.event.Fault;
import javafx.scene.paint.Color;
import javafx.scene.paint.Paint;

/** How every chart draws a flow fault: one label, dash pattern and colour per fault kind. */
public final class Marks {
  private Marks() {}

  /** "f3" for an unplug of flow 3; the other kinds name themselves. */
  public static String label(Fault f, int flowId) {
    return switch (f) {
      case UNPLUG -> "f" + flowId;
      case UNPLUG_UPSTREAM -> "f" + flowId + "↑";
      case UNPLUG_DOWNSTREAM -> "f" + flowId + "↓";
      case REPLUG -> "replug f" + flowId;
      case RESET -> "rst f" + flowId;
      case CLOSE -> "fin f" + flowId;
      case LATENCY -> "lat f" + flowId;
    };
  }

  public static double[] dashes(Fault f) {
    if (f.isUnplug()) return new double[] {4, 4};
    return switch (f) {
      case REPLUG -> new double[] {8, 3};
      case RESET, CLOSE -> new double[] {1, 3};
      default -> new double[] {2, 2, 6, 2};
    };
  }

  /** Unplugs in the theme's marker colour; replugs green, resets and closes orange, latency violet. */
  public static Paint paint(Fault f, Paint unplug) {
    if (f.isUnplug()) return unplug;
    return switch (f) {
      case REPLUG -> Color.web("#2da44e");
      case RESET, CLOSE -> Color.web("#d1802a");
      default -> Color.web("#8250df");
    };
  }
}
