package io.blastradius.gui.live;

import io.blastradius.core.score.Scorecard;
import io.blastradius.gui.replay.RecordingFiles;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * The Live tab's file commands: save the last run's recording, export HAR, CSV and PNG. Each says
 * what it does in the status message; a failure is one line there and the text of a dialog
 * ({@link #errorProperty}). The writing is {@link RecordingFiles}', off the FX thread. FX thread.
 */
final class FileCommands {
  private final RecordingFiles files;
  private final StatusTexts status;
  private final Consumer<Path> saved;
  private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper();

  FileCommands(RecordingFiles files, StatusTexts status, Consumer<Path> saved) {
    this.files = files;
    this.status = status;
    this.saved = saved;
  }

  CompletableFuture<Path> save(Path target) {
    if (files.lastRunRecordingProperty().get() == null) {
      status.say("Nothing to save yet: the recording of a live run is ready once it has ended.");
      return CompletableFuture.completedFuture(null);
    }
    status.say("Saving the recording to " + target + "…");
    return files.save(target).handle((p, err) -> {
      if (err != null) {
        problem("Could not save the recording to " + target, why(unwrap(err)));
        return null;
      }
      status.say("Saved the last run's recording to " + target + ".");
      saved.accept(target);
      return p;
    });
  }

  CompletableFuture<Path> saveCapture(CaptureFiles captures, Path target, boolean replace) {
    if (captures.lastRunCaptureProperty().get() == null) {
      status.say("Nothing to save yet: a live run's capture is ready once it has ended.");
      return CompletableFuture.completedFuture(null);
    }
    status.say("Saving the capture to " + target + "…");
    return captures.save(target, replace).handle((p, err) -> {
      if (err != null) {
        Throwable e = unwrap(err);
        problem("Could not save the capture to " + target, e instanceof java.nio.file.FileAlreadyExistsException
            ? "a file of that name already exists; it was left as it is (choose another name)" : why(e));
        return null;
      }
      status.say("Saved the last run's capture (pcap) to " + target + ".");
      return p;
    });
  }

  CompletableFuture<Path> har(Path recording, Path target) {
    if (recording == null) {
      status.say("Nothing to export as HAR yet: a live run's recording is ready once it has ended.");
      return CompletableFuture.completedFuture(null);
    }
    return report("HAR", target, files.har(recording, target));
  }

  CompletableFuture<Path> csv(Scorecard s, Path target) {
    if (s == null) {
      status.say("No scorecard yet: it is ready when the run (or the replay) reaches its end.");
      return CompletableFuture.completedFuture(null);
    }
    return report("scorecard", target, files.csv(List.of(s), target));
  }

  CompletableFuture<Path> csv(List<Scorecard> cards, Path target) {
    if (cards.isEmpty()) {
      status.say("No scorecards to export yet.");
      return CompletableFuture.completedFuture(null);
    }
    return report("scorecards", target, files.csv(cards, target));
  }

  CompletableFuture<Path> csv(List<Scorecard> cards, List<String> engines, Path target) {
    if (cards.isEmpty()) {
      status.say("No scorecards to export yet.");
      return CompletableFuture.completedFuture(null);
    }
    return report("scorecards", target, files.csv(cards, engines, target));
  }

  CompletableFuture<Path> png(java.awt.image.BufferedImage image, Path target) {
    return report("image", target, files.png(image, target));
  }

  private CompletableFuture<Path> report(String what, Path target, CompletableFuture<Path> f) {
    status.say("Writing the " + what + " to " + target + "…");
    return f.handle((p, err) -> {
      if (err != null) {
        problem("Could not write the " + what + " to " + target, why(unwrap(err)));
        return null;
      }
      status.say("Wrote the " + what + " to " + target + ".");
      return p;
    });
  }

  void problem(String what, String why) {
    status.say(what + ": " + why);
    dialog(what + ":\n" + why);
  }

  /** Sets the dialog text (after a null, so the same text twice shows twice). */
  void dialog(String text) {
    error.set(null);
    error.set(text);
  }

  static Throwable unwrap(Throwable e) {
    return e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
  }

  static String why(Throwable e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  ReadOnlyStringProperty errorProperty() { return error.getReadOnlyProperty(); }
}
