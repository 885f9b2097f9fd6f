package io.blastradius.gui.live;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;

/**
 * The last live run's packet capture: a temporary pcap the fault proxy wrote every flow's bytes to
 * (see {@link Recorder#capture}), offered by Run → Save capture… once the run has ended. Copies
 * off the FX thread; the property changes on the FX thread only.
 */
public final class CaptureFiles {
  private final Executor background;
  private final Executor fx;
  private final Consumer<Path> discard;
  private final ReadOnlyObjectWrapper<Path> lastRunCapture = new ReadOnlyObjectWrapper<>();

  public CaptureFiles(Executor background, Executor fx, Consumer<Path> discard) {
    this.background = background;
    this.fx = fx;
    this.discard = discard;
  }

  /**
   * A run that wrote {@code file} has ended (any thread): it becomes the capture Save capture…
   * copies, and the previous one is deleted. A run that ended without writing it offers none.
   */
  public void finish(Path file) {
    boolean written = Files.isRegularFile(file);
    fx.execute(() -> {
      Path old = lastRunCapture.get();
      lastRunCapture.set(written ? file : null);
      if (old != null && !old.equals(file)) background.execute(() -> discard.accept(old));
      if (!written) background.execute(() -> discard.accept(file));
    });
  }

  /**
   * Copies the last capture to {@code target} off the FX thread; completes on the FX thread.
   *
   * @param replace the user already agreed to replace {@code target} (the save dialog asked);
   *     otherwise an existing file fails with {@link FileAlreadyExistsException} and is left as is
   */
  public CompletableFuture<Path> save(Path target, boolean replace) {
    Path src = lastRunCapture.get();
    CompletableFuture<Path> result = new CompletableFuture<>();
    if (src == null) return CompletableFuture.failedFuture(new IllegalStateException("no finished live run with a capture yet"));
    background.execute(() -> {
      try {
        if (replace) Files.copy(src, target, StandardCopyOption.REPLACE_EXISTING);
        else Files.copy(src, target);
        fx.execute(() -> result.complete(target));
      } catch (IOException | RuntimeException e) {
        fx.execute(() -> result.completeExceptionally(e));
      }
    });
    return result;
  }

  public ReadOnlyObjectProperty<Path> lastRunCaptureProperty() { return lastRunCapture.getReadOnlyProperty(); }
}
