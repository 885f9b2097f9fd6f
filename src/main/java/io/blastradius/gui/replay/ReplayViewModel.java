package io.blastradius.gui.replay;

import io.blastradius.core.event.Event;
import java.util.List;
import java.util.concurrent.Executor;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * Replay mode: a recording's {@link ReplayTimeline}, the scrubber (run-time seconds), play/pause,
 * the pace (×0.01 to ×100) and the jumps between faults. Once per pulse ({@link #tick}) it
 * advances a playing timeline and, if the scrubber moved, folds to it off the FX thread, at most
 * one fold at a time; each finished fold goes to the {@link Shown} (the live view's cards,
 * charts, log and status).
 *
 * <p>Threading: FX thread, apart from the folds on {@code background}, whose results come back
 * through {@code fx}.
 */
public final class ReplayViewModel {
  /** The paces offered, as multiples of the recorded pace. */
  public static final double[] SPEEDS = {0.01, 0.1, 1, 10, 100};

  /** Where the live view takes a fold. */
  public interface Shown {
    /** A new fold to show; {@code fxNanos} is Long.MIN_VALUE for the first one of a recording. */
    void install(ReplayTimeline.Fold fold, long fxNanos);

    /** Every pulse: the fold shown (for views that pace themselves). */
    void pulse(ReplayTimeline.Fold fold, long fxNanos);
  }

  private final Executor background;
  private final Executor fx;
  private final Shown shown;
  private ReplayTimeline timeline;
  private ReplayTimeline.Fold fold;
  private boolean folding;
  private long lastPulse = Long.MIN_VALUE;
  private int generation;
  private final ReadOnlyBooleanWrapper open = new ReadOnlyBooleanWrapper();
  private final DoubleProperty position = new SimpleDoubleProperty();
  private final ReadOnlyDoubleWrapper end = new ReadOnlyDoubleWrapper();
  private final DoubleProperty speed = new SimpleDoubleProperty(10);
  private final BooleanProperty playing = new SimpleBooleanProperty();
  private final ObservableList<ReplayTimeline.Unplug> unplugMarks = FXCollections.observableArrayList();
  private final ObservableList<ReplayTimeline.FaultMark> faultMarks = FXCollections.observableArrayList();

  public ReplayViewModel(Executor background, Executor fx, Shown shown) {
    this.background = background;
    this.fx = fx;
    this.shown = shown;
  }

  /** Shows {@code events} at time 0, paused. */
  public void show(List<Event> events) {
    generation++;
    timeline = new ReplayTimeline(events);
    folding = false;
    playing.set(false);
    end.set(timeline.end() / 1e9);
    position.set(0);
    unplugMarks.setAll(timeline.unplugs());
    faultMarks.setAll(timeline.faults());
    open.set(true);
    fold = timeline.start();
    shown.install(fold, Long.MIN_VALUE);
  }

  /** Leaves replay mode (a live run starts). */
  public void close() {
    generation++;
    timeline = null;
    fold = null;
    playing.set(false);
    folding = false;
    open.set(false);
    unplugMarks.clear();
    faultMarks.clear();
  }

  /** Play from where the scrubber is (from the start if at the end), or pause. */
  public void togglePlay() {
    if (timeline == null) return;
    if (!playing.get() && position.get() >= end.get()) position.set(0);
    lastPulse = Long.MIN_VALUE;
    playing.set(!playing.get());
  }

  /** How far after a fault a jump lands: once its first effects show, but inside even a 0.2 s recording. */
  long afterFaultNanos() {
    long e = timeline == null ? 0 : timeline.end();
    return Math.max(1_000_000L, Math.min(ReplayTimeline.AFTER_UNPLUG_NANOS, e / 20));
  }

  /** Moves the scrubber to just after an unplug. */
  public void jumpTo(ReplayTimeline.Unplug u) {
    jumpToNanos(u.t() + afterFaultNanos());
  }

  private void jumpToNanos(long t) {
    playing.set(false);
    position.set(Math.min(end.get(), t / 1e9));
  }

  /**
   * Jumps to just after the next fault ({@code direction} > 0) or the previous one, from the
   * scrubber's position; returns false when there is none that way.
   */
  public boolean jumpFault(int direction) {
    if (timeline == null) return false;
    long now = Math.round(position.get() * 1e9);
    long after = afterFaultNanos();
    List<ReplayTimeline.FaultMark> fs = timeline.faults();
    if (direction > 0) {
      for (ReplayTimeline.FaultMark f : fs) {
        if (f.t() + after > now) {
          jumpToNanos(f.t() + after);
          return true;
        }
      }
    } else {
      for (int i = fs.size() - 1; i >= 0; i--) {
        if (fs.get(i).t() + after < now) {
          jumpToNanos(fs.get(i).t() + after);
          return true;
        }
      }
    }
    return false;
  }

  /** Once per pulse. */
  public void tick(long fxNanos) {
    if (timeline == null) return;
    if (playing.get()) {
      if (lastPulse != Long.MIN_VALUE) {
        double next = position.get() + (fxNanos - lastPulse) / 1e9 * speed.get();
        if (next >= end.get()) {
          next = end.get();
          playing.set(false);
        }
        position.set(next);
      }
      lastPulse = fxNanos;
    } else {
      lastPulse = Long.MIN_VALUE;
    }
    long target = Math.round(position.get() * 1e9);
    if (!folding && target != fold.t()) {
      folding = true;
      ReplayTimeline tl = timeline;
      ReplayTimeline.Fold from = fold;
      int gen = generation;
      background.execute(() -> {
        ReplayTimeline.Fold f = tl.fold(from, target);
        fx.execute(() -> {
          if (gen != generation || tl != timeline) return;
          folding = false;
          fold = f;
          shown.install(f, fxNanos);
        });
      });
    }
    shown.pulse(fold, fxNanos);
  }

  public boolean isOpen() { return timeline != null; }
  /** The recording's last event time, in nanoseconds (0 when none is open). */
  public long endNanos() { return timeline == null ? 0 : timeline.end(); }
  public ReadOnlyBooleanProperty openProperty() { return open.getReadOnlyProperty(); }
  /** The scrubber's position in run-time seconds (the slider's value). */
  public DoubleProperty positionProperty() { return position; }
  /** The recording's last event time, in seconds. */
  public ReadOnlyDoubleProperty endProperty() { return end.getReadOnlyProperty(); }
  /** Replay pace: a multiple of the recorded pace (one of {@link #SPEEDS}). */
  public DoubleProperty speedProperty() { return speed; }
  public BooleanProperty playingProperty() { return playing; }
  /** The unplugs on the timeline, for its red ticks. */
  public ObservableList<ReplayTimeline.Unplug> unplugMarks() { return unplugMarks; }
  /** Every flow fault on the timeline. */
  public ObservableList<ReplayTimeline.FaultMark> faultMarks() { return faultMarks; }
  /** Run time shown (nanoseconds), or -1 before the first fold. */
  public long shownT() { return fold == null ? -1 : fold.t(); }
  /** A fold is under way off the FX thread. */
  public boolean folding() { return folding; }
}
