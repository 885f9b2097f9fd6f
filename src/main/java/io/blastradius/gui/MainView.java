package io.blastradius.gui;

import io.blastradius.gui.compare.CompareView;
import io.blastradius.gui.demo.DemoBanner;
import io.blastradius.gui.form.SettingsPane;
import io.blastradius.gui.live.CardsPane;
import io.blastradius.gui.live.LiveView;
import io.blastradius.gui.live.ConnectionCard;
import io.blastradius.gui.live.LiveRunViewModel;
import io.blastradius.gui.live.StatusBarView;
import io.blastradius.gui.log.EventLogView;
import io.blastradius.gui.log.LogViewModel;
import io.blastradius.gui.replay.ReplayBar;

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
  /** Keyboard shortcuts, as the Help menu lists them: key, what it does. */
  static final String[][] SHORTCUTS = {
      {"Ctrl+Enter", "start a run"},
      {"Esc", "stop the run or the comparison"},
      {"U", "unplug / replug the selected card's flow"},
      {"R", "reset the selected card's flow (TCP RST)"},
      {"Ctrl+O", "open a recording (.blastrec) on the replay timeline"},
      {"Ctrl+S", "save the last live run's recording"},
      {"Ctrl+G", "guided demo"},
      {"Ctrl+D", "dark theme"},
      {"Ctrl+P", "presenter mode (large fonts)"},
      {"Ctrl+1/2/3", "Live, Event log, Compare"},
      {"F1", "this list"},
      {"Ctrl+Q", "quit"}};

  private final WorkbenchModel model;
  private final TabPane tabs = new TabPane();
  private final Tab liveTab, logTab, compareTab;
  private final CardsPane cards;
  private final ReplayBar replayBar;
  private final LiveView liveView;
  private final CompareView compareView;
  private io.blastradius.gui.common.FileDialogs files = io.blastradius.gui.common.FileDialogs.NATIVE;

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
    Exports exports = new Exports(this, model);
    liveView = new LiveView(live, actions, model.presenterProperty(), exports);
    cards = liveView.cardsPane();
    replayBar = liveView.replayBar();
    liveTab = new Tab("Live", liveView);
    logTab = new Tab("Event log", new EventLogView(log));
    compareView = new CompareView(model.compare(), model::runComparison, model.canStartBinding());
    compareView.setExports(exports);
    compareTab = new Tab("Compare", compareView);
    for (Tab t : new Tab[] {liveTab, logTab, compareTab}) t.setClosable(false);
    liveTab.setId("tab-live");
    logTab.setId("tab-log");
    compareTab.setId("tab-compare");
    liveTab.setTooltip(new javafx.scene.control.Tooltip("Connection cards and live charts (Ctrl+1)."));
    logTab.setTooltip(new javafx.scene.control.Tooltip("The most recent events, filterable (Ctrl+2)."));
    compareTab.setTooltip(new javafx.scene.control.Tooltip("Run one scenario over several policies and compare scorecards (Ctrl+3)."));
    tabs.getTabs().addAll(liveTab, logTab, compareTab);
    io.blastradius.gui.external.ExternalViewModel external =
        new io.blastradius.gui.external.ExternalViewModel(WorkbenchApp.backgroundExecutor(), javafx.application.Platform::runLater);
    Tab externalTab = io.blastradius.gui.external.ExternalView.tab(external);
    tabs.getTabs().add(externalTab);
    // A proxy's recording (Open recording…, Recent files, a dropped file) opens in the External tab
    // too, once the Live tab has taken it: its flows are cards with their frames there.
    model.onRecordingShown(h -> {
      java.nio.file.Path f = live.exportableRecordingProperty().get();
      if (!io.blastradius.gui.external.ExternalViewModel.isProxyRecording(h) || f == null) return;
      tabs.getSelectionModel().select(externalTab);
      external.openRecording(f);
    });
    tabs.getTabs().add(io.blastradius.gui.sweep.SweepView.tab(WorkbenchApp.backgroundExecutor(), javafx.application.Platform::runLater));
    tabs.setId("tabs");
    log.activeProperty().bind(logTab.selectedProperty());
    // The guided demo steers the view: the Live tab while it runs, Compare for its closing picture.
    model.demo().viewProperty().addListener((o, a, v) -> {
      if (v != null) tabs.getSelectionModel().select(v == io.blastradius.gui.demo.DemoViewModel.View.COMPARE ? compareTab : liveTab);
    });
    liveTab.selectedProperty().addListener((o, a, on) -> cards.setShown(on));

    SettingsPane settings = new SettingsPane(model.settings(), model::start, model::stop,
        model.demo()::start, model.canStartBinding(), model.busyBinding());
    // Wider with presenter mode's larger font, so the form's fields keep their values in view.
    settings.prefWidthProperty().bind(javafx.beans.binding.Bindings.when(model.presenterProperty()).then(360).otherwise(290));
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
    // For the stylesheet's presenter-mode rules (e.g. cards a little smaller than what the room reads).
    javafx.beans.value.ChangeListener<Boolean> presenterClass = (o, a, on) -> {
      getStyleClass().remove("presenter");
      if (on) getStyleClass().add("presenter");
    };
    model.presenterProperty().addListener(presenterClass);
    presenterClass.changed(null, null, model.presenterProperty().get());
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
    MenuItem scenario = item("Open scenario…", null, this::chooseScenario);
    scenario.setId("menu-open-scenario");
    scenario.disableProperty().bind(model.canStartBinding().not());
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
    MenuItem saveCapture = item("Save capture…", null, this::chooseCaptureTarget);
    saveCapture.setId("menu-save-capture");
    saveCapture.disableProperty().bind(model.live().lastRunCaptureProperty().isNull());
    MenuItem demo = item("Guided demo", "Shortcut+G", model.demo()::start);
    demo.disableProperty().bind(model.canStartBinding().not());
    MenuItem quitI = item("Quit", "Shortcut+Q", quit);
    Menu run = new Menu("Run", null, start, stop, new SeparatorMenuItem(), unplug, reset,
        new SeparatorMenuItem(), open, sample, recentMenu, save, saveCapture, scenario, new SeparatorMenuItem(), demo, new SeparatorMenuItem(), quitI);

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

    MenuItem keys = item("Keyboard shortcuts", "F1", this::showShortcuts);
    keys.setId("menu-shortcuts");
    MenuItem about = item("About BlastRadius", null, this::showAbout);
    about.setId("menu-about");
    Menu help = new Menu("Help", null, keys, about);
    MenuItem htmlReport = item("HTML report…", null, () -> HtmlReportExport.choose(getScene() == null ? null : getScene().getWindow()));
    htmlReport.setId("menu-export-html");
    MenuBar bar = new MenuBar(run, new Menu("Export", null, htmlReport), view, help);
    bar.setId("menu-bar");
    return bar;
  }

  /** The file chooser is the view's; the model gets a path and reads it off the FX thread. */
  private void chooseRecording() {
    java.nio.file.Path f = files.open(window(), "Open a BlastRadius recording", "Recordings (*.blastrec)", "*.blastrec");
    if (f != null) model.openRecording(f);
  }

  private void chooseScenario() {
    java.nio.file.Path f = files.open(window(), "Open a scenario file", "Scenarios (*.json)", "*.json");
    if (f != null) model.openScenario(f);
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

  /**
   * The save dialog asks before replacing the file it returns; a name we complete with ".pcap"
   * was not asked about, so that one is never replaced (the model says so instead).
   */
  private void chooseCaptureTarget() {
    javafx.stage.FileChooser fc = new javafx.stage.FileChooser();
    fc.setTitle("Save the last run's packet capture");
    fc.getExtensionFilters().add(new javafx.stage.FileChooser.ExtensionFilter("Packet captures (*.pcap)", "*.pcap"));
    fc.setInitialFileName("run.pcap");
    java.io.File f = fc.showSaveDialog(getScene() == null ? null : getScene().getWindow());
    if (f == null) return;
    java.nio.file.Path p = f.toPath();
    boolean asked = p.getFileName().toString().endsWith(".pcap");
    if (!asked) p = p.resolveSibling(p.getFileName() + ".pcap");
    model.live().saveCapture(p, asked);
  }

  private static MenuItem item(String text, String accel, Runnable action) {
    MenuItem i = new MenuItem(text);
    if (accel != null) i.setAccelerator(KeyCombination.keyCombination(accel));
    i.setOnAction(e -> action.run());
    return i;
  }

  void showShortcuts() {
    io.blastradius.gui.common.Dialogs.table(window(), "dialog-shortcuts", "Keyboard shortcuts",
        "Keyboard shortcuts", SHORTCUTS);
  }

  void showAbout() {
    io.blastradius.gui.common.Dialogs.text(window(), "dialog-about", "About BlastRadius",
        "BlastRadius " + io.blastradius.core.record.RecordingHeader.currentAppVersion(),
        "Watch one silently dead TCP flow turn into thousands of failed HTTP/2 requests"
            + " (golang/go#63422), and compare the connection-pool policies that stop it.\n\n"
            + "Java " + System.getProperty("java.version") + ", JavaFX " + System.getProperty("javafx.version", "?")
            + ". Everything runs on loopback on this machine.");
  }

  private javafx.stage.Window window() {
    return getScene() == null ? null : getScene().getWindow();
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

  /** Where the window asks for files (the platform's chooser unless replaced, e.g. by a robot test). */
  public io.blastradius.gui.common.FileDialogs fileDialogs() { return files; }
  public void setFileDialogs(io.blastradius.gui.common.FileDialogs d) { files = d; }

  public TabPane tabs() { return tabs; }
  CardsPane cardsPane() { return cards; }
  public LiveView liveView() { return liveView; }
  public CompareView compareView() { return compareView; }
  ReplayBar replayBar() { return replayBar; }
}
