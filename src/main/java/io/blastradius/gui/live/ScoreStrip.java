package io.blastradius.gui.live;

import io.blastradius.core.score.Scorecard;
import io.blastradius.gui.common.Fmt;
import io.blastradius.gui.common.Ui;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;

/**
 * The run's scorecard in one line above the cards once a run ended (or a recording is open), with
 * its exports: the Live tab's charts as PNG, the scorecard as CSV, the recording as HAR.
 */
public final class ScoreStrip extends HBox {
  /** What the export buttons do (the window owns the file choosers). */
  public interface Exports {
    void chartPng();
    void scorecardCsv();
    void har();
  }

  private final Label text = new Label();

  public ScoreStrip(LiveRunViewModel vm, Exports exports) {
    super(8);
    getStyleClass().add("score-strip");
    setId("score-strip");
    setAlignment(Pos.CENTER_LEFT);
    text.setId("score-text");
    text.getStyleClass().add("score-text");
    text.setMinWidth(0);
    text.setMaxWidth(Double.MAX_VALUE);
    text.setWrapText(true);
    // Two lines at most (a projector's 1024 px in presenter mode would take three, from the cards);
    // the rest ends in an ellipsis and the whole sentence is in the tooltip.
    text.maxHeightProperty().bind(javafx.beans.binding.Bindings.createDoubleBinding(
        () -> Math.ceil(text.getFont().getSize() * 2.7), text.fontProperty()));
    javafx.scene.control.Tooltip whole = new javafx.scene.control.Tooltip();
    whole.textProperty().bind(text.textProperty());
    whole.setWrapText(true);
    whole.setMaxWidth(600);
    text.setTooltip(whole);
    HBox.setHgrow(text, Priority.ALWAYS);
    Button png = new Button("PNG…");
    png.setId("export-png");
    png.setOnAction(e -> exports.chartPng());
    Ui.tip(png, "Save the request timeline and the charts of this run as a PNG image.");
    Button csv = new Button("CSV…");
    csv.setId("export-csv");
    csv.setOnAction(e -> exports.scorecardCsv());
    Ui.tip(csv, "Save this run's scorecard as CSV (the same columns as the CLI's export --csv).");
    Button har = new Button("HAR…");
    har.setId("export-har");
    har.setOnAction(e -> exports.har());
    har.disableProperty().bind(vm.exportableRecordingProperty().isNull());
    Ui.tip(har, "Save this run's requests as a HAR 1.2 file (one entry per request).");
    for (Button b : new Button[] {png, csv, har}) b.setMinWidth(Button.USE_PREF_SIZE);
    Label title = Ui.label("Scorecard", "section-title");
    title.setMinWidth(Label.USE_PREF_SIZE);
    getChildren().addAll(title, text, png, csv, har);
    text.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(
        () -> summary(vm.scorecardProperty().get()), vm.scorecardProperty()));
    visibleProperty().bind(vm.scorecardProperty().isNotNull());
    managedProperty().bind(visibleProperty());
  }

  /** The scorecard's headline figures in one sentence. */
  public static String summary(Scorecard s) {
    if (s == null) return "";
    StringBuilder b = new StringBuilder();
    b.append(s.policy()).append(": ").append(Fmt.count(s.requests())).append(" requests, ")
        .append(Fmt.count(s.failed())).append(" failed");
    b.append(", ").append(Fmt.count(s.unplugs())).append(s.unplugs() == 1 ? " unplug" : " unplugs");
    if (s.failuresPerUnplug() != null) b.append(" (").append(Fmt.decimal(s.failuresPerUnplug(), 1)).append(" failed per unplug)");
    if (s.timeToEvictMillis() != null) b.append(", time to evict ").append(Fmt.decimal(s.timeToEvictMillis(), 1)).append(" ms");
    b.append(", ").append(Fmt.count(s.connectionsOpened())).append(" connections opened, ")
        .append(Fmt.count(s.pingsSent())).append(" PINGs, wall ").append(Fmt.decimal(s.wallMillis(), 0)).append(" ms");
    return b.toString();
  }

  public String text() { return text.getText(); }
}
