package io.blastradius.gui.external;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The workspace's cards, one per flow shown (live or replayed): a card's model lives as long as
 * its flow is shown, so the view binds once and is not rebuilt every refresh. FX thread only.
 */
final class FlowCards {
  private final ObservableList<FlowCardModel> cards = FXCollections.observableArrayList();
  private final Map<String, FlowCardModel> byKey = new HashMap<>();

  /** Makes the cards those of {@code flows}, updated to session time {@code now}. */
  void show(List<ExternalSnapshot.FlowView> flows, long now, boolean replayed) {
    Map<String, FlowCardModel> next = new HashMap<>();
    List<FlowCardModel> ordered = new ArrayList<>();
    for (ExternalSnapshot.FlowView f : flows) {
      FlowCardModel c = byKey.get(f.key());
      if (c == null || c.replayed() != replayed) c = new FlowCardModel(f.proxy(), f.info(), f.wire(), now, replayed);
      else c.update(f.info(), f.wire(), now);
      next.put(f.key(), c);
      ordered.add(c);
    }
    byKey.clear();
    byKey.putAll(next);
    if (!cards.equals(ordered)) cards.setAll(ordered);
  }

  void clear() {
    cards.clear();
    byKey.clear();
  }

  ObservableList<FlowCardModel> list() {
    return cards;
  }
}
