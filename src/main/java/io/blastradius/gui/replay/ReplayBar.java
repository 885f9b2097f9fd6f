package io.blastradius.gui.replay;

import io.blastradius.gui.common.Fmt;
import io.blastradius.gui.common.Ui;
import io.blastradius.gui.live.LiveRunViewModel;

import javafx.beans.InvalidationListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * The replay timeline above the cards, shown while a recording is open: play/pause, pace (×1,
 * ×10, ×100), a scrubber over the run's time and, under it, a red tick at every unplug (click one
 * to jump just after it). The slider's value is the view model's position; the view model folds
 * to it at most once per pulse.
 */
public final class ReplayBar extends VBox {
  /** The slider's track starts this far into the control (its thumb's half width, Modena and Primer). */
  private static final double TRACK_INSET = 8;

  private final LiveRunViewModel vm;
  private final Slider slider = new Slider(0, 1, 0);
  private final Pane marks = new Pane();

  public ReplayBar(LiveRunViewModel vm) {
    this.vm = vm;
    getStyleClass().add("replay-bar");
    setId("replay-bar");
    setPadding(new Insets(6, 10, 4, 10));
    setSpacing(2);

    Button play = new Button();
    play.setId("replay-play");
    play.textProperty().bind(javafx.beans.binding.Bindings.when(vm.playingProperty()).then("Pause").otherwise("Play"));
    play.setMinWidth(Region.USE_PREF_SIZE);
    play.setPrefWidth(70);
    play.setOnAction(e -> vm.togglePlay());
    play.setTooltip(new Tooltip("Play the recording from the scrubber's position, or pause it."));

    ToggleGroup pace = new ToggleGroup();
    HBox paces = new HBox();
    paces.getStyleClass().add("segmented");
    for (int s : new int[] {1, 10, 100}) {
      ToggleButton b = new ToggleButton("×" + s);
      b.setId("replay-speed-" + s);
      b.setToggleGroup(pace);
      b.setMinWidth(Region.USE_PREF_SIZE);
      b.setSelected(vm.replaySpeedProperty().get() == s);
      b.setOnAction(e -> {
        vm.replaySpeedProperty().set(s);
        b.setSelected(true); // a pace is always chosen
      });
      b.setTooltip(new Tooltip("Play at " + s + " times the recorded pace."));
      paces.getChildren().add(b);
    }
    vm.replaySpeedProperty().addListener((o, a, v) -> pace.getToggles().forEach(
        t -> t.setSelected(((ToggleButton) t).getId().equals("replay-speed-" + v.intValue()))));

    slider.setId("replay-slider");
    slider.maxProperty().bind(vm.replayEndProperty());
    slider.valueProperty().bindBidirectional(vm.replayPositionProperty());
    slider.setBlockIncrement(0.25); // arrow keys step a quarter second of run time
    slider.valueChangingProperty().addListener((o, a, dragging) -> {
      if (dragging) vm.playingProperty().set(false);
    });
    slider.setTooltip(new Tooltip("Run time: drag to scrub, arrow keys step 0.25 s."));
    HBox.setHgrow(slider, Priority.ALWAYS);
    slider.setMaxWidth(Double.MAX_VALUE);

    Label time = Ui.label("", "replay-time");
    time.setId("replay-time");
    time.textProperty().bind(vm.elapsedTextProperty());
    time.setMinWidth(Region.USE_PREF_SIZE);

    HBox controls = new HBox(8, play, paces, slider, time);
    controls.setAlignment(Pos.CENTER_LEFT);

    marks.setId("replay-marks");
    marks.setPrefHeight(12);
    marks.setMinHeight(12);
    marks.setMaxHeight(12);
    // The strip sits under the slider's track: same left edge and width.
    InvalidationListener relayout = o -> layoutMarks();
    vm.unplugMarks().addListener(relayout);
    vm.replayEndProperty().addListener(relayout);
    slider.layoutXProperty().addListener(relayout);
    slider.widthProperty().addListener(relayout);
    Pane strip = new Pane(marks);
    strip.setMinHeight(12);
    strip.setPrefHeight(12);
    Label legend = Ui.label("", "replay-legend");
    legend.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(() -> {
      int n = vm.unplugMarks().size();
      return n == 0 ? "No unplugs in this recording."
          : (n == 1 ? "1 unplug" : n + " unplugs") + " (red " + (n == 1 ? "tick" : "ticks") + " under the timeline): click one to jump just after it.";
    }, vm.unplugMarks()));
    getChildren().addAll(controls, strip, legend);
    legend.setMinHeight(Region.USE_PREF_SIZE);
  }

  private void layoutMarks() {
    marks.getChildren().clear();
    double end = vm.replayEndProperty().get();
    double x0 = slider.getLayoutX() + TRACK_INSET;
    double w = slider.getWidth() - 2 * TRACK_INSET;
    marks.setLayoutX(0);
    marks.setPrefWidth(slider.getLayoutX() + slider.getWidth());
    if (end <= 0 || w <= 0) return;
    int i = 0;
    for (ReplayTimeline.Unplug u : vm.unplugMarks()) {
      Region tick = new Region();
      tick.getStyleClass().add("replay-unplug");
      tick.setId("replay-unplug-" + i++);
      tick.setStyle("-fx-background-color: #d1242f; -fx-cursor: hand;");
      tick.setPrefSize(5, 12); // a Pane sizes its children to their preferred size
      tick.setMinSize(5, 12);
      tick.relocate(x0 + u.t() / 1e9 / end * w - 2.5, 0);
      Tooltip.install(tick, new Tooltip("Unplug of flow " + u.flowId() + " at " + Fmt.clock(u.t()) + ": click to jump just after it"));
      tick.setOnMouseClicked(e -> vm.jumpTo(u));
      marks.getChildren().add(tick);
    }
  }

  Slider slider() { return slider; }
}
