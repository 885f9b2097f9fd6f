package io.blastradius.core.testutil;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A class of ours run in a fresh JVM (this test's class path, its own heap limit), for what only a
 * separate process shows: memory bounds under a small -Xmx, signals, files left behind. Output
 * goes to files in {@code dir}; every wait is bounded and a process still running is killed.
 */
public final class JavaProcess {
  private final Process process;
  private final Path out;
  private final Path err;

  private JavaProcess(Process process, Path out, Path err) {
    this.process = process;
    this.out = out;
    this.err = err;
  }

  /** Starts {@code main} with {@code jvmOptions} (e.g. -Xmx32m) and {@code args}. */
  public static JavaProcess start(Path dir, List<String> jvmOptions, Class<?> main, String... args) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(jvmOptions);
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(main.getName());
    cmd.addAll(List.of(args));
    Path out = Files.createTempFile(dir, "stdout-", ".txt");
    Path err = Files.createTempFile(dir, "stderr-", ".txt");
    Process p = new ProcessBuilder(cmd).directory(dir.toFile())
        .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    return new JavaProcess(p, out, err);
  }

  public Process process() {
    return process;
  }

  /** Waits for the exit (killing the process past {@code limit}); returns the exit code. */
  public int await(Duration limit) throws InterruptedException, IOException {
    if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      throw new AssertionError("still running after " + limit + "; killed. stderr: " + err());
    }
    return process.exitValue();
  }

  public String out() throws IOException {
    return Files.readString(out);
  }

  public String err() throws IOException {
    return Files.readString(err);
  }

  /** Deletes the captured output files (so a test can list what the process left in dir). */
  public void deleteOutputs() throws IOException {
    Files.deleteIfExists(out);
    Files.deleteIfExists(err);
  }
}
