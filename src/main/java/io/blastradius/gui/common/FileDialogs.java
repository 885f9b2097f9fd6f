package io.blastradius.gui.common;

import java.io.File;
import java.nio.file.Path;
import javafx.stage.FileChooser;
import javafx.stage.Window;

/**
 * Where the window asks the user for a file: the platform's file chooser ({@link #NATIVE}), or in a
 * robot test (a headless screen shows no native dialog) a stand-in that answers with a path.
 * FX thread.
 */
public interface FileDialogs {
  /**
   * A file to open, or null if the user cancelled.
   *
   * @param what the filter's description, e.g. "Scenarios (*.json)"
   * @param glob the filter's pattern, e.g. "*.json"
   */
  Path open(Window owner, String title, String what, String glob);

  /** A file to save to, or null if the user cancelled; {@code name} is the suggested file name. */
  Path save(Window owner, String title, String what, String glob, String name);

  /** The platform's file chooser. */
  FileDialogs NATIVE = new FileDialogs() {
    @Override
    public Path open(Window owner, String title, String what, String glob) {
      File f = chooser(title, what, glob).showOpenDialog(owner);
      return f == null ? null : f.toPath();
    }

    @Override
    public Path save(Window owner, String title, String what, String glob, String name) {
      FileChooser fc = chooser(title, what, glob);
      fc.setInitialFileName(name);
      File f = fc.showSaveDialog(owner);
      return f == null ? null : f.toPath();
    }

    private FileChooser chooser(String title, String what, String glob) {
      FileChooser fc = new FileChooser();
      fc.setTitle(title);
      fc.getExtensionFilters().add(new FileChooser.ExtensionFilter(what, glob));
      return fc;
    }
  };
}
