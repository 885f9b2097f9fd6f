package io.blastradius.gui;

import io.blastradius.gui.live.LiveView;
import io.blastradius.gui.live.ScoreStrip;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Node;
import javafx.scene.SnapshotParameters;

/**
 * The window's exports: a file chooser each, then the view model writes off the FX thread. The
 * chart image is a snapshot of the request timeline above the two live charts, as on screen.
 */
final class Exports implements ScoreStrip.Exports, io.blastradius.gui.compare.CompareView.Exports {
  private final MainView view;
  private final WorkbenchModel model;

  Exports(MainView view, WorkbenchModel model) {
    this.view = view;
    this.model = model;
  }

  @Override
  public void chartPng() {
    Path p = choose("Save the timeline and charts as PNG", "PNG images (*.png)", "*.png", "blastradius.png");
    if (p != null) model.live().exportPng(chartImage(view.liveView()), p);
  }

  @Override
  public void scorecardCsv() {
    Path p = choose("Save the scorecard as CSV", "CSV (*.csv)", "*.csv", "scorecard.csv");
    if (p != null) model.live().exportCsv(p);
  }

  @Override
  public void har() {
    Path p = choose("Save the requests as HAR", "HAR 1.2 (*.har)", "*.har", "run.har");
    if (p != null) model.live().exportHar(p);
  }

  @Override
  public void comparisonPng() {
    Path p = choose("Save the comparison charts as PNG", "PNG images (*.png)", "*.png", "comparison.png");
    if (p != null) model.live().exportPng(stack(List.of(view.compareView().chartsNode())), p);
  }

  @Override
  public void comparisonCsv() {
    Path p = choose("Save the comparison's scorecards as CSV", "CSV (*.csv)", "*.csv", "comparison.csv");
    if (p != null) model.live().exportCsv(view.compareView().scorecards(), view.compareView().engines(), p);
  }

  /** The timeline above the two charts, as one image (FX thread: snapshots). */
  static BufferedImage chartImage(LiveView v) {
    return stack(List.of(v.timeline(), v.charts()));
  }

  static BufferedImage stack(List<? extends Node> nodes) {
    List<BufferedImage> parts = new ArrayList<>();
    int w = 1, h = 0;
    for (Node n : nodes) {
      BufferedImage b = SwingFXUtils.fromFXImage(n.snapshot(new SnapshotParameters(), null), null);
      parts.add(b);
      w = Math.max(w, b.getWidth());
      h += b.getHeight();
    }
    BufferedImage out = new BufferedImage(w, Math.max(1, h), BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    g.setColor(java.awt.Color.WHITE);
    g.fillRect(0, 0, w, Math.max(1, h));
    int y = 0;
    for (BufferedImage b : parts) {
      g.drawImage(b, 0, y, null);
      y += b.getHeight();
    }
    g.dispose();
    return out;
  }

  private Path choose(String title, String what, String glob, String name) {
    Path p = view.fileDialogs().save(view.getScene() == null ? null : view.getScene().getWindow(), title, what, glob, name);
    if (p == null) return null;
    String ext = glob.substring(1);
    return p.getFileName().toString().endsWith(ext) ? p : p.resolveSibling(p.getFileName() + ext);
  }
}
