package io.blastradius.gui.external;

import io.blastradius.gui.live.WireLane;
import javafx.beans.binding.Bindings;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

/** One flow through an external proxy: binds to a {@link FlowCardModel}, calls view-model commands. */
final class FlowCard extends VBox {
  FlowCard(FlowCardModel m, ExternalViewModel vm) {
    getStyleClass().addAll("conn-card", "flow-card");
    setId("flow-" + m.proxy() + "-" + m.flowId());
    Label title = new Label();
    title.textProperty().bind(m.titleProperty());
    title.getStyleClass().add("card-title");
    Label state = new Label();
    state.textProperty().bind(m.stateProperty());
    state.getStyleClass().add("card-state");
    Label traffic = new Label();
    traffic.textProperty().bind(m.trafficProperty());
    traffic.setWrapText(true);
    Label wire = new Label();
    wire.textProperty().bind(m.wireProperty());
    wire.setWrapText(true);
    wire.setTooltip(new Tooltip("What crosses this connection, decoded: HTTP/2 streams open on the wire (of the server's limit), opened, reset."));
    wire.managedProperty().bind(wire.textProperty().isNotEmpty());
    wire.visibleProperty().bind(wire.managedProperty());
    Label latency = new Label();
    latency.textProperty().bind(m.latencyProperty());
    latency.managedProperty().bind(latency.textProperty().isNotEmpty()); // no empty line without latency
    latency.visibleProperty().bind(latency.managedProperty());

    Button toggle = new Button();
    toggle.textProperty().bind(Bindings.when(m.unpluggedProperty()).then("Replug").otherwise("Unplug"));
    toggle.setTooltip(new Tooltip("Unplug: black-hole this connection silently (bytes held, nothing closed). Replug: deliver what was held."));
    toggle.setOnAction(e -> vm.toggleUnplug(m));
    Button reset = new Button("Reset");
    reset.setTooltip(new Tooltip("Abort this connection with a TCP RST both ways."));
    reset.setOnAction(e -> vm.reset(m));
    Spinner<Integer> ms = new Spinner<>(0, 60_000, 200, 50);
    ms.setEditable(true);
    ms.getEditor().setPrefColumnCount(4); // "60000" whole at any font size
    ms.setTooltip(new Tooltip("Latency added to every chunk of this connection, both ways (0 removes it)."));
    Button setLatency = new Button("Latency");
    setLatency.setOnAction(e -> {
      ms.increment(0); // commits typed text
      vm.latency(m, ms.getValue());
    });
    for (var b : new javafx.scene.control.Control[] {toggle, reset, ms, setLatency}) {
      if (m.replayed()) b.setDisable(true); // a recording's flow: nothing to fault
      else b.disableProperty().bind(m.closedProperty());
    }
    // The flow's frames (the Live tab's lane): HEADERS grey, RST_STREAM red, PING blue, GOAWAY purple.
    WireLane lane = new WireLane();
    lane.setId("lane-" + m.proxy() + "-" + m.flowId());
    lane.managedProperty().bind(wire.managedProperty());
    lane.visibleProperty().bind(wire.managedProperty());
    io.blastradius.gui.common.Ui.tipNode(lane, "This connection's frames over the last seconds, newest at the right: client's above the"
        + " line, server's below. HEADERS grey, RST_STREAM red, PING blue, PING ACK green, GOAWAY purple, SETTINGS teal.");
    m.laneProperty().addListener((o, a, l) -> lane.draw(l.wire(), l.now()));
    lane.draw(m.laneProperty().get().wire(), m.laneProperty().get().now());
    toggle.setId("unplug-" + m.proxy() + "-" + m.flowId());
    reset.setId("reset-" + m.proxy() + "-" + m.flowId());

    javafx.scene.layout.Region gap = new javafx.scene.layout.Region();
    HBox.setHgrow(gap, javafx.scene.layout.Priority.ALWAYS);
    // Wraps to two rows on a narrow card rather than cutting Latency off.
    javafx.scene.layout.FlowPane buttons = new javafx.scene.layout.FlowPane(6, 6, toggle, reset, ms, setLatency);
    buttons.getStyleClass().add("card-buttons");
    ms.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
    for (var c : new javafx.scene.control.Control[] {toggle, reset, setLatency}) c.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
    title.setMinWidth(0);
    state.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
    getChildren().addAll(new HBox(8, title, gap, state), traffic, wire, lane, latency, buttons);
    // Up to room for the four buttons on one row; narrower (the view sets the width) when the tab is.
    setStyle("-fx-min-width: 14em; -fx-max-width: 25em;");
    // The workbench's card look: state-live, state-unplugged, state-closed.
    stateClass(m);
    m.stateProperty().addListener((o, a, b) -> stateClass(m));
  }

  private void stateClass(FlowCardModel m) {
    getStyleClass().removeIf(c -> c.startsWith("state-"));
    getStyleClass().add(m.closedProperty().get() ? "state-closed" : m.unpluggedProperty().get() ? "state-unplugged" : "state-live");
    setOpacity(m.closedProperty().get() ? 0.6 : 1);
  }
}
