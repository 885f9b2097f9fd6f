package io.blastradius.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The headless front end: the same core as the window, for CI, scripts and reproducible numbers. */
@Command(
    name = "blastradius",
    mixinStandardHelpOptions = true,
    versionProvider = Cli.Version.class,
    description = {
      "Watch one dead TCP flow turn into thousands of failed HTTP/2 requests,",
      "and compare the connection-pool policies that stop it.",
      "With no arguments the jar opens the workbench window."
    },
    subcommands = {
      RunCommand.class,
      BenchCommand.class,
      CompareCommand.class,
      ReplayCommand.class,
      ExportCommand.class,
      PoliciesCommand.class,
      SweepCommand.class,
      FleetCommand.class,
      ServeCommand.class,
      ProxyCommand.class,
      FidelityCommand.class,
      CaCommand.class,
      CommandLine.HelpCommand.class,
    })
public final class Cli implements Runnable {
  /** Exit code for bad input: a flag, a value, a file, a port in use. */
  public static final int BAD_INPUT = 2;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  public static CommandLine commandLine() {
    return commandLine(new PrintWriter(System.out, true), new PrintWriter(System.err, true));
  }

  /** The root command wired with our converters and error handling, writing to out/err. */
  public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
    CommandLine cl = new CommandLine(new Cli());
    cl.setOut(out);
    cl.setErr(err);
    cl.registerConverter(java.time.Duration.class, new Converters.DurationConverter());
    cl.setParameterExceptionHandler((ex, args) -> {
      CommandLine c = ex.getCommandLine();
      c.getErr().println("blastradius: " + ex.getMessage());
      c.getErr().println("Try '" + c.getCommandSpec().qualifiedName() + " --help'.");
      return BAD_INPUT;
    });
    cl.setExecutionExceptionHandler((ex, c, parsed) -> {
      if (ex instanceof IllegalArgumentException || ex instanceof java.io.IOException
          || ex instanceof java.io.UncheckedIOException) {
        c.getErr().println("blastradius: " + ex.getMessage());
        return BAD_INPUT;
      }
      throw ex;
    });
    return cl;
  }

  public static int execute(String... args) {
    return commandLine().execute(args);
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Cli.class.getPackage().getImplementationVersion();
      return new String[] {"BlastRadius " + (v == null ? "dev" : v)};
    }
  }
}
