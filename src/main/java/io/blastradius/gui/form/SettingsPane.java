package io.blastradius.gui.form;

import io.blastradius.gui.common.Ui;

import javafx.beans.binding.BooleanBinding;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Spinner;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * The scenario form, scrolling, and under it the Start/Stop and demo buttons, which never scroll
 * out of view whatever the window's height or the policy text's length; binds to {@link
 * SettingsViewModel}. A field with bad text says so under it and Start waits until it is fixed.
 */
public final class SettingsPane extends javafx.scene.layout.BorderPane {
  private final ScrollPane scroll = new ScrollPane();
  private final java.util.List<javafx.beans.property.StringProperty> errors = new java.util.ArrayList<>();

  public SettingsPane(SettingsViewModel vm, Runnable start, Runnable stop, Runnable demo,
      BooleanBinding canStart, BooleanBinding canStop) {
    getStyleClass().add("settings-pane");
    scroll.getStyleClass().add("settings-scroll");
    scroll.setFitToWidth(true);
    scroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);

    ComboBox<Preset> preset = new ComboBox<>(vm.presets());
    preset.setId("preset");
    preset.valueProperty().bindBidirectional(vm.presetProperty());
    preset.setMaxWidth(Double.MAX_VALUE);
    preset.setCellFactory(lv -> new ListCell<>() {
      @Override
      protected void updateItem(Preset p, boolean empty) {
        super.updateItem(p, empty);
        setText(empty || p == null ? null : p.id());
        setTooltip(empty || p == null ? null : new javafx.scene.control.Tooltip(p.description()));
        if (getTooltip() != null) {
          getTooltip().setWrapText(true);
          getTooltip().setMaxWidth(420);
        }
      }
    });
    Ui.tip(preset, "The scenario to start from: the product's preset scenario files (seed is golang/go#63422:"
        + " a sequential client with an unplug every N requests; concurrent: 32 workers and one unplug"
        + " mid-run; ...) or manual (no scheduled faults: unplug flows from the cards). Picking one fills"
        + " in its values below; the text under it says what it does.");
    Label presetHelp = new Label();
    presetHelp.setId("preset-help");
    presetHelp.textProperty().bind(vm.presetDescriptionProperty());
    presetHelp.setWrapText(true);
    presetHelp.getStyleClass().add("policy-help");

    ComboBox<String> policy = new ComboBox<>(vm.policyIds());
    policy.setId("policy");
    policy.setEditable(true);
    policy.setMaxWidth(Double.MAX_VALUE);
    policy.valueProperty().bindBidirectional(vm.policyProperty());
    policy.setCellFactory(l -> new PolicyCell());
    Ui.tip(policy, "The connection-pool policy, by id. You may add parameters and modifiers, e.g."
        + " h2-naive+max-streams=100. The text below explains the selected policy.");
    Label help = new Label();
    help.setId("policy-help");
    help.textProperty().bind(vm.policyHelpProperty());
    help.setWrapText(true);
    help.getStyleClass().add("policy-help");

    GridPane grid = new GridPane();
    grid.getStyleClass().add("form-grid");
    grid.setHgap(8);
    grid.setVgap(6);
    ColumnConstraints c0 = new ColumnConstraints();
    c0.setHgrow(Priority.ALWAYS);
    ColumnConstraints c1 = new ColumnConstraints();
    c1.setHgrow(Priority.NEVER);
    grid.getColumnConstraints().addAll(c0, c1);
    int r = 0;
    r = row(grid, r, new Label("Workers"), Ui.intSpinner(vm.workersProperty(), 1, 512, 1,
        "Concurrent load workers, each sending its next request when the previous ends. 1 = the seed's sequential client."), "workers");
    r = row(grid, r, new Label("Requests"), Ui.intSpinner(vm.requestsProperty(), 1, 10_000_000, 500,
        "Requests to send in all."), "requests");
    r = row(grid, r, new Label("Timeout (ms)"), Ui.intSpinner(vm.timeoutMsProperty(), 1, 600_000, 5,
        "Each request's own deadline. The seed uses 10 ms."), "timeout");
    r = row(grid, r, new Label("Handler delay (ms)"), Ui.intSpinner(vm.delayMsProperty(), 0, 600_000, 1,
        "How long the server's handler takes per request. Near the timeout, a slow server looks like a dead network."), "delay");
    r = row(grid, r, new Label("Max streams"), Ui.intSpinner(vm.maxStreamsProperty(), 1, 100_000, 10,
        "SETTINGS_MAX_CONCURRENT_STREAMS the server advertises (Go's server: 250)."), "max-streams");
    Label faultLabel = new Label();
    faultLabel.textProperty().bind(vm.faultLabelProperty());
    Spinner<Integer> fault = Ui.intSpinner(vm.faultParamProperty(), 0, 10_000_000, 100,
        "Unplug a random live flow every N requests (seed), or one flow before request N (concurrent)."
            + " Other presets keep their own fault plan; manual schedules none.");
    fault.disableProperty().bind(vm.faultParamEnabledProperty().not());
    r = row(grid, r, faultLabel, fault, "fault-param");
    javafx.scene.control.CheckBox decode = new javafx.scene.control.CheckBox("Decode the wire");
    decode.setId("decode");
    decode.setWrapText(true);
    decode.selectedProperty().bindBidirectional(vm.decodeProperty());
    Ui.tip(decode, "The fault proxy parses every flow's bytes, both ways, into HTTP/2 frames (HTTP/1.1 message"
        + " boundaries on h1): each card then shows the streams open on the wire beside the pool's, and a lane of"
        + " HEADERS, RST_STREAM, PING and GOAWAY marks. The relayed bytes are not changed or held back. Cost: about"
        + " 3 to 5 % more CPU per request. Real client libraries are always decoded.");
    grid.add(decode, 0, r, 2, 1);
    r++;
    javafx.scene.control.CheckBox tls = new javafx.scene.control.CheckBox("TLS (h2 via ALPN)");
    tls.setId("tls");
    tls.setWrapText(true);
    tls.selectedProperty().bindBidirectional(vm.tlsProperty());
    Ui.tip(tls, "The pool speaks TLS to the server, which offers h2 and http/1.1 by ALPN with a certificate made"
        + " at start (as --tls does). With Decode the wire on, the fault proxy terminates TLS with a certificate from"
        + " the BlastRadius CA (kept in your config directory; the pool trusts it) and opens its own TLS to the"
        + " server, so the wire stays readable; without it the proxy relays the encrypted bytes untouched."
        + " Models only: real client libraries speak cleartext. The simulated engine (Compare) has no bytes to"
        + " encrypt and refuses it.");
    grid.add(tls, 0, r, 2, 1);
    r++;

    Button startB = new Button("Start");
    startB.setId("start");
    startB.getStyleClass().add("accent");
    startB.disableProperty().bind(canStart.not());
    startB.setOnAction(e -> start.run());
    startB.setMaxWidth(Double.MAX_VALUE);
    Ui.tip(startB, "Start a run of this scenario and policy on a fresh local server, fault proxy and pool (Ctrl+Enter).");
    Button stopB = new Button("Stop");
    stopB.setId("stop");
    stopB.disableProperty().bind(canStop.not());
    stopB.setOnAction(e -> stop.run());
    stopB.setMaxWidth(Double.MAX_VALUE);
    Ui.tip(stopB, "Stop the run: in-flight requests fail and the stack is torn down (Esc).");
    HBox buttons = new HBox(8, startB, stopB);
    HBox.setHgrow(startB, Priority.ALWAYS);
    HBox.setHgrow(stopB, Priority.ALWAYS);
    Button demoB = new Button("Guided demo…");
    demoB.setId("demo");
    demoB.setMaxWidth(Double.MAX_VALUE);
    demoB.disableProperty().bind(canStart.not());
    demoB.setOnAction(e -> demo.run());
    Ui.tip(demoB, "For trainers: HTTP/1.1, then naive HTTP/2, then a mitigation on the same small scenario,"
        + " pausing on a caption at each step (Ctrl+G).");

    VBox box = new VBox(6,
        Ui.label("Scenario", "section-title"), preset, presetHelp,
        Ui.label("Policy", "section-title"), policy, help,
        Ui.label("Load and server", "section-title"), grid);
    box.getStyleClass().add("settings");
    scroll.setContent(box);
    setCenter(scroll);
    VBox actions = new VBox(6, buttons, demoB);
    actions.getStyleClass().add("settings-actions");
    actions.setPadding(new javafx.geometry.Insets(8, 10, 8, 10));
    setBottom(actions);
    // Bad field text: the form says so and the run waits (the view model refuses Start too).
    javafx.beans.Observable[] deps = errors.toArray(new javafx.beans.Observable[0]);
    vm.formErrorProperty().bind(javafx.beans.binding.Bindings.createStringBinding(
        () -> errors.stream().map(javafx.beans.property.StringProperty::get).filter(e -> !e.isEmpty())
            .findFirst().orElse(""), deps));
  }

  private int row(GridPane g, int r, Label label, Spinner<Integer> s, String id) {
    s.setId(id);
    label.setLabelFor(s);
    // The value stays readable at any font size (presenter mode): the label wraps before the field shrinks.
    s.getEditor().setPrefColumnCount(5);
    s.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
    label.setWrapText(true);
    g.add(label, 0, r);
    g.add(s, 1, r);
    javafx.beans.property.StringProperty err = Ui.errorOf(s);
    Label e = new Label();
    errors.add(e.textProperty());
    e.setId(id + "-error");
    e.getStyleClass().add("field-error");
    e.setWrapText(true);
    e.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(
        () -> err.get().isEmpty() ? "" : label.getText() + ": " + err.get(), err, label.textProperty()));
    e.visibleProperty().bind(err.isNotEmpty());
    e.managedProperty().bind(e.visibleProperty());
    g.add(e, 0, r + 1, 2, 1);
    return r + 2;
  }

  /**
   * A policy in the picker: its id, whole; the first model and the first real client library carry
   * their group's heading above the id ({@link SettingsViewModel#headingAt}), and a real client is
   * also tagged, so the two kinds are told apart in the list.
   */
  static final class PolicyCell extends javafx.scene.control.ListCell<String> {
    private final Label tag = Ui.label("real client", "real-client-tag");
    private final Label heading = Ui.label("", "policy-heading");
    private final Label id = Ui.label("", "policy-id");
    private final javafx.scene.layout.HBox row = new javafx.scene.layout.HBox(10, id);
    private final javafx.scene.layout.VBox box = new javafx.scene.layout.VBox(2, heading, row);

    PolicyCell() {
      setContentDisplay(javafx.scene.control.ContentDisplay.GRAPHIC_ONLY);
      tag.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
      id.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
      heading.setStyle("-fx-font-weight: bold; -fx-opacity: 0.75;");
      heading.managedProperty().bind(heading.visibleProperty());
      setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE); // the popup widens rather than cutting an id
    }

    @Override
    protected void updateItem(String item, boolean empty) {
      super.updateItem(item, empty);
      setText(empty ? null : item); // not drawn (the graphic shows it), but what the cell says it holds
      if (empty || item == null) {
        setGraphic(null);
        return;
      }
      id.setText(item);
      if (SettingsViewModel.isRealClient(item)) {
        if (!row.getChildren().contains(tag)) row.getChildren().add(tag);
      } else {
        row.getChildren().remove(tag);
      }
      String h = getListView() == null ? null : SettingsViewModel.headingAt(getListView().getItems(), getIndex());
      heading.setText(h == null ? "" : h);
      heading.setVisible(h != null);
      setGraphic(box);
    }
  }
}
