package io.blastradius.gui.live;

import io.blastradius.gui.charts.LiveChartsView;
import io.blastradius.gui.charts.RequestTimelineView;
import io.blastradius.gui.replay.ReplayBar;
import javafx.beans.value.ObservableBooleanValue;
import javafx.geometry.Orientation;
import javafx.scene.control.SplitPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * The Live tab: the replay bar (while a recording is open), the run's scorecard (once it ended),
 * then the connection cards, the request timeline per connection and the rate and cumulative
 * charts, one above the other. In presenter mode the timeline and charts (what an audience reads)
 * get more of the height.
 */
public final class LiveView extends VBox {
  private final CardsPane cards;
  private final ReplayBar replayBar;
  private final RequestTimelineView timeline;
  private final LiveChartsView charts;
  private final ScoreStrip score;
  private final SplitPane split;

  public LiveView(LiveRunViewModel live, ConnectionCard.Actions actions, ObservableBooleanValue presenter,
      ScoreStrip.Exports exports) {
    getStyleClass().add("live-view");
    cards = new CardsPane(live.cards().cards(), actions);
    cards.emptyTextProperty().bind(javafx.beans.binding.Bindings.when(live.replayingProperty())
        .then("No connections at this point of the recording. Play, or drag the timeline.")
        .otherwise("No connections yet. Start a run (Ctrl+Enter) and the pool's connections appear here, one card each."));
    timeline = new RequestTimelineView(live.charts().frameProperty());
    charts = new LiveChartsView(live.charts().frameProperty());
    split = new SplitPane(cards, timeline, charts);
    split.setOrientation(Orientation.VERTICAL);
    split.setId("live-split");
    SplitPane.setResizableWithParent(cards, true);
    // The cards' first row stays whole (CardsPane's minimum height) as far as the timeline's and
    // the charts' own minimums leave room for it.
    cards.setRoom(() -> {
      double dividers = 0;
      for (javafx.scene.Node d : split.lookupAll(".split-pane-divider")) dividers += d.getLayoutBounds().getHeight();
      return split.getHeight() - split.snappedTopInset() - split.snappedBottomInset() - dividers
          - timeline.minHeight(-1) - charts.minHeight(-1);
    });
    split.heightProperty().addListener(o -> cards.requestLayout());
    // The split gets the height the tab has left (not its content's minimums, which would push
    // it, and the charts with it, below a short window); its content shares that height.
    split.setMinHeight(0);
    layoutFor(presenter.get());
    presenter.addListener((o, a, on) -> layoutFor(on));
    replayBar = new ReplayBar(live);
    replayBar.visibleProperty().bind(live.replayingProperty());
    replayBar.managedProperty().bind(live.replayingProperty());
    score = new ScoreStrip(live, exports);
    getChildren().addAll(replayBar, score, split);
    VBox.setVgrow(split, Priority.ALWAYS);
  }

  private void layoutFor(boolean presenter) {
    // Presenter mode: the charts before the timeline's spare height (one lane needs little); the
    // cards' first row still gets its whole height (CardsPane's minimum pushes the first divider).
    split.setDividerPositions(presenter ? new double[] {0.30, 0.55} : new double[] {0.40, 0.68});
  }

  public CardsPane cardsPane() { return cards; }
  public ReplayBar replayBar() { return replayBar; }
  public RequestTimelineView timeline() { return timeline; }
  public LiveChartsView charts() { return charts; }
  public ScoreStrip scoreStrip() { return score; }
}
