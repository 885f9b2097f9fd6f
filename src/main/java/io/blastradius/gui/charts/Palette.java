package io.blastradius.gui.charts;

import java.util.List;
import javafx.scene.paint.Color;

/**
 * Colours and dash patterns that tell up to nine policies apart, on light and dark backgrounds and
 * for the common colour-vision deficiencies (the Okabe–Ito palette, plus three): the compare
 * view's bars and curves use the same colour per policy.
 */
public final class Palette {
  private Palette() {}

  public static final List<Color> POLICIES = List.of(
      Color.web("#0072B2"), Color.web("#D55E00"), Color.web("#009E73"), Color.web("#CC79A7"),
      Color.web("#E69F00"), Color.web("#56B4E9"), Color.web("#8C564B"), Color.web("#7F7F7F"),
      Color.web("#BCBD22"));

  private static final double[][] DASHES = {
      null, {9, 4}, {2, 4}, {12, 4, 2, 4}, {16, 6}, {1, 3}, {6, 3, 6, 8}, {3, 6}, {14, 3, 3, 3, 3, 3}};

  public static Color colour(int i) {
    return POLICIES.get(Math.floorMod(i, POLICIES.size()));
  }

  public static double[] dashes(int i) {
    return DASHES[Math.floorMod(i, DASHES.length)];
  }

  /** "#RRGGBB", for CSS. */
  public static String web(int i) {
    Color c = colour(i);
    return String.format("#%02X%02X%02X", Math.round(c.getRed() * 255), Math.round(c.getGreen() * 255),
        Math.round(c.getBlue() * 255));
  }
}
