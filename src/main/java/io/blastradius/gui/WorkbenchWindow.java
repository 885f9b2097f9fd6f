package io.blastradius.gui;

import java.net.URL;
import javafx.animation.AnimationTimer;
import javafx.application.Application;
import javafx.scene.Scene;
import javafx.scene.image.Image;
import javafx.stage.Screen;
import javafx.stage.Stage;

/**
 * Puts a {@link WorkbenchModel} on a stage: scene, theme, stylesheet, icon, remembered geometry,
 * and the one {@link AnimationTimer} that samples the live model once per pulse.
 */
public final class WorkbenchWindow {
  public static final String CSS = "/assets/css/workbench.css";

  private final Stage stage;
  private final WorkbenchModel model;
  private final WorkbenchPrefs prefs;
  private final MainView view;
  private final Scene scene;
  private final AnimationTimer pulse;

  private WorkbenchWindow(Stage stage, WorkbenchModel model, WorkbenchPrefs prefs) {
    this.stage = stage;
    this.model = model;
    this.prefs = prefs;
    this.view = new MainView(model, stage::close);
    double[] g = prefs.window();
    scene = new Scene(view, g[2], g[3]);
    URL css = WorkbenchWindow.class.getResource(CSS);
    if (css != null) scene.getStylesheets().add(css.toExternalForm());
    applyTheme(scene, model.darkProperty().get());
    model.darkProperty().addListener((o, a, dark) -> applyTheme(scene, dark));
    stage.setScene(scene);
    stage.setTitle("BlastRadius workbench");
    stage.setMinWidth(960);
    stage.setMinHeight(640);
    for (String size : new String[] {"256", "64"}) {
      URL icon = WorkbenchWindow.class.getResource("/assets/icons/blastradius-" + size + ".png");
      if (icon != null) stage.getIcons().add(new Image(icon.toExternalForm()));
    }
    if (!Double.isNaN(g[0]) && !Double.isNaN(g[1]) && onSomeScreen(g[0], g[1])) {
      stage.setX(g[0]);
      stage.setY(g[1]);
    }
    stage.setMaximized(g[4] > 0);
    pulse = new AnimationTimer() {
      @Override
      public void handle(long now) {
        model.tick(now);
      }
    };
    stage.setOnHidden(e -> dispose());
    // A recording dropped on the window opens on the replay timeline.
    scene.setOnDragOver(e -> {
      if (e.getDragboard().hasFiles()) e.acceptTransferModes(javafx.scene.input.TransferMode.COPY);
      e.consume();
    });
    scene.setOnDragDropped(e -> {
      java.util.List<java.io.File> files = e.getDragboard().hasFiles() ? e.getDragboard().getFiles() : java.util.List.of();
      if (!files.isEmpty()) model.openRecording(files.get(0).toPath());
      e.setDropCompleted(!files.isEmpty());
      e.consume();
    });
  }

  /** Builds the window on {@code stage} and shows it. FX thread. */
  public static WorkbenchWindow show(Stage stage, WorkbenchModel model, WorkbenchPrefs prefs) {
    WorkbenchWindow w = new WorkbenchWindow(stage, model, prefs);
    w.pulse.start();
    stage.show();
    return w;
  }

  /**
   * AtlantaFX's Primer themes, loaded as stylesheets by resource path: atlantafx-base 2.1.0's
   * classes ({@code PrimerLight} etc.) are Java 21 bytecode and cannot load on our JDK 17, but its
   * theme stylesheets are plain resources in the same jar.
   */
  static final String PRIMER_LIGHT = "/atlantafx/base/theme/primer-light.css";
  static final String PRIMER_DARK = "/atlantafx/base/theme/primer-dark.css";

  static void applyTheme(Scene scene, boolean dark) {
    URL theme = WorkbenchWindow.class.getResource(dark ? PRIMER_DARK : PRIMER_LIGHT);
    Application.setUserAgentStylesheet(theme == null ? Application.STYLESHEET_MODENA : theme.toExternalForm());
    // Without AtlantaFX on the path, Modena plus Primer's palette keeps our colours resolvable.
    for (String t : new String[] {"light", "dark"}) {
      URL p = WorkbenchWindow.class.getResource("/assets/css/palette-" + t + ".css");
      if (p != null) scene.getStylesheets().remove(p.toExternalForm());
    }
    URL palette = WorkbenchWindow.class.getResource("/assets/css/palette-" + (dark ? "dark" : "light") + ".css");
    if (theme == null && palette != null) scene.getStylesheets().add(0, palette.toExternalForm());
  }

  private static boolean onSomeScreen(double x, double y) {
    return !Screen.getScreensForRectangle(x, y, 100, 100).isEmpty();
  }

  /** Stops sampling and whatever runs, and remembers the geometry. */
  public void dispose() {
    pulse.stop();
    prefs.saveWindow(stage.getX(), stage.getY(), scene.getWidth(), scene.getHeight(), stage.isMaximized());
    model.stop();
  }

  public Scene scene() { return scene; }
  public MainView view() { return view; }
  public Stage stage() { return stage; }
}
