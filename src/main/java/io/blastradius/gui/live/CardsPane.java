package io.blastradius.gui.live;

import io.blastradius.gui.common.Ui;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.StackPane;

/**
 * The cards, mirrored from {@link CardsViewModel#cards()} change by change: a card node is created
 * (or taken from a pool of unbound ones) when a connection appears and released when it leaves,
 * never rebuilt per pulse.
 */
public final class CardsPane extends StackPane {
  private static final int POOL = 64;
  private final FlowPane flow = new FlowPane() {
    @Override
    protected void layoutChildren() {
      super.layoutChildren();
      updateOnScreen();
    }
  };
  private ScrollPane scroll;
  private boolean shown = true;
  private final Map<CardViewModel, ConnectionCard> nodes = new HashMap<>();
  private final ArrayDeque<ConnectionCard> pool = new ArrayDeque<>();
  private final ConnectionCard.Actions actions;
  private final javafx.beans.property.StringProperty emptyText = new javafx.beans.property.SimpleStringProperty(
      "No connections yet. Start a run (Ctrl+Enter) and the pool's connections appear here, one card each.");

  public CardsPane(ObservableList<CardViewModel> cards, ConnectionCard.Actions actions) {
    this.actions = actions;
    getStyleClass().add("cards-pane");
    flow.getStyleClass().add("cards-flow");
    flow.setHgap(8);
    flow.setVgap(8);
    scroll = new ScrollPane(flow);
    scroll.vvalueProperty().addListener(o -> updateOnScreen());
    scroll.viewportBoundsProperty().addListener(o -> updateOnScreen());
    scroll.setFitToWidth(true);
    // A card that grows (a line added after the run) changes the first row's height; the scroll
    // pane keeps that to itself, so ask the split pane above to read this pane's minimum again.
    flow.heightProperty().addListener(o -> requestLayout());
    scroll.getStyleClass().add("cards-scroll");
    scroll.setId("cards-scroll");
    flow.setId("cards");
    Label empty = Ui.label("", "empty-hint");
    empty.textProperty().bind(emptyText);
    empty.setWrapText(true);
    empty.visibleProperty().bind(javafx.beans.binding.Bindings.isEmpty(cards));
    empty.setMouseTransparent(true);
    getChildren().addAll(scroll, empty);
    for (CardViewModel c : cards) flow.getChildren().add(node(c));
    cards.addListener((ListChangeListener<CardViewModel>) ch -> {
      while (ch.next()) {
        if (ch.wasRemoved()) {
          for (CardViewModel c : ch.getRemoved()) {
            ConnectionCard n = nodes.remove(c);
            if (n != null) {
              flow.getChildren().remove(n);
              n.unbind();
              if (pool.size() < POOL) pool.push(n);
            }
          }
        }
        if (ch.wasAdded()) {
          int i = ch.getFrom();
          for (CardViewModel c : ch.getAddedSubList()) flow.getChildren().add(Math.min(i++, flow.getChildren().size()), node(c));
        }
      }
    });
  }

  /**
   * One row of cards, whole: the live tab's split pane never places its divider (at the start, in
   * presenter mode at 1024x768, or when dragged) across the cards' last lines. More rows scroll.
   */
  @Override
  protected double computeMinHeight(double width) {
    double row = 0, rowY = Double.NaN;
    for (javafx.scene.Node n : flow.getChildren()) {
      if (!n.isManaged()) continue;
      if (Double.isNaN(rowY)) rowY = n.getLayoutY();
      else if (n.getLayoutY() != rowY) break; // the first row only
      row = Math.max(row, n.prefHeight(n.prefWidth(-1)));
    }
    if (row == 0) return super.computeMinHeight(width);
    double whole = row + flow.snappedTopInset() + flow.snappedBottomInset() + scroll.snappedTopInset()
        + scroll.snappedBottomInset() + snappedTopInset() + snappedBottomInset();
    return Math.max(super.computeMinHeight(width), Math.min(whole, room.getAsDouble()));
  }

  private java.util.function.DoubleSupplier room = () -> Double.MAX_VALUE;

  /**
   * At most how tall the cards may insist on being: what their split pane has left once the
   * timeline and charts have their minimum (so a too short window scrolls the cards, not the charts
   * out of view). Call {@link #requestLayout} when it changes.
   */
  public void setRoom(java.util.function.DoubleSupplier room) {
    this.room = room;
  }

  /** The text shown while there are no cards (a replay says something else than a live run). */
  public javafx.beans.property.StringProperty emptyTextProperty() { return emptyText; }

  /** Whether the pane is on screen at all (its tab is selected). */
  public void setShown(boolean on) {
    shown = on;
    updateOnScreen();
  }

  /** Tells each card's view model whether it is inside the viewport (it then refreshes faster). */
  private void updateOnScreen() {
    if (scroll == null) return;
    javafx.geometry.Bounds vp = scroll.getViewportBounds();
    double top = -vp.getMinY(), bottom = top + vp.getHeight();
    for (javafx.scene.Node n : flow.getChildren()) {
      ConnectionCard card = (ConnectionCard) n;
      CardViewModel m = card.model();
      if (m == null) continue;
      javafx.geometry.Bounds b = card.getBoundsInParent();
      m.setOnScreen(shown && b.getMaxY() >= top && b.getMinY() <= bottom);
    }
  }

  private ConnectionCard node(CardViewModel c) {
    ConnectionCard n = pool.isEmpty() ? new ConnectionCard(actions) : pool.pop();
    n.bind(c);
    nodes.put(c, n);
    return n;
  }

  /** For tests and the bench: the live card nodes. */
  int cardCount() {
    return flow.getChildren().size();
  }
}
