package io.blastradius.cli;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/**
 * A long-running command (serve, proxy) run in-process on its own thread, as the CLI runs it,
 * with what it prints captured; {@link #stop} does what Ctrl+C does.
 */
final class RunningCommand implements AutoCloseable {
  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();
  private final Object command;
  private final CompletableFuture<Integer> exit = new CompletableFuture<>();

  private RunningCommand(String... args) {
    CommandLine cl = Cli.commandLine(new PrintWriter(out, true), new PrintWriter(err, true));
    command = cl.getSubcommands().get(args[0]).getCommand();
    Thread t = new Thread(() -> {
      try {
        exit.complete(cl.execute(args));
      } catch (Throwable e) {
        exit.completeExceptionally(e);
      }
    }, "command " + args[0]);
    t.setDaemon(true);
    t.start();
  }

  static RunningCommand start(String... args) {
    return new RunningCommand(args);
  }

  /** Waits (bounded) for stdout to show {@code regex}; returns its first group. */
  String awaitOut(String regex) {
    return await(out, regex);
  }

  /** Waits (bounded) for stderr to show {@code regex}; returns its first group. */
  String awaitErr(String regex) {
    return await(err, regex);
  }

  private String await(StringWriter where, String regex) {
    Pattern p = Pattern.compile(regex);
    long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < until) {
      Matcher m = p.matcher(where.toString());
      if (m.find()) return m.groupCount() > 0 ? m.group(1) : m.group();
      if (exit.isDone()) fail("the command ended (" + exit.join() + ") before printing " + regex + "; stderr: " + err);
      java.util.concurrent.locks.LockSupport.parkNanos(5_000_000); // polling another thread's output
    }
    fail("no " + regex + " after 30 s; stdout: " + out + " stderr: " + err);
    return null;
  }

  /** Ctrl+C, then the exit code (bounded wait). */
  int stop() throws Exception {
    if (command instanceof ProxyCommand c) c.stop();
    if (command instanceof ServeCommand c) c.stop();
    return exit.get(30, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws Exception {
    if (!exit.isDone()) stop();
  }
}
