package io.blastradius.gui.live;

import io.blastradius.gui.common.Ui;

import javafx.beans.value.ObservableStringValue;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.Separator;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;

/** Live totals along the bottom: state, message, elapsed time, rate, requests, failures, connections. */
public final class StatusBarView extends javafx.scene.layout.VBox {
  /** The message gets at least this many ems on the stats' line, else the stats take a line of their own. */
  static final double MIN_MESSAGE_EMS = 22;

  private final HBox line1 = new HBox(10);
  private final HBox stats = new HBox(10);
  private final Label msg;

  public StatusBarView(LiveRunViewModel vm) {
    getStyleClass().add("status-bar");
    setSpacing(2);
    line1.setAlignment(Pos.CENTER_LEFT);
    stats.setAlignment(Pos.CENTER_LEFT);
    Label state = Ui.label("", "status-state");
    state.setId("status-state");
    state.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(
        () -> vm.replayingProperty().get() ? (vm.playingProperty().get() ? "PLAYING" : "REPLAY") : vm.stateProperty().get().toString(),
        vm.replayingProperty(), vm.playingProperty(), vm.stateProperty()));
    state.setMinWidth(Label.USE_PREF_SIZE);
    Ui.tip(state, "What the live run is doing.");
    msg = Ui.label("", "status-message");
    msg.setId("status-message");
    msg.textProperty().bind(vm.messageProperty());
    msg.setMinWidth(0);
    msg.setMaxWidth(Double.MAX_VALUE);
    // One line whatever the window's width or font size: a long message ends in an ellipsis and
    // its tooltip has all of it (wrapping made a one-word column at 1024 px in presenter mode).
    msg.setWrapText(false);
    msg.setTextOverrun(javafx.scene.control.OverrunStyle.ELLIPSIS);
    HBox.setHgrow(msg, Priority.ALWAYS);
    msg.tooltipProperty().set(new javafx.scene.control.Tooltip());
    msg.getTooltip().textProperty().bind(vm.messageProperty());
    msg.getTooltip().setWrapText(true);
    msg.getTooltip().setMaxWidth(500);
    line1.getChildren().addAll(state, msg);
    stats.getChildren().addAll(
        stat("status-elapsed", "time", vm.elapsedTextProperty(), "Run time."),
        stat("status-rate", "rate", vm.rateTextProperty(), "Requests finished in the last second."),
        stat("status-requests", "requests", vm.requestsTextProperty(), "Requests started (and how many succeeded)."),
        stat("status-failures", "failed", vm.failuresTextProperty(), "Failed requests (timeouts and errors) so far."),
        stat("status-conns", "open conns", vm.connectionsTextProperty(), "Connections open right now."));
    stats.setMinWidth(HBox.USE_PREF_SIZE);
    getChildren().add(line1);
  }

  @Override
  protected void layoutChildren() {
    arrange(); // here, not in a width listener: the scene graph may change only outside the CSS pass
    super.layoutChildren();
  }

  /**
   * One line when the message keeps room to be read beside the totals; two lines (message above,
   * totals under it) when not: at 1024 px in presenter mode the totals alone take most of a line.
   */
  private void arrange() {
    double w = getWidth();
    if (w <= 0) return;
    double need = stats.prefWidth(-1) + msg.getFont().getSize() * MIN_MESSAGE_EMS + 120;
    boolean oneLine = w >= need;
    if (oneLine && stats.getParent() != line1) {
      getChildren().remove(stats);
      line1.getChildren().add(stats);
    } else if (!oneLine && stats.getParent() != this) {
      line1.getChildren().remove(stats);
      getChildren().add(stats);
    }
  }

  private static HBox stat(String id, String name, ObservableStringValue value, String tip) {
    Label n = Ui.label(name, "stat-name");
    Label v = Ui.label("", "stat-value");
    v.setId(id);
    v.textProperty().bind(value);
    v.setMinWidth(Label.USE_PREF_SIZE);
    n.setMinWidth(Label.USE_PREF_SIZE);
    Ui.tip(v, tip);
    Ui.tip(n, tip);
    HBox box = new HBox(4, n, v);
    box.setAlignment(Pos.BASELINE_LEFT);
    box.setMinWidth(HBox.USE_PREF_SIZE);
    return box;
  }
}
