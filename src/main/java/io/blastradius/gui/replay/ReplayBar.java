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
import javafx.scene.control.ComboBox;
import javafx.collections.FXCollections;
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

    // The pace: one compact choice (five toggle buttons did not fit 1024 px in presenter mode).
    ComboBox<Double> pace = new ComboBox<>(FXCollections.observableArrayList(
        java.util.Arrays.stream(ReplayViewModel.SPEEDS).boxed().toList()));
    pace.setId("replay-speed");
    pace.setConverter(new javafx.util.StringConverter<>() {
      @Override
      public String toString(Double s) {
        return s == null ? "" : "×" + speedName(s);
      }

      @Override
      public Double fromString(String t) {
        return Double.valueOf(t.replace("×", ""));
      }
    });
    pace.setValue(vm.replaySpeedProperty().get());
    pace.valueProperty().addListener((o, a, v) -> { if (v != null) vm.replaySpeedProperty().set(v); });
    vm.replaySpeedProperty().addListener((o, a, v) -> pace.setValue(v.doubleValue()));
    pace.setMinWidth(Region.USE_PREF_SIZE);
    pace.setTooltip(new Tooltip("Pace: a multiple of the recorded pace. ×0.1 and ×0.01 are slow motion"
        + " (a 0.2 s run then lasts 2 s or 20 s)."));
    Button prev = new Button("◀ fault");
    prev.setId("replay-prev-fault");
    prev.setOnAction(e -> vm.jumpFault(-1));
    prev.setTooltip(new Tooltip("Jump to just after the previous fault."));
    Button next = new Button("fault ▶");
    next.setId("replay-next-fault");
    next.setOnAction(e -> vm.jumpFault(+1));
    next.setTooltip(new Tooltip("Jump to just after the next fault (unplug, replug, reset…), however short the recording."));
    prev.setMinWidth(Region.USE_PREF_SIZE);
    next.setMinWidth(Region.USE_PREF_SIZE);

    slider.setId("replay-slider");
    slider.maxProperty().bind(vm.replayEndProperty());
    slider.valueProperty().bindBidirectional(vm.replayPositionProperty());
    // Arrow keys step a hundredth of the recording (a quarter second at most).
    slider.blockIncrementProperty().bind(javafx.beans.binding.Bindings.createDoubleBinding(
        () -> Math.min(0.25, Math.max(0.0005, vm.replayEndProperty().get() / 100)), vm.replayEndProperty()));
    slider.valueChangingProperty().addListener((o, a, dragging) -> {
      if (dragging) vm.playingProperty().set(false);
    });
    slider.setTooltip(new Tooltip("Run time: drag to scrub; arrow keys step a hundredth of the recording (0.25 s at most)."));
    HBox.setHgrow(slider, Priority.ALWAYS);
    slider.setMaxWidth(Double.MAX_VALUE);

    Label time = Ui.label("", "replay-time");
    time.setId("replay-time");
    time.textProperty().bind(vm.elapsedTextProperty());
    time.setMinWidth(Region.USE_PREF_SIZE);

    Region gap = new Region();
    HBox.setHgrow(gap, Priority.ALWAYS);
    HBox controls = new HBox(8, play, pace, prev, next, gap, time);
    controls.setAlignment(Pos.CENTER_LEFT);
    HBox scrub = new HBox(slider); // a row of its own: the whole width for scrubbing
    HBox.setHgrow(slider, Priority.ALWAYS);

    marks.setId("replay-marks");
    marks.setPrefHeight(12);
    marks.setMinHeight(12);
    marks.setMaxHeight(12);
    // The strip sits under the slider's track: same left edge and width.
    InvalidationListener relayout = o -> layoutMarks();
    vm.unplugMarks().addListener(relayout);
    vm.replayEndProperty().addListener(relayout);
    slider.layoutXProperty().addListener(relayout);
    slider.setMinWidth(0);
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
    getChildren().addAll(controls, scrub, strip, legend);
    legend.setMinHeight(Region.USE_PREF_SIZE);
    legend.managedProperty().bind(legend.visibleProperty()); // the stylesheet hides it in presenter mode
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
      Tooltip.install(tick, new Tooltip("Unplug of flow " + u.flowId() + " at " + io.blastradius.gui.charts.TimeAxis.readout(u.t(), vm.replay().endNanos()) + ": click to jump just after it"));
      tick.setOnMouseClicked(e -> vm.jumpTo(u));
      marks.getChildren().add(tick);
    }
  }

  static String speedName(double s) {
    return s >= 1 ? Long.toString(Math.round(s)) : Double.toString(s);
  }

  public Slider slider() { return slider; }
}
