package io.blastradius.gui.live;

import io.blastradius.core.live.ConnView;
import io.blastradius.core.live.LiveSnapshot;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The cards, one per connection, in connection-id order. A card's view model lives as long as its
 * connection is shown, so views bind once and are not rebuilt every pulse; closed connections fade
 * out over {@link CardViewModel#FADE_NANOS} and leave. FX thread only.
 */
public final class CardsViewModel {
  /**
   * A card's numbers and times are refreshed at most this often (a state change shows at once):
   * ten updates a second read as live, and 64 cards re-laying out their text every pulse do not
   * fit in a frame. Cards are staggered over the period so the work spreads across pulses.
   */
  static final long REFRESH_NANOS = 100_000_000L;
  /** Cards scrolled out of view: once a second (they still change state at once). */
  static final long OFFSCREEN_REFRESH_NANOS = 1_000_000_000L;
  private static final int PHASES = 6;

  private final ObservableList<CardViewModel> cards = FXCollections.observableArrayList();
  private final ObservableList<CardViewModel> readOnly = FXCollections.unmodifiableObservableList(cards);
  private final Map<Long, CardViewModel> byId = new HashMap<>();
  private final ReadOnlyObjectWrapper<CardViewModel> selected = new ReadOnlyObjectWrapper<>();

  void update(LiveSnapshot s) {
    update(s, Long.MIN_VALUE);
  }

  /** {@code fxNanos}: the pulse time, for pacing; {@code Long.MIN_VALUE} refreshes every card. */
  void update(LiveSnapshot s, long fxNanos) {
    Set<Long> seen = new HashSet<>();
    for (ConnView v : s.connections()) {
      CardViewModel c = byId.get(v.connId());
      if (c == null) {
        c = new CardViewModel(v.connId());
        c.update(v, s.now());
        c.wire(s.wire(v.flowId()), s.now());
        if (c.gone()) continue; // closed and faded before we ever showed it
        byId.put(v.connId(), c);
        insertInOrder(c);
        c.nextRefresh = fxNanos == Long.MIN_VALUE ? Long.MIN_VALUE
            : fxNanos + (v.connId() % PHASES) * (REFRESH_NANOS / PHASES);
      } else if (fxNanos == Long.MIN_VALUE || fxNanos >= c.nextRefresh || c.stateChanged(v)) {
        c.update(v, s.now());
        c.wire(s.wire(v.flowId()), s.now());
        if (fxNanos != Long.MIN_VALUE) {
          long period = c.onScreen() ? REFRESH_NANOS : OFFSCREEN_REFRESH_NANOS;
          c.nextRefresh = c.nextRefresh == Long.MIN_VALUE ? fxNanos + period : Math.max(c.nextRefresh + period, fxNanos);
        }
      }
      seen.add(v.connId());
    }
    if (seen.size() != cards.size() || cards.stream().anyMatch(CardViewModel::gone)) {
      cards.removeIf(c -> {
        boolean drop = c.gone() || !seen.contains(c.connId());
        if (drop) byId.remove(c.connId());
        return drop;
      });
      if (selected.get() != null && !byId.containsKey(selected.get().connId())) select(null);
    }
  }

  private void insertInOrder(CardViewModel c) {
    int i = cards.size();
    while (i > 0 && cards.get(i - 1).connId() > c.connId()) i--;
    cards.add(i, c);
  }

  void clear() {
    select(null);
    cards.clear();
    byId.clear();
  }

  public void select(CardViewModel c) {
    CardViewModel old = selected.get();
    if (old == c) return;
    if (old != null) old.setSelected(false);
    selected.set(c);
    if (c != null) c.setSelected(true);
  }

  public CardViewModel card(long connId) {
    return byId.get(connId);
  }

  public ObservableList<CardViewModel> cards() { return readOnly; }
  public ReadOnlyObjectProperty<CardViewModel> selectedProperty() { return selected.getReadOnlyProperty(); }
}
