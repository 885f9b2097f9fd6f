package io.blastradius.gui.demo;

import io.blastradius.gui.common.Ui;

import javafx.beans.property.BooleanProperty;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/** The guided demo's caption strip, shown above the tabs while the demo runs. */
public final class DemoBanner extends VBox {
  public DemoBanner(DemoViewModel vm, BooleanProperty presenter) {
    getStyleClass().add("demo-banner");
    setId("demo-banner");
    Label title = Ui.label("", "demo-title");
    title.textProperty().bind(vm.titleProperty());
    Label step = Ui.label("", "muted");
    step.textProperty().bind(vm.stepTextProperty());
    Label caption = Ui.label("", "demo-caption");
    caption.setId("demo-caption");
    caption.textProperty().bind(vm.captionProperty());
    caption.setWrapText(true);
    caption.setMinHeight(Region.USE_PREF_SIZE);
    Button next = new Button();
    next.setId("demo-next");
    next.getStyleClass().add("accent");
    next.textProperty().bind(vm.nextTextProperty());
    next.disableProperty().bind(vm.nextEnabledProperty().not());
    next.setOnAction(e -> vm.next());
    Ui.tip(next, "Run this step, or go on to the next caption.");
    Button exit = new Button("Exit demo");
    exit.setOnAction(e -> vm.exit());
    Ui.tip(exit, "Leave the guided demo (stops a demo run in progress).");
    CheckBox big = new CheckBox("Presenter mode");
    big.selectedProperty().bindBidirectional(presenter);
    Ui.tip(big, "Larger fonts for projectors (Ctrl+P).");
    CheckBox sim = new CheckBox("Simulated engine");
    sim.setId("demo-simulated");
    sim.selectedProperty().bindBidirectional(vm.simulatedProperty());
    Ui.tip(sim, "On: each step runs on the simulated engine in virtual time, so the demo tells the same story,"
        + " with the same numbers, every time. Off: real sockets in real time (a busy machine may change a number).");
    CheckBox real = new CheckBox("Real OkHttp step");
    real.setId("demo-real-client");
    real.selectedProperty().bindBidirectional(vm.realClientProperty());
    real.setMinWidth(Region.USE_PREF_SIZE);
    Ui.tip(real, "Adds two steps before the summary: the model of OkHttp's call timeout, then real OkHttp 5 with a"
        + " 10 ms call timeout under the same unplugs (on real sockets, whatever the engine), its result beside the model's.");
    Region spacer = new Region();
    HBox.setHgrow(spacer, Priority.ALWAYS);
    HBox head = new HBox(12, title, step, spacer, big, exit, next);
    head.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
    // The engine beside the caption: the head row keeps its room for the title and the buttons.
    sim.setMinWidth(Region.USE_PREF_SIZE);
    next.setMinWidth(Region.USE_PREF_SIZE);
    HBox below = new HBox(12, caption, new javafx.scene.layout.VBox(4, sim, real));
    below.setAlignment(javafx.geometry.Pos.TOP_LEFT);
    HBox.setHgrow(caption, Priority.ALWAYS);
    caption.setMaxWidth(Double.MAX_VALUE);
    getChildren().addAll(head, below);
    visibleProperty().bind(vm.activeProperty());
    managedProperty().bind(vm.activeProperty());
  }
}
