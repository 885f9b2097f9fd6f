package io.blastradius.gui.external;

import javafx.beans.binding.Bindings;
import javafx.css.PseudoClass;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

/** One flow through an external proxy: binds to a {@link FlowCardModel}, calls view-model commands. */
final class FlowCard extends VBox {
  private static final PseudoClass UNPLUGGED = PseudoClass.getPseudoClass("unplugged");
  private static final PseudoClass CLOSED = PseudoClass.getPseudoClass("closed");

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
    Label latency = new Label();
    latency.textProperty().bind(m.latencyProperty());

    Button toggle = new Button();
    toggle.textProperty().bind(Bindings.when(m.unpluggedProperty()).then("Replug").otherwise("Unplug"));
    toggle.setTooltip(new Tooltip("Unplug: black-hole this connection silently (bytes held, nothing closed). Replug: deliver what was held."));
    toggle.setOnAction(e -> vm.toggleUnplug(m));
    Button reset = new Button("Reset");
    reset.setTooltip(new Tooltip("Abort this connection with a TCP RST both ways."));
    reset.setOnAction(e -> vm.reset(m));
    Spinner<Integer> ms = new Spinner<>(0, 60_000, 200, 50);
    ms.setEditable(true);
    ms.setPrefWidth(90);
    ms.setTooltip(new Tooltip("Latency added to every chunk of this connection, both ways (0 removes it)."));
    Button setLatency = new Button("Latency");
    setLatency.setOnAction(e -> {
      ms.increment(0); // commits typed text
      vm.latency(m, ms.getValue());
    });
    for (var b : new javafx.scene.control.Control[] {toggle, reset, ms, setLatency}) b.disableProperty().bind(m.closedProperty());
    toggle.setId("unplug-" + m.proxy() + "-" + m.flowId());
    reset.setId("reset-" + m.proxy() + "-" + m.flowId());

    getChildren().addAll(new HBox(8, title, state), traffic, latency, new HBox(6, toggle, reset, ms, setLatency));
    setSpacing(4);
    pseudoClassStateChanged(UNPLUGGED, m.unpluggedProperty().get());
    pseudoClassStateChanged(CLOSED, m.closedProperty().get());
    m.unpluggedProperty().addListener((o, a, on) -> pseudoClassStateChanged(UNPLUGGED, on));
    m.closedProperty().addListener((o, a, on) -> {
      pseudoClassStateChanged(CLOSED, on);
      setOpacity(on ? 0.5 : 1);
    });
    setOpacity(m.closedProperty().get() ? 0.5 : 1);
  }
}
