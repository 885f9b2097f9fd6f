package io.blastradius.gui.live;

import javafx.css.PseudoClass;
import javafx.scene.layout.Region;

/**
 * A connection's stream budget: active streams (solid), timed-out slots a policy still holds
 * (hatched) and free slots (empty, outlined), against the peer's MAX_CONCURRENT_STREAMS. Solid,
 * hatched and empty tell the segments apart without colour; the card's text says the same in
 * words. A non-empty segment is never narrower than 3 px, so one stream in 250 shows.
 */
final class OccupancyBar extends Region {
  private static final PseudoClass FULL = PseudoClass.getPseudoClass("full");
  private final Region active = new Region();
  private final Region held = new Region();
  private int a, h, max;

  OccupancyBar() {
    getStyleClass().add("occupancy-bar");
    active.getStyleClass().add("seg-active");
    held.getStyleClass().add("seg-held");
    active.setManaged(false);
    held.setManaged(false);
    getChildren().addAll(active, held);
  }

  void set(int activeStreams, int heldSlots, int peerMax) {
    if (activeStreams == a && heldSlots == h && peerMax == max) return;
    a = activeStreams;
    h = heldSlots;
    max = peerMax;
    pseudoClassStateChanged(FULL, max > 0 && a + h >= max);
    requestLayout();
  }

  @Override
  protected void layoutChildren() {
    double x0 = snappedLeftInset(), y0 = snappedTopInset();
    double w = getWidth() - x0 - snappedRightInset();
    double hh = getHeight() - y0 - snappedBottomInset();
    int total = Math.max(max, a + h);
    double aw = total == 0 ? 0 : seg(w * a / total, a);
    double hw = total == 0 ? 0 : seg(w * h / total, h);
    if (aw + hw > w) hw = Math.max(0, w - aw);
    active.resizeRelocate(x0, y0, snapSizeX(aw), hh);
    held.resizeRelocate(snapPositionX(x0 + aw), y0, snapSizeX(hw), hh);
  }

  private static double seg(double width, int n) {
    return n == 0 ? 0 : Math.max(3, width);
  }

  @Override
  protected double computePrefHeight(double width) {
    return 14 + snappedTopInset() + snappedBottomInset();
  }

  @Override
  protected double computePrefWidth(double height) {
    return 200;
  }
}
