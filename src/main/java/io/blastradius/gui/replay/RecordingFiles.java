package io.blastradius.gui.replay;

import io.blastradius.core.export.HarExporter;
import io.blastradius.core.record.Recording;
import io.blastradius.core.record.RecordingReader;
import io.blastradius.core.record.RecordingWriter;
import io.blastradius.core.score.Scorecard;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;

/**
 * The window's files: reading a recording to replay, the last live run's recording (written as
 * it ran, kept until the next one), saving it, and the exports (HAR of a recording, CSV of a
 * scorecard, PNG images). Every read and write runs on {@code background}; results come back
 * through {@code fx} as futures, so the FX thread never waits on a disk.
 */
public final class RecordingFiles {
  /** Deletes a recording no longer offered for saving (the recorder's discard). */
  private final Consumer<Path> discard;
  private final Executor background;
  private final Executor fx;
  private final ReadOnlyObjectWrapper<Path> lastRunRecording = new ReadOnlyObjectWrapper<>();

  public RecordingFiles(Executor background, Executor fx, Consumer<Path> discard) {
    this.background = background;
    this.fx = fx;
    this.discard = discard;
  }

  /** Events a recording may have to open on the replay timeline (about 250 MB held). */
  public static final int MAX_REPLAY_EVENTS = 5_000_000;

  /**
   * Reads a recording leniently (a truncated file gives the events read intact); one of more than
   * {@link #MAX_REPLAY_EVENTS} is refused with a message instead of filling the heap.
   */
  public CompletableFuture<Recording> read(Path file) {
    return call(() -> {
      if (!Files.exists(file)) throw new NoSuchFileException(file.toString());
      return RecordingReader.readLenient(file, MAX_REPLAY_EVENTS); // the timeline keeps every event
    });
  }

  /** Closes a live run's recording (background); once closed it is what {@link #save} copies. */
  public void finish(RecordingWriter w) {
    background.execute(() -> {
      boolean ok;
      try {
        w.close();
        ok = true;
      } catch (IOException e) {
        ok = false;
      }
      boolean saved = ok;
      fx.execute(() -> {
        if (!saved) {
          lastRunRecording.set(null);
          return;
        }
        Path old = lastRunRecording.get();
        lastRunRecording.set(w.file());
        if (old != null && !old.equals(w.file())) background.execute(() -> discard.accept(old));
      });
    });
  }

  /** Copies the last run's recording to {@code target}; fails if there is none yet. */
  public CompletableFuture<Path> save(Path target) {
    Path src = lastRunRecording.get();
    if (src == null) return CompletableFuture.failedFuture(new IllegalStateException("no finished live run yet"));
    return call(() -> {
      Files.copy(src, target, StandardCopyOption.REPLACE_EXISTING);
      return target;
    });
  }

  /** Writes the recording {@code source} as HAR 1.2 to {@code target}. */
  public CompletableFuture<Path> har(Path source, Path target) {
    return call(() -> {
      Recording r = RecordingReader.readLenient(source);
      try (OutputStream out = Files.newOutputStream(target)) {
        HarExporter.write(r, out);
      }
      return target;
    });
  }

  /** Writes scorecards as CSV (the CLI's columns). */
  public CompletableFuture<Path> csv(List<Scorecard> cards, Path target) {
    return call(() -> {
      try (Writer w = Files.newBufferedWriter(target, StandardCharsets.UTF_8)) {
        Scorecard.writeCsv(cards, w);
      }
      return target;
    });
  }

  /** Writes scorecards as CSV with the engine that made each one in a last column (a comparison's). */
  public CompletableFuture<Path> csv(List<Scorecard> cards, List<String> engines, Path target) {
    return call(() -> {
      try (Writer w = Files.newBufferedWriter(target, StandardCharsets.UTF_8)) {
        Scorecard.writeCsv(cards, engines, w);
      }
      return target;
    });
  }

  /** Writes an image as PNG (the image is read on the FX thread by the caller: a snapshot). */
  public CompletableFuture<Path> png(java.awt.image.BufferedImage image, Path target) {
    return call(() -> {
      if (!javax.imageio.ImageIO.write(image, "png", target.toFile())) throw new IOException("no PNG writer");
      return target;
    });
  }

  private interface Io<T> {
    T run() throws Exception;
  }

  private <T> CompletableFuture<T> call(Io<T> io) {
    CompletableFuture<T> result = new CompletableFuture<>();
    background.execute(() -> {
      try {
        T v = io.run();
        fx.execute(() -> result.complete(v));
      } catch (Exception | LinkageError e) {
        fx.execute(() -> result.completeExceptionally(e));
      }
    });
    return result;
  }

  /** The last ended live run's recording (a temporary file), or null. */
  public ReadOnlyObjectProperty<Path> lastRunRecordingProperty() { return lastRunRecording.getReadOnlyProperty(); }
}
