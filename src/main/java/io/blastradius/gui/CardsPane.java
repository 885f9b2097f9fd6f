package io.blastradius.gui;

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
final class CardsPane extends StackPane {
  private static final int POOL = 64;
  private final FlowPane flow = new FlowPane();
  private final Map<CardViewModel, ConnectionCard> nodes = new HashMap<>();
  private final ArrayDeque<ConnectionCard> pool = new ArrayDeque<>();
  private final ConnectionCard.Actions actions;

  CardsPane(ObservableList<CardViewModel> cards, ConnectionCard.Actions actions) {
    this.actions = actions;
    getStyleClass().add("cards-pane");
    flow.getStyleClass().add("cards-flow");
    flow.setHgap(8);
    flow.setVgap(8);
    ScrollPane scroll = new ScrollPane(flow);
    scroll.setFitToWidth(true);
    scroll.getStyleClass().add("cards-scroll");
    scroll.setId("cards-scroll");
    flow.setId("cards");
    Label empty = Ui.label("No connections yet. Start a run (Ctrl+Enter) and the pool's connections appear here,"
        + " one card each.", "empty-hint");
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
