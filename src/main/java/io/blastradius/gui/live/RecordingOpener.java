package io.blastradius.gui.live;

import io.blastradius.core.record.Recording;
import io.blastradius.gui.replay.RecordingFiles;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Opening a recording ({@code .blastrec}) for the Live tab: read off the FX thread by
 * {@link RecordingFiles}, then handed to {@link Shown#show} unless a run started or another open
 * was asked meanwhile ({@link #supersede}). A file that cannot be read leaves whatever is shown as
 * it is and reports the problem: one line in the status message and the text of a dialog.
 *
 * <p>Threading: FX thread; the read's result comes back through {@code files}' FX executor.
 */
final class RecordingOpener {
  /** Where an opened recording goes. */
  interface Shown {
    /** Shows the recording read from {@code file}. */
    void show(Recording rec, Path file, String name);
  }

  private final RecordingFiles files;
  private final StatusTexts status;
  private final FileCommands fileCommands;
  private final BooleanSupplier running;
  private final BooleanSupplier showsSomething;
  private final Consumer<Path> missing;
  private final Shown shown;
  private int generation; // ignores a read superseded by a run or another open

  /**
   * {@code running}: a run is going (nothing opens then); {@code showsSomething}: a run or a
   * recording is shown (a failure keeps it, and says so); {@code missing}: told of a file that no
   * longer exists.
   */
  RecordingOpener(RecordingFiles files, StatusTexts status, FileCommands fileCommands,
      BooleanSupplier running, BooleanSupplier showsSomething, Consumer<Path> missing, Shown shown) {
    this.files = files;
    this.status = status;
    this.fileCommands = fileCommands;
    this.running = running;
    this.showsSomething = showsSomething;
    this.missing = missing;
    this.shown = shown;
  }

  /** A read still under way no longer opens (a run starts). */
  void supersede() {
    generation++;
  }

  /** See {@link LiveRunViewModel#openRecording}. */
  CompletableFuture<Boolean> open(Path file, String name) {
    if (running.getAsBoolean()) {
      status.say("Stop the current run before opening a recording.");
      return CompletableFuture.completedFuture(false);
    }
    int gen = ++generation;
    status.say("Opening " + name + "…");
    return files.read(file).handle((rec, err) -> {
      if (gen != generation) return false;
      if (err != null) {
        failed(file, name, FileCommands.unwrap(err));
        return false;
      }
      if (running.getAsBoolean()) return false;
      shown.show(rec, file, name);
      return true;
    });
  }

  private void failed(Path file, String name, Throwable e) {
    String why = e instanceof NoSuchFileException ? file + " no longer exists" : FileCommands.why(e);
    status.say("Could not open " + name + ": " + why + (showsSomething.getAsBoolean() ? " (still showing what was open)" : ""));
    if (e instanceof NoSuchFileException) missing.accept(file); // may say more
    fileCommands.dialog("Could not open " + name + ":\n" + why);
  }
}
