package io.blastradius.gui.charts;

import io.blastradius.core.live.LanesView;
import io.blastradius.core.live.LiveSnapshot;
import io.blastradius.core.live.SeriesView;
import java.util.function.Supplier;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;

/**
 * The live charts' and the request timeline's data, handed to the views at most every {@link
 * #PERIOD_NANOS} and only when it changed. Both come from the model's {@link LanesView}: outcomes
 * per connection per time bucket, buckets widening with the run, so what is drawn is bounded
 * whatever the request rate or the run's length, and the rate chart, the cumulative chart and the
 * timeline are one fold of the same events.
 */
public final class ChartsViewModel {
  public static final long PERIOD_NANOS = 100_000_000L;
  /** Seconds shown by the per-second series (kept for the cards' and tests' sake). */
  public static final int WINDOW_SECONDS = 300;

  private final ReadOnlyObjectWrapper<SeriesView> series = new ReadOnlyObjectWrapper<>(SeriesView.EMPTY);
  private final ReadOnlyLongWrapper openSecond = new ReadOnlyLongWrapper(Long.MAX_VALUE);
  private final ReadOnlyObjectWrapper<TimelineFrame> frame = new ReadOnlyObjectWrapper<>(TimelineFrame.EMPTY);
  private long lastPush = Long.MIN_VALUE;

  /** Without lanes (tests of the per-second series). */
  public void update(LiveSnapshot s, long fxNanos) {
    update(s, null, fxNanos);
  }

  /**
   * {@code lanes}: asked for only when a push is due (folding the lanes' copy costs a little).
   * {@code fxNanos}: the pulse time; {@code Long.MAX_VALUE / 2} pushes at once.
   */
  public void update(LiveSnapshot s, Supplier<LanesView> lanes, long fxNanos) {
    // The second still being counted would look like a drop in the rate: the rate chart stops
    // before it while the run goes on.
    openSecond.set(s.finished() ? Long.MAX_VALUE : Math.floorDiv(s.now(), 1_000_000_000L));
    boolean force = fxNanos >= Long.MAX_VALUE / 2;
    if (!force && lastPush != Long.MIN_VALUE && fxNanos - lastPush < PERIOD_NANOS) return; // (no overflow on the first push)
    boolean pushed = false;
    SeriesView v = s.series();
    if (v != series.get()) {
      series.set(v);
      pushed = true;
    }
    if (lanes != null) {
      LanesView l = lanes.get();
      long end = s.finished() ? Math.max(0, s.lastEventT()) : s.now();
      TimelineFrame f = frame.get();
      if (l.version() != f.lanes().version() || end != f.endNanos() || s.finished() != f.finished()) {
        frame.set(new TimelineFrame(l, end, s.finished()));
        pushed = true;
      }
    }
    if (pushed) lastPush = force ? Long.MIN_VALUE : fxNanos;
  }

  public void clear() {
    openSecond.set(Long.MAX_VALUE);
    series.set(SeriesView.EMPTY);
    frame.set(TimelineFrame.EMPTY);
    lastPush = Long.MIN_VALUE;
  }

  public ReadOnlyObjectProperty<SeriesView> seriesProperty() { return series.getReadOnlyProperty(); }
  /** The run second still being counted (Long.MAX_VALUE once the run finished). */
  public ReadOnlyLongProperty openSecondProperty() { return openSecond.getReadOnlyProperty(); }
  /** The lanes and the time axis's end, for the charts and the request timeline. */
  public ReadOnlyObjectProperty<TimelineFrame> frameProperty() { return frame.getReadOnlyProperty(); }
}
