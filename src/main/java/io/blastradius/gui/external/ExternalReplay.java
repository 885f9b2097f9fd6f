package io.blastradius.gui.external;

import io.blastradius.core.event.Event;
import io.blastradius.core.external.ExternalFold;
import io.blastradius.core.record.Recording;
import io.blastradius.gui.replay.ReplayTimeline;
import io.blastradius.gui.replay.ReplayViewModel;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import io.blastradius.gui.replay.RecordingFiles;

/**
 * A recording of an external proxy on the window's replay timeline: the scrubber, play and pace
 * are the Live tab's {@link ReplayViewModel}; at each of its folds the recording's events up to
 * the scrubber's time are folded into an {@link ExternalFold} (forward: only the new ones; back:
 * again from the start), which the workspace shows as it shows live flows: a card per flow with
 * its frame lane, and the wire chart.
 *
 * <p>Threading: FX thread (the timeline's own folds run on {@code background}).
 */
final class ExternalReplay {
  private final ReplayViewModel timeline;
  private final BiConsumer<ExternalFold, Long> shown;
  private List<Event> events = List.of();
  private ExternalFold fold = new ExternalFold();
  private int next;
  private long foldedTo = -1;
  private String name = "";

  /** @param shown told of the fold and its time after each move of the scrubber */
  ExternalReplay(Executor background, Executor fx, BiConsumer<ExternalFold, Long> shown) {
    this.shown = shown;
    this.timeline = new ReplayViewModel(background, fx, new ReplayViewModel.Shown() {
      @Override
      public void install(ReplayTimeline.Fold f, long fxNanos) {
        foldTo(Math.max(0, f.t()));
      }

      @Override
      public void pulse(ReplayTimeline.Fold f, long fxNanos) {}
    });
  }

  /**
   * Reads {@code file} (off the FX thread) and shows it, after {@code before} (the live cards go);
   * a file that cannot be read changes nothing. {@code say} is told how it went.
   */
  CompletableFuture<Boolean> open(RecordingFiles files, Path file, Consumer<String> say, Runnable before) {
    String fileName = file.getFileName() == null ? file.toString() : file.getFileName().toString();
    say.accept("Opening " + fileName + "…");
    return files.read(file).handle((rec, err) -> {
      if (err != null) {
        Throwable e = err instanceof java.util.concurrent.CompletionException && err.getCause() != null ? err.getCause() : err;
        say.accept("Could not open " + fileName + ": " + (e instanceof java.nio.file.NoSuchFileException ? file + " does not exist"
            : e.getMessage() == null ? e.toString() : e.getMessage()));
        return false;
      }
      before.run();
      show(rec, fileName);
      say.accept((rec.truncated() ? fileName + " is truncated: showing the events read intact. " : "Replaying " + fileName + ": ")
          + rec.header().policy() + ", " + rec.events().size() + " events. Play, or drag the timeline; Back to live returns.");
      return true;
    });
  }

  /** Opens {@code rec} paused at its first event (session time before it is empty). */
  void show(Recording rec, String fileName) {
    List<Event> sorted = new ArrayList<>(rec.events());
    sorted.sort(Comparator.comparingLong(Event::t));
    events = sorted;
    name = fileName;
    fold = new ExternalFold();
    next = 0;
    foldedTo = -1;
    timeline.show(sorted);
    if (!sorted.isEmpty()) timeline.positionProperty().set(sorted.get(0).t() / 1e9);
  }

  void close() {
    timeline.close();
    events = List.of();
    fold = new ExternalFold();
  }

  private void foldTo(long t) {
    if (t < foldedTo) {
      fold = new ExternalFold();
      next = 0;
    }
    while (next < events.size() && events.get(next).t() <= t) fold.accept(events.get(next++));
    foldedTo = t;
    shown.accept(fold, t);
  }

  /** Once per pulse. */
  void tick(long fxNanos) {
    timeline.tick(fxNanos);
  }

  boolean isOpen() {
    return timeline.isOpen();
  }

  String name() {
    return name;
  }

  ReplayViewModel timeline() {
    return timeline;
  }
}
