package io.blastradius;

import io.blastradius.cli.Cli;
import io.blastradius.gui.WorkbenchApp;

/**
 * The jar's entry point. With no arguments, or with just a recording file (how a desktop file
 * association calls it), it opens the workbench window; with anything else it is the headless
 * CLI. Deliberately not a JavaFX Application, so a shaded jar starts without a module path.
 */
public final class Launcher {
  private Launcher() {}

  public static void main(String[] args) {
    boolean window = args.length == 0 || (args.length == 1 && args[0].endsWith(".blastrec"));
    if (!window) {
      System.exit(Cli.execute(args));
      return;
    }
    if (!hasDisplay()) {
      System.err.println("blastradius: no display to open the window on (DISPLAY is not set); the CLI works headless:");
      Cli.commandLine().usage(System.err);
      System.exit(Cli.BAD_INPUT);
      return;
    }
    WorkbenchApp.launchGui(args);
  }

  private static boolean hasDisplay() {
    if (!System.getProperty("os.name", "").toLowerCase().contains("linux")) return true;
    return System.getenv("DISPLAY") != null || System.getenv("WAYLAND_DISPLAY") != null;
  }
}
