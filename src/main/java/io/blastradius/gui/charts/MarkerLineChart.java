package io.blastradius.gui.charts;

import io.blastradius.core.event.Fault;
import io.blastradius.core.live.SeriesView;
import java.util.ArrayList;
import java.util.List;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.shape.Line;
import javafx.scene.text.Text;

/**
 * A line chart without symbols or animation that also draws a dashed vertical line at each flow
 * fault, labelled with the flow ("f3"). Marker nodes are pooled; labels are skipped where they
 * would overlap.
 */
public final class MarkerLineChart extends LineChart<Number, Number> {
  private final List<Line> lines = new ArrayList<>();
  private final List<Text> labels = new ArrayList<>();
  private List<SeriesView.Marker> markers = List.of();

  public MarkerLineChart(NumberAxis x, NumberAxis y) {
    super(x, y);
    setCreateSymbols(false);
    setAnimated(false);
    x.setAnimated(false);
    y.setAnimated(false);
    x.setForceZeroInRange(false);
  }

  void setMarkers(List<SeriesView.Marker> m) {
    if (m.equals(markers)) return;
    markers = m;
    requestChartLayout();
  }

  @Override
  protected void layoutPlotChildren() {
    super.layoutPlotChildren();
    NumberAxis x = (NumberAxis) getXAxis();
    double lo = x.getLowerBound(), hi = x.getUpperBound();
    double height = getYAxis().getHeight();
    int used = 0;
    double lastLabelX = Double.NEGATIVE_INFINITY;
    for (SeriesView.Marker m : markers) {
      double sec = m.seconds();
      if (sec < lo || sec > hi) continue;
      if (used == lines.size()) {
        Line l = new Line();
        l.getStyleClass().add("fault-marker");
        l.setMouseTransparent(true);
        Text t = new Text();
        t.getStyleClass().add("fault-marker-label");
        t.setMouseTransparent(true);
        lines.add(l);
        labels.add(t);
        getPlotChildren().addAll(l, t);
      }
      Line l = lines.get(used);
      Text t = labels.get(used);
      double px = Math.round(x.getDisplayPosition(sec)) + 0.5;
      l.setStartX(px);
      l.setEndX(px);
      l.setStartY(0);
      l.setEndY(height);
      l.setVisible(true);
      boolean reset = m.fault() == Fault.RESET || m.fault() == Fault.CLOSE;
      if (l.getStyleClass().contains("fault-reset") != reset) { // style changes re-apply CSS: only when needed
        l.getStyleClass().setAll("fault-marker", reset ? "fault-reset" : "fault-unplug");
      }
      boolean room = px - lastLabelX > 34;
      t.setVisible(room);
      if (room) {
        String text = (m.fault() == Fault.RESET ? "rst f" : "f") + m.flowId();
        if (!text.equals(t.getText())) t.setText(text);
        t.setX(px + 3);
        t.setY(12);
        lastLabelX = px;
      }
      l.toFront();
      t.toFront();
      used++;
    }
    for (int i = used; i < lines.size(); i++) {
      lines.get(i).setVisible(false);
      labels.get(i).setVisible(false);
    }
  }
}
