package io.blastradius.gui.charts;

import javafx.scene.canvas.Canvas;
import javafx.scene.layout.Background;
import javafx.scene.layout.Region;
import javafx.scene.paint.Paint;

/**
 * A region that paints itself on one canvas the size of the region, at most once per layout pass:
 * {@link #redrawLater()} marks it dirty and asks for layout; a resize or a dirty mark redraws it
 * in {@link #layoutChildren()}. Colours come from CSS through hidden probe regions ({@link #fill}).
 */
abstract class CanvasRegion extends Region {
  protected final Canvas canvas = new Canvas();
  private boolean dirty = true;

  /** Redraws on the next layout pass (one pulse), however often it is called before then. */
  protected final void redrawLater() {
    dirty = true;
    requestLayout();
  }

  @Override
  protected void layoutChildren() {
    double w = Math.floor(getWidth()), h = Math.floor(getHeight());
    if (canvas.getWidth() != w || canvas.getHeight() != h) {
      canvas.setWidth(w);
      canvas.setHeight(h);
      dirty = true;
    }
    if (dirty) {
      dirty = false;
      draw(w, h);
    }
  }

  /** Paints the whole canvas, {@code w} x {@code h} pixels. */
  protected abstract void draw(double w, double h);

  /** The first background fill CSS gave {@code r}, or {@code dflt}. */
  protected static Paint fill(Region r, Paint dflt) {
    Background b = r.getBackground();
    return b == null || b.getFills().isEmpty() ? dflt : b.getFills().get(0).getFill();
  }
}
