package io.blastradius.gui;

import javafx.geometry.Orientation;
import javafx.scene.Node;
import javafx.scene.control.Alert;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextInputControl;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.VBox;

/**
 * The window's layout: menu bar and demo captions on top, the scenario form on the left, the Live /
 * Event log / Compare tabs in the middle, live totals at the bottom. It wires controls to the
 * {@link WorkbenchModel}'s properties and commands and holds no state of its own.
 */
public final class MainView extends BorderPane {
  /** Keyboard shortcuts, as the Help menu lists them. */
  static final String SHORTCUTS = String.join("\n",
      "Ctrl+Enter   start a run",
      "Esc          stop the run or the comparison",
      "U            unplug / replug the selected card's flow",
      "R            reset the selected card's flow (TCP RST)",
      "Ctrl+O       open a recording (.blastrec) on the replay timeline",
      "Ctrl+S       save the last live run's recording",
      "Ctrl+G       guided demo",
      "Ctrl+D       dark theme",
      "Ctrl+P       presenter mode (large fonts)",
      "Ctrl+1/2/3   Live, Event log, Compare",
      "Ctrl+Q       quit");

  private final WorkbenchModel model;
  private final TabPane tabs = new TabPane();
  private final Tab liveTab, logTab, compareTab;
  private final CardsPane cards;
  private final ReplayBar replayBar;

  public MainView(WorkbenchModel model, Runnable quit) {
    this.model = model;
    getStyleClass().add("workbench");
    setId("workbench");
    LiveRunViewModel live = model.live();
    LogViewModel log = live.log();

    ConnectionCard.Actions actions = new ConnectionCard.Actions(
        live.cards()::select, live::toggleUnplug, live::reset,
        c -> {
          log.filterTo(c.connId());
          tabs.getSelectionModel().select(logTabRef());
        },
        live.replayingProperty());
    cards = new CardsPane(live.cards().cards(), actions);
    LiveChartsView charts = new LiveChartsView(live.charts().seriesProperty(), live.charts().openSecondProperty());
    SplitPane liveSplit = new SplitPane(cards, charts);
    liveSplit.setOrientation(Orientation.VERTICAL);
    liveSplit.setDividerPositions(model.presenterProperty().get() ? 0.42 : 0.56);
    // Presenter mode: large fonts, and the charts (what an audience reads) get more of the height.
    model.presenterProperty().addListener((o, a, on) -> liveSplit.setDividerPositions(on ? 0.42 : 0.56));
    replayBar = new ReplayBar(live);
    replayBar.visibleProperty().bind(live.replayingProperty());
    replayBar.managedProperty().bind(live.replayingProperty());
    VBox liveBox = new VBox(replayBar, liveSplit);
    javafx.scene.layout.VBox.setVgrow(liveSplit, javafx.scene.layout.Priority.ALWAYS);
    liveTab = new Tab("Live", liveBox);
    logTab = new Tab("Event log", new EventLogView(log));
    compareTab = new Tab("Compare", new CompareView(model.compare(), model::runComparison, model.canStartBinding()));
    for (Tab t : new Tab[] {liveTab, logTab, compareTab}) t.setClosable(false);
    liveTab.setId("tab-live");
    logTab.setId("tab-log");
    compareTab.setId("tab-compare");
    liveTab.setTooltip(new javafx.scene.control.Tooltip("Connection cards and live charts (Ctrl+1)."));
    logTab.setTooltip(new javafx.scene.control.Tooltip("The most recent events, filterable (Ctrl+2)."));
    compareTab.setTooltip(new javafx.scene.control.Tooltip("Run one scenario over several policies and compare scorecards (Ctrl+3)."));
    tabs.getTabs().addAll(liveTab, logTab, compareTab);
    tabs.getTabs().add(io.blastradius.gui.external.ExternalView.tab(WorkbenchApp.backgroundExecutor(), javafx.application.Platform::runLater));
    tabs.setId("tabs");
    log.activeProperty().bind(logTab.selectedProperty());
    liveTab.selectedProperty().addListener((o, a, on) -> cards.setShown(on));

    SettingsPane settings = new SettingsPane(model.settings(), model::start, model::stop,
        model.demo()::start, model.canStartBinding(), model.busyBinding());
    settings.setPrefWidth(290);
    settings.setMinWidth(250);

    setTop(new VBox(menus(quit), new DemoBanner(model.demo(), model.presenterProperty())));
    setLeft(settings);
    setCenter(tabs);
    setBottom(new StatusBarView(live));

    // Single-key shortcuts: not while typing into a field.
    addEventFilter(javafx.scene.input.KeyEvent.KEY_PRESSED, e -> {
      if (e.isShortcutDown() || e.isAltDown() || typing()) return;
      if (e.getCode() == KeyCode.U) {
        live.toggleUnplugSelected();
        e.consume();
      } else if (e.getCode() == KeyCode.R) {
        live.reset(live.cards().selectedProperty().get());
        e.consume();
      }
    });
    // A file that cannot be opened or saved: a dialog; the view behind it stays as it was.
    live.openErrorProperty().addListener((o, a, text) -> {
      if (text != null) alert(Alert.AlertType.ERROR, "Recording problem", text);
    });
    styleProperty().bind(javafx.beans.binding.Bindings.when(model.presenterProperty())
        .then("-fx-font-size: 20px;").otherwise(""));
  }

  private Tab logTabRef() {
    return logTab;
  }

  private boolean typing() {
    Node f = getScene() == null ? null : getScene().getFocusOwner();
    return f instanceof TextInputControl;
  }

  private MenuBar menus(Runnable quit) {
    MenuItem start = item("Start", "Shortcut+Enter", model::start);
    start.disableProperty().bind(model.canStartBinding().not());
    MenuItem stop = item("Stop", "Esc", model::stop);
    stop.disableProperty().bind(model.busyBinding().not());
    MenuItem unplug = item("Unplug / replug selected flow (U)", null, model.live()::toggleUnplugSelected);
    MenuItem reset = item("Reset selected flow (R)", null,
        () -> model.live().reset(model.live().cards().selectedProperty().get()));
    unplug.disableProperty().bind(model.live().cards().selectedProperty().isNull());
    reset.disableProperty().bind(model.live().cards().selectedProperty().isNull());
    MenuItem open = item("Open recording…", "Shortcut+O", this::chooseRecording);
    open.setId("menu-open");
    open.disableProperty().bind(model.canStartBinding().not());
    MenuItem sample = item("Open sample recording", null, model::openSample);
    sample.setId("menu-open-sample");
    sample.disableProperty().bind(model.canStartBinding().not());
    Menu recentMenu = new Menu("Recent files");
    recentMenu.setId("menu-recent");
    javafx.beans.InvalidationListener fillRecent = o -> {
      recentMenu.getItems().clear();
      for (java.nio.file.Path p : model.recent().files()) {
        MenuItem r = item(p.getFileName() + "  —  " + (p.getParent() == null ? "" : p.getParent()), null,
            () -> model.openRecording(p));
        r.setMnemonicParsing(false);
        recentMenu.getItems().add(r);
      }
      recentMenu.setDisable(model.recent().files().isEmpty());
    };
    model.recent().files().addListener(fillRecent);
    fillRecent.invalidated(null);
    MenuItem save = item("Save recording…", "Shortcut+S", this::chooseSaveTarget);
    save.setId("menu-save");
    save.disableProperty().bind(model.live().lastRunRecordingProperty().isNull());
    MenuItem demo = item("Guided demo", "Shortcut+G", model.demo()::start);
    demo.disableProperty().bind(model.canStartBinding().not());
    MenuItem quitI = item("Quit", "Shortcut+Q", quit);
    Menu run = new Menu("Run", null, start, stop, new SeparatorMenuItem(), unplug, reset,
        new SeparatorMenuItem(), open, sample, recentMenu, save, new SeparatorMenuItem(), demo, new SeparatorMenuItem(), quitI);

    CheckMenuItem dark = new CheckMenuItem("Dark theme");
    dark.setAccelerator(KeyCombination.keyCombination("Shortcut+D"));
    dark.selectedProperty().bindBidirectional(model.darkProperty());
    CheckMenuItem presenter = new CheckMenuItem("Presenter mode (large fonts)");
    presenter.setAccelerator(KeyCombination.keyCombination("Shortcut+P"));
    presenter.selectedProperty().bindBidirectional(model.presenterProperty());
    MenuItem t1 = item("Live", "Shortcut+1", () -> tabs.getSelectionModel().select(liveTab));
    MenuItem t2 = item("Event log", "Shortcut+2", () -> tabs.getSelectionModel().select(logTab));
    MenuItem t3 = item("Compare", "Shortcut+3", () -> tabs.getSelectionModel().select(compareTab));
    Menu view = new Menu("View", null, dark, presenter, new SeparatorMenuItem(), t1, t2, t3);

    MenuItem keys = item("Keyboard shortcuts", "F1", () -> info("Keyboard shortcuts", SHORTCUTS));
    MenuItem about = item("About BlastRadius", null, () -> info("About BlastRadius",
        "Watch one silently dead TCP flow turn into thousands of failed HTTP/2 requests"
            + " (golang/go#63422), and compare the connection-pool policies that stop it."));
    Menu help = new Menu("Help", null, keys, about);
    MenuBar bar = new MenuBar(run, view, help);
    bar.setId("menu-bar");
    return bar;
  }

  /** The file chooser is the view's; the model gets a path and reads it off the FX thread. */
  private void chooseRecording() {
    javafx.stage.FileChooser fc = new javafx.stage.FileChooser();
    fc.setTitle("Open a BlastRadius recording");
    fc.getExtensionFilters().add(new javafx.stage.FileChooser.ExtensionFilter("Recordings (*.blastrec)", "*.blastrec"));
    java.io.File f = fc.showOpenDialog(getScene() == null ? null : getScene().getWindow());
    if (f != null) model.openRecording(f.toPath());
  }

  private void chooseSaveTarget() {
    javafx.stage.FileChooser fc = new javafx.stage.FileChooser();
    fc.setTitle("Save the last run's recording");
    fc.getExtensionFilters().add(new javafx.stage.FileChooser.ExtensionFilter("Recordings (*.blastrec)", "*.blastrec"));
    fc.setInitialFileName("run.blastrec");
    java.io.File f = fc.showSaveDialog(getScene() == null ? null : getScene().getWindow());
    if (f == null) return;
    java.nio.file.Path p = f.toPath();
    if (!p.getFileName().toString().endsWith(".blastrec")) p = p.resolveSibling(p.getFileName() + ".blastrec");
    model.saveRecording(p);
  }

  private static MenuItem item(String text, String accel, Runnable action) {
    MenuItem i = new MenuItem(text);
    if (accel != null) i.setAccelerator(KeyCombination.keyCombination(accel));
    i.setOnAction(e -> action.run());
    return i;
  }

  private void info(String title, String text) {
    alert(Alert.AlertType.INFORMATION, title, text).getDialogPane().setStyle("-fx-font-family: monospace;");
  }

  private Alert alert(Alert.AlertType type, String title, String text) {
    Alert a = new Alert(type, text);
    a.getDialogPane().setId("alert-" + type.name().toLowerCase());
    a.setTitle(title);
    a.setHeaderText(title);
    if (getScene() != null) a.initOwner(getScene().getWindow());
    a.getDialogPane().setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
    a.show();
    return a;
  }

  public TabPane tabs() { return tabs; }
  CardsPane cardsPane() { return cards; }
  ReplayBar replayBar() { return replayBar; }
}
