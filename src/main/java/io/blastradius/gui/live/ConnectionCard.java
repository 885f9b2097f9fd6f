package io.blastradius.gui.live;

import io.blastradius.gui.common.Ui;

import io.blastradius.core.live.ConnState;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import javafx.beans.InvalidationListener;
import javafx.beans.Observable;
import javafx.css.PseudoClass;
import javafx.scene.control.Button;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.MenuItem;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * The view of one connection. It only binds to a {@link CardViewModel} and calls commands; it is
 * reused for another connection through {@link #bind}/{@link #unbind} instead of being rebuilt.
 */
public final class ConnectionCard extends VBox {
  private static final PseudoClass SELECTED = PseudoClass.getPseudoClass("selected");
  private static final PseudoClass DISAGREES = PseudoClass.getPseudoClass("disagrees");

  /** What a card's buttons do; the main view wires these to view-model commands. */
  public record Actions(Consumer<CardViewModel> select, Consumer<CardViewModel> toggleUnplug,
      Consumer<CardViewModel> reset, Consumer<CardViewModel> showInLog,
      javafx.beans.value.ObservableBooleanValue locked) {}

  private final Actions actions;

  private final Label title = Ui.label("", "card-title");
  private final Label state = Ui.label("", "card-state");
  private final Label flow = Ui.label("", "card-flow");
  private final OccupancyBar bar = new OccupancyBar();
  private final Label occupancy = Ui.label("", "card-occupancy");
  private final Label counts = Ui.label("", "card-counts");
  private final Label life = Ui.label("", "card-life");
  private final Label ping = Ui.label("", "card-ping");
  private final Label why = Ui.label("", "card-why");
  private final Label wire = Ui.label("", "card-wire");
  private final WireLane lane = new WireLane();
  private final Button toggle = new Button("Unplug");
  private final Button reset = new Button("Reset");
  private final List<Runnable> unbinders = new ArrayList<>();
  private CardViewModel vm;
  private String stateClass;

  ConnectionCard(Actions actions) {
    this.actions = actions;
    getStyleClass().add("conn-card");
    Region spacer = new Region();
    HBox.setHgrow(spacer, Priority.ALWAYS);
    title.setMinWidth(Region.USE_PREF_SIZE); // "#12 · H2" is never cut; the state gives way
    state.setMinWidth(0);
    HBox head = new HBox(6, title, spacer, state);
    head.getStyleClass().add("card-head");
    toggle.getStyleClass().add("card-toggle");
    reset.getStyleClass().add("card-reset");
    HBox buttons = new HBox(6, toggle, reset);
    buttons.getStyleClass().add("card-buttons");
    for (Label l : List.of(ping, why, wire)) {
      l.managedProperty().bind(l.textProperty().isNotEmpty());
      l.visibleProperty().bind(l.textProperty().isNotEmpty());
    }
    for (Label l : List.of(flow, occupancy, counts, life, ping, why)) l.setWrapText(true); // never cut text
    lane.managedProperty().bind(wire.textProperty().isNotEmpty());
    lane.visibleProperty().bind(wire.textProperty().isNotEmpty());
    getChildren().addAll(head, flow, bar, occupancy, wire, lane, counts, life, ping, why, buttons);
    Ui.tipNode(lane, "This flow's frames over the run so far (at most its last 10 s), newest right; client above the line, server below:"
        + " HEADERS grey, RST_STREAM red, PING blue, PING ACK green, GOAWAY purple, SETTINGS teal.");
    Ui.tip(wire, "Streams open on this flow as the proxy's wire decoder saw them (--wire), beside the pool's"
        + " own count; red when the two have disagreed for more than a second.");
    Ui.tipNode(bar, "Streams on this connection against the server's SETTINGS_MAX_CONCURRENT_STREAMS:"
        + " solid = active streams, hatched = timed-out slots the policy still holds, empty = free.");
    Ui.tip(toggle, "Unplug this connection's proxy flow (black-hole it: no FIN, no RST), or replug it."
        + " Shortcut: U on the selected card.");
    Ui.tip(reset, "Abort this connection's proxy flow with a TCP RST: the client sees the error at once.");
    Ui.tip(state, "CONNECTING, LIVE, UNPLUGGED (flow cut, policy unaware), SUSPECT, DRAINING,"
        + " EVICTED (policy closed it) or CLOSED.");
    toggle.setOnAction(e -> { if (vm != null) actions.toggleUnplug().accept(vm); });
    reset.setOnAction(e -> { if (vm != null) actions.reset().accept(vm); });
    setOnMouseClicked(e -> {
      if (vm == null || e.getButton() != MouseButton.PRIMARY) return;
      actions.select().accept(vm);
      if (e.getClickCount() == 2) actions.showInLog().accept(vm);
    });
    MenuItem log = new MenuItem("Show in event log");
    log.setOnAction(e -> { if (vm != null) actions.showInLog().accept(vm); });
    ContextMenu menu = new ContextMenu(log);
    setOnContextMenuRequested(e -> {
      if (vm == null) return;
      actions.select().accept(vm);
      menu.show(this, e.getScreenX(), e.getScreenY());
    });
  }

  // Wrapped labels give the card a horizontal content bias, so FlowPane asks prefHeight(width) on
  // every layout pass, which JavaFX does not cache: 64 cards re-laid out all their text each
  // pulse. The height is cached per width until this card (or a child) requests layout.
  private double cachedForWidth = Double.NaN, minForWidth = Double.NaN;
  private double cachedHeight, cachedMinHeight;

  @Override
  public void requestLayout() {
    cachedForWidth = Double.NaN;
    minForWidth = Double.NaN;
    super.requestLayout();
  }

  @Override
  protected double computeMinHeight(double width) {
    if (width == minForWidth) return cachedMinHeight;
    double h = super.computeMinHeight(width);
    minForWidth = width;
    cachedMinHeight = h;
    return h;
  }

  @Override
  protected double computePrefHeight(double width) {
    if (width == cachedForWidth) return cachedHeight;
    double h = super.computePrefHeight(width);
    cachedForWidth = width;
    cachedHeight = h;
    return h;
  }

  void bind(CardViewModel m) {
    unbind();
    vm = m;
    setUserData(m.connId());
    setId("card-" + m.connId());
    toggle.setId("unplug-" + m.connId());
    reset.setId("reset-" + m.connId());
    state.setId("state-" + m.connId());
    occupancy.setId("occupancy-" + m.connId());
    counts.setId("counts-" + m.connId());
    wire.setId("wire-" + m.connId());
    why.setId("why-" + m.connId());
    ping.setId("ping-" + m.connId());
    title.textProperty().bind(m.titleProperty());
    state.textProperty().bind(m.stateTextProperty());
    flow.textProperty().bind(m.flowTextProperty());
    occupancy.textProperty().bind(m.occupancyTextProperty());
    counts.textProperty().bind(m.countsTextProperty());
    life.textProperty().bind(m.lifeTextProperty());
    ping.textProperty().bind(m.pingTextProperty());
    why.textProperty().bind(m.whyTextProperty());
    wire.textProperty().bind(m.wireTextProperty());
    InvalidationListener wireL = o -> wire.pseudoClassStateChanged(DISAGREES, m.wireDisagreesProperty().get());
    m.wireDisagreesProperty().addListener(wireL);
    wireL.invalidated(null);
    InvalidationListener laneL = o -> lane.draw(m.wireStateProperty().get(), m.wireNow());
    m.wireStateProperty().addListener(laneL);
    laneL.invalidated(null);
    unbinders.add(() -> {
      m.wireDisagreesProperty().removeListener(wireL);
      m.wireStateProperty().removeListener(laneL);
    });
    toggle.textProperty().bind(m.toggleTextProperty());
    // Locked while a recording plays: its flows cannot be changed.
    toggle.disableProperty().bind(m.faultableProperty().not().or(m.pendingProperty()).or(actions.locked()));
    reset.disableProperty().bind(m.faultableProperty().not().or(m.pendingProperty()).or(actions.locked()));
    opacityProperty().bind(m.opacityProperty());
    InvalidationListener barL = o -> bar.set(m.activeProperty().get(), m.heldProperty().get(), m.maxProperty().get());
    List<Observable> barSources = List.of(m.activeProperty(), m.heldProperty(), m.maxProperty());
    barSources.forEach(s -> s.addListener(barL));
    barL.invalidated(null);
    InvalidationListener stateL = o -> setStateClass(m.stateProperty().get());
    m.stateProperty().addListener(stateL);
    stateL.invalidated(null);
    InvalidationListener selL = o -> pseudoClassStateChanged(SELECTED, m.selectedProperty().get());
    m.selectedProperty().addListener(selL);
    selL.invalidated(null);
    unbinders.add(() -> {
      barSources.forEach(s -> s.removeListener(barL));
      m.stateProperty().removeListener(stateL);
      m.selectedProperty().removeListener(selL);
    });
  }

  void unbind() {
    if (vm == null) return;
    for (Label l : List.of(title, state, flow, occupancy, counts, life, ping, why, wire)) l.textProperty().unbind();
    toggle.textProperty().unbind();
    toggle.disableProperty().unbind();
    reset.disableProperty().unbind();
    opacityProperty().unbind();
    setOpacity(1);
    unbinders.forEach(Runnable::run);
    unbinders.clear();
    vm = null;
  }

  CardViewModel model() {
    return vm;
  }

  private void setStateClass(ConnState s) {
    String c = "state-" + (s == null ? "connecting" : s.name().toLowerCase());
    if (c.equals(stateClass)) return;
    if (stateClass != null) getStyleClass().remove(stateClass);
    getStyleClass().add(c);
    stateClass = c;
  }
}
