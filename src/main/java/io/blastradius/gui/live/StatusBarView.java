package io.blastradius.gui.live;

import io.blastradius.gui.common.Ui;

import javafx.beans.value.ObservableStringValue;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.Separator;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;

/** Live totals along the bottom: state, message, elapsed time, rate, requests, failures, connections. */
public final class StatusBarView extends HBox {
  public StatusBarView(LiveRunViewModel vm) {
    getStyleClass().add("status-bar");
    setAlignment(Pos.CENTER_LEFT);
    setSpacing(10);
    Label state = Ui.label("", "status-state");
    state.setId("status-state");
    state.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(
        () -> vm.replayingProperty().get() ? (vm.playingProperty().get() ? "PLAYING" : "REPLAY") : vm.stateProperty().get().toString(),
        vm.replayingProperty(), vm.playingProperty(), vm.stateProperty()));
    state.setMinWidth(Label.USE_PREF_SIZE);
    Ui.tip(state, "What the live run is doing.");
    Label msg = Ui.label("", "status-message");
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
    getChildren().addAll(state, msg,
        new Separator(javafx.geometry.Orientation.VERTICAL),
        stat("status-elapsed", "time", vm.elapsedTextProperty(), "Run time."),
        stat("status-rate", "rate", vm.rateTextProperty(), "Requests finished in the last second."),
        stat("status-requests", "requests", vm.requestsTextProperty(), "Requests started (and how many succeeded)."),
        stat("status-failures", "failed", vm.failuresTextProperty(), "Failed requests (timeouts and errors) so far."),
        stat("status-conns", "open conns", vm.connectionsTextProperty(), "Connections open right now."));
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
