package io.blastradius.gui.external;

import javafx.animation.AnimationTimer;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * The External workspace: a form to put a proxy in front of a service (and to serve the
 * Toxiproxy-compatible API), the proxies, and a live card per flow. It binds to an
 * {@link ExternalViewModel}; its pulse applies the model's latest snapshot once per frame and asks
 * for a fresh one five times a second.
 */
public final class ExternalView extends BorderPane {
  private static final long REFRESH_NANOS = 200_000_000;

  private final ExternalViewModel vm;
  private final FlowPane cardPane = new FlowPane(10, 10);
  private final Label hint = new Label("No connection through the proxies yet. Each connection through a proxy gets a card here:"
      + " Unplug (silent black hole), Replug, Reset (RST), Latency.");
  private final javafx.beans.binding.DoubleExpression cardWidth;
  private final WireChart chart = new WireChart();
  private ListView<ExternalSnapshot.ProxyView> proxies;

  public ExternalView(ExternalViewModel vm) {
    this.vm = vm;
    setId("external");
    setPadding(new Insets(8));

    TextField listen = field(vm.listenProperty(), "external-listen", "Where your client connects, HOST:PORT (port 0: any free port). Loopback only.");
    TextField upstream = field(vm.upstreamProperty(), "external-upstream", "Your service, HOST:PORT.");
    Button add = new Button("Add proxy");
    add.setId("external-add");
    add.setDefaultButton(true);
    add.setOnAction(e -> vm.addProxy());
    TextField api = field(vm.apiAddressProperty(), "external-api-address", "Where Toxiproxy clients (toxiproxy-java, Testcontainers...) reach this window's proxies.");
    Button startApi = new Button("Start API");
    startApi.setId("external-api");
    startApi.disableProperty().bind(vm.apiRunningProperty());
    startApi.setOnAction(e -> vm.startApi());
    Label apiStatus = new Label();
    apiStatus.textProperty().bind(vm.apiStatusProperty());
    javafx.scene.control.CheckBox intercept = new javafx.scene.control.CheckBox("Intercept TLS");
    intercept.setId("external-intercept");
    intercept.selectedProperty().bindBidirectional(vm.interceptProperty());
    intercept.setTooltip(new Tooltip("The next proxy terminates its clients' TLS with a certificate from the BlastRadius CA and"
        + " speaks TLS to the upstream, so its flows are decoded (as `blastradius proxy --tls-intercept`)."));
    TextField upstreamCa = field(vm.upstreamCaProperty(), "external-upstream-ca",
        "With Intercept TLS: the certificate (PEM file) your service presents, when the JDK's CAs do not sign it. Empty: the JDK's CAs.");
    upstreamCa.setPromptText("upstream CA (PEM), optional");
    upstreamCa.disableProperty().bind(intercept.selectedProperty().not());
    Button browseCa = new Button("…");
    browseCa.setId("external-upstream-ca-browse");
    browseCa.setTooltip(new Tooltip("Choose the upstream's certificate (PEM)."));
    browseCa.disableProperty().bind(upstreamCa.disableProperty());
    browseCa.setOnAction(e -> {
      java.io.File f = chooser("The certificate your service presents", null, "PEM certificate", "*.pem", "*.crt").showOpenDialog(window());
      if (f != null) vm.upstreamCaProperty().set(f.toString());
    });
    Button exportCa = new Button("Export CA…");
    exportCa.setId("external-export-ca");
    exportCa.setTooltip(new Tooltip("Save the BlastRadius CA certificate (PEM) for your client to trust when a proxy intercepts its TLS."));
    exportCa.setOnAction(e -> {
      javafx.stage.FileChooser chooser = new javafx.stage.FileChooser();
      chooser.setTitle("Export the BlastRadius CA certificate");
      chooser.setInitialFileName("blastradius-ca.pem");
      java.io.File f = chooser.showSaveDialog(window());
      if (f != null) vm.exportCa(f.toPath());
    });
    // Short, in the form's row after Add proxy (its tooltip has the how): the cards and the chart
    // keep the height at projector sizes.
    Label trustNote = new Label("Clients must trust the BlastRadius CA");
    trustNote.setTooltip(new Tooltip("Export CA…, then trust it in the client: curl --cacert, keytool -importcert or the system"
        + " store. The proxy trusts the upstream by the JDK's CAs or the PEM given."));
    trustNote.setId("external-trust-note");
    trustNote.getStyleClass().add("hint");
    trustNote.managedProperty().bind(intercept.selectedProperty());
    trustNote.visibleProperty().bind(intercept.selectedProperty());
    FlowPane proxyRow = row(new Label("Listen"), listen, new Label("→ Upstream"), upstream, intercept, upstreamCa, browseCa, exportCa, add, trustNote);
    proxyRow.setId("external-proxy-row");
    // The API acts on all the proxies: under their list, so the cards keep the height.
    api.setPrefColumnCount(10);
    FlowPane apiRow = row(new Label("Toxiproxy API"), api, startApi);
    apiRow.setId("external-api-row");
    apiStatus.setWrapText(true);
    apiStatus.setMinHeight(Region.USE_PREF_SIZE);
    FlowPane recordRow = recordRow();
    VBox form = new VBox(6, proxyRow);

    proxies = new ListView<>(vm.proxies());
    proxies.setId("external-proxies");
    // A third of the tab, within 200..360 px: the cards keep the rest at 1024 px in presenter mode.
    VBox left = new VBox(6, proxies, apiRow, apiStatus);
    left.setId("external-left");
    VBox.setVgrow(proxies, javafx.scene.layout.Priority.ALWAYS);
    proxies.setMinHeight(80);
    left.prefWidthProperty().bind(javafx.beans.binding.Bindings.createDoubleBinding(
        () -> Math.max(200, Math.min(360, getWidth() * 0.3)), widthProperty()));
    left.setMinWidth(200);
    apiRow.prefWrapLengthProperty().bind(left.widthProperty());
    Label none = new Label("No proxy yet: fill in Listen and Upstream, then Add proxy.");
    none.setWrapText(true);
    none.setPadding(new Insets(6));
    proxies.setPlaceholder(none);
    proxies.setCellFactory(l -> new ProxyCell());

    ScrollPane scroll = new ScrollPane(cardPane);
    scroll.setId("external-cards");
    scroll.setFitToWidth(true);
    cardPane.setPadding(new Insets(6));
    // A card is as wide as the pane allows, up to its own width (FlowCard's max): never cut.
    // (The viewport's width, not the pane's: the pane's own width follows its cards'.)
    double pad = cardPane.getPadding().getLeft() + cardPane.getPadding().getRight() + 2;
    cardWidth = javafx.beans.binding.Bindings.createDoubleBinding(
        () -> Math.max(0, scroll.getViewportBounds().getWidth() - pad), scroll.viewportBoundsProperty());
    // Where the cards will be, until the first one: the height goes to the cards and the chart.
    hint.setId("external-hint");
    hint.setWrapText(true);
    hint.setMinHeight(Region.USE_PREF_SIZE);
    hint.prefWidthProperty().bind(cardWidth);
    vm.cards().addListener((ListChangeListener<FlowCardModel>) c -> rebuildCards());
    rebuildCards();

    Label message = new Label();
    message.setId("external-message");
    message.textProperty().bind(vm.messageProperty());

    setTop(form);
    setLeft(left);
    chart.setPrefHeight(190);
    chart.setMinHeight(150); // its title, legend and axis in presenter mode's font leave a plot
    scroll.setMinHeight(120); // a card's title, state and first lines: the chart gives way first
    VBox.setVgrow(scroll, javafx.scene.layout.Priority.ALWAYS);
    // Record, Save and Open act on what the cards and the chart show (every proxy, or a replay):
    // one row above them, where it fits whole at 1024 px in presenter mode (the narrow column
    // under the proxies does not hold it under the API).
    VBox center = new VBox(6, recordRow, replayBar(), scroll, chart); // the chart's title sets it apart
    setCenter(center);
    vm.chartProperty().addListener((o, a, f) -> chart.show(f));
    chart.show(vm.chartProperty().get());
    setBottom(message);
    BorderPane.setMargin(left, new Insets(6, 6, 0, 0));

    AnimationTimer pulse = new AnimationTimer() {
      private long lastRefresh;

      @Override
      public void handle(long now) {
        vm.tick(now);
        if (now - lastRefresh > REFRESH_NANOS) {
          lastRefresh = now;
          vm.refreshLater();
        }
      }
    };
    sceneProperty().addListener((o, was, scene) -> {
      if (scene == null) pulse.stop();
      else pulse.start();
    });
  }

  /**
   * The workbench's External tab, with its own view model.
   *
   * @param background runs blocking work; @param fx runs completions on the FX thread
   */
  public static javafx.scene.control.Tab tab(java.util.concurrent.Executor background, java.util.concurrent.Executor fx) {
    return tab(new ExternalViewModel(background, fx));
  }

  /** The workbench's External tab over {@code vm}. */
  public static javafx.scene.control.Tab tab(ExternalViewModel vm) {
    javafx.scene.control.Tab tab = new javafx.scene.control.Tab("External", new ExternalView(vm));
    tab.setClosable(false);
    tab.setId("tab-external");
    tab.setTooltip(new Tooltip("Proxies in front of your own services: a card per connection, Toxiproxy's API."));
    return tab;
  }

  private void rebuildCards() {
    cardPane.getChildren().setAll(vm.cards().stream().map(m -> {
      FlowCard card = new FlowCard(m, vm);
      card.prefWidthProperty().bind(cardWidth);
      return card;
    }).toList());
    if (vm.cards().isEmpty()) cardPane.getChildren().add(hint);
  }

  /** Record / Stop, Save recording…, Save capture…, Open recording…: as Run → … does for a run. */
  private FlowPane recordRow() {
    Button record = new Button();
    record.setId("external-record");
    record.textProperty().bind(javafx.beans.binding.Bindings.when(vm.recordingProperty()).then("Stop recording").otherwise("Record"));
    record.setTooltip(new Tooltip("Record every proxy's events (those added while recording too) to a .blastrec,"
        + " and capture every proxy's new connections to a pcap. Stop, then save either."));
    record.setOnAction(e -> {
      if (vm.recordingProperty().get()) vm.stopRecording();
      else vm.startRecording();
    });
    record.disableProperty().bind(vm.replayingProperty());
    Button save = new Button("Save recording…");
    save.setId("external-save-recording");
    save.disableProperty().bind(vm.lastRecordingProperty().isNull().or(vm.recordingProperty()));
    save.setOnAction(e -> {
      java.io.File f = chooser("Save the recording", "external.blastrec", "BlastRadius recording", "*.blastrec").showSaveDialog(window());
      if (f != null) vm.saveRecording(f.toPath());
    });
    Button capture = new Button("Save capture…");
    capture.setId("external-save-capture");
    capture.disableProperty().bind(vm.lastCaptureProperty().isNull().or(vm.recordingProperty()));
    capture.setOnAction(e -> {
      java.io.File f = chooser("Save the capture", "external.pcap", "Packet capture", "*.pcap").showSaveDialog(window());
      if (f != null) vm.saveCapture(f.toPath(), true); // the dialog asked before replacing a file
    });
    Button open = new Button("Open recording…");
    open.setId("external-open-recording");
    open.setTooltip(new Tooltip("Replay a recording of a proxy (saved here or by `blastradius proxy --record`): its flows' cards and frames."));
    open.disableProperty().bind(vm.recordingProperty());
    open.setOnAction(e -> {
      java.io.File f = chooser("Open a recording", null, "BlastRadius recording", "*.blastrec").showOpenDialog(window());
      if (f != null) vm.openRecording(f.toPath());
    });
    FlowPane row = row(record, save, capture, open);
    row.setId("external-record-row");
    return row;
  }

  /** While a recording is open: Play/Pause, the scrubber, the time, Back to live. */
  private javafx.scene.Node replayBar() {
    var tl = vm.replayTimeline();
    Button play = new Button();
    play.setId("external-replay-play");
    play.textProperty().bind(javafx.beans.binding.Bindings.when(tl.playingProperty()).then("Pause").otherwise("Play"));
    play.setOnAction(e -> tl.togglePlay());
    javafx.scene.control.Slider slider = new javafx.scene.control.Slider(0, 1, 0);
    slider.setId("external-replay-slider");
    slider.maxProperty().bind(tl.endProperty());
    slider.valueProperty().bindBidirectional(tl.positionProperty());
    javafx.scene.layout.HBox.setHgrow(slider, javafx.scene.layout.Priority.ALWAYS);
    Label time = new Label();
    time.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(
        () -> String.format(java.util.Locale.ROOT, "%.3f s / %.3f s", tl.positionProperty().get(), tl.endProperty().get()),
        tl.positionProperty(), tl.endProperty()));
    time.setMinWidth(Region.USE_PREF_SIZE);
    Button back = new Button("Back to live");
    back.setId("external-replay-close");
    back.setOnAction(e -> vm.closeReplay());
    for (Button b : new Button[] {play, back}) b.setMinWidth(Region.USE_PREF_SIZE);
    javafx.scene.layout.HBox bar = new javafx.scene.layout.HBox(6, play, slider, time, back);
    bar.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
    bar.setId("external-replay-bar");
    bar.managedProperty().bind(vm.replayingProperty());
    bar.visibleProperty().bind(vm.replayingProperty());
    return bar;
  }

  private static javafx.stage.FileChooser chooser(String title, String name, String what, String... globs) {
    javafx.stage.FileChooser c = new javafx.stage.FileChooser();
    c.setTitle(title);
    if (name != null) c.setInitialFileName(name);
    c.getExtensionFilters().addAll(new javafx.stage.FileChooser.ExtensionFilter(what, globs),
        new javafx.stage.FileChooser.ExtensionFilter("All files", "*"));
    return c;
  }

  private javafx.stage.Window window() {
    return getScene() == null ? null : getScene().getWindow();
  }

  /** A form row that wraps when the tab is narrow (presenter mode at 1024 px), never cut. */
  private static FlowPane row(javafx.scene.control.Control... controls) {
    for (javafx.scene.control.Control c : controls) c.setMinWidth(Region.USE_PREF_SIZE);
    FlowPane row = new FlowPane(6, 6, controls);
    row.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
    row.setRowValignment(javafx.geometry.VPos.CENTER);
    return row;
  }

  private static TextField field(javafx.beans.property.StringProperty p, String id, String tip) {
    TextField f = new TextField();
    f.textProperty().bindBidirectional(p);
    f.setId(id);
    f.setPrefColumnCount(14);
    f.setTooltip(new Tooltip(tip));
    return f;
  }

  /** A proxy: where it listens, where it relays, its flows and toxics; Remove. */
  private final class ProxyCell extends ListCell<ExternalSnapshot.ProxyView> {
    ProxyCell() {
      setPrefWidth(0); // as wide as the list, no wider: the text ellipsizes (its tooltip is whole)
    }

    @Override
    protected void updateItem(ExternalSnapshot.ProxyView p, boolean empty) {
      super.updateItem(p, empty);
      if (empty || p == null) {
        setText(null);
        setGraphic(null);
        return;
      }
      Label text = new Label(p.name() + " · " + p.openFlows() + " open flows · " + p.toxics() + " toxics"
          + (p.enabled() ? "" : " · disabled") + "\n" + p.listen() + " → " + p.upstream()
          + (p.intercepts() ? "\nintercepting TLS" : ""));
      text.setMinHeight(Region.USE_PREF_SIZE);
      text.setMinWidth(0);
      text.setTooltip(new Tooltip(text.getText()));
      Button remove = new Button("Remove");
      remove.setId("external-remove-" + p.name());
      remove.setMinWidth(Region.USE_PREF_SIZE);
      remove.setOnAction(e -> vm.removeProxy(p.name()));
      setText(null);
      // Remove under the text: both whole in a list narrowed for the cards.
      VBox box = new VBox(4, text, remove);
      box.setMinWidth(0);
      setGraphic(box);
    }
  }
}
