package io.blastradius;

import io.blastradius.cli.Cli;

/**
 * The jar's entry point. With no arguments it opens the workbench window; with arguments it is
 * the headless CLI. Deliberately not a JavaFX Application, so a shaded jar starts without a
 * module path.
 */
public final class Launcher {
  private Launcher() {}

  public static void main(String[] args) {
    if (args.length == 0) {
      // The window lands with the GUI; until then the bare jar explains itself.
      Cli.commandLine().usage(System.out);
      return;
    }
    System.exit(Cli.execute(args));
  }
}
