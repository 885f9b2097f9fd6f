package io.blastradius.gui.charts;

import io.blastradius.core.live.LiveSnapshot;
import io.blastradius.core.live.SeriesView;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;

/**
 * The live charts' data: per-second series, handed to the view at most every {@link
 * #PERIOD_NANOS} and only when they changed. The series are aggregated per second by the model,
 * so the charts hold at most {@link #WINDOW_SECONDS} points each whatever the request rate.
 */
public final class ChartsViewModel {
  static final long PERIOD_NANOS = 250_000_000L;
  /** Seconds shown: the latest ones. */
  public static final int WINDOW_SECONDS = 300;

  private final ReadOnlyObjectWrapper<SeriesView> series = new ReadOnlyObjectWrapper<>(SeriesView.EMPTY);
  private final javafx.beans.property.ReadOnlyLongWrapper openSecond = new javafx.beans.property.ReadOnlyLongWrapper(Long.MAX_VALUE);
  private long lastPush = Long.MIN_VALUE;

  public void update(LiveSnapshot s, long fxNanos) {
    // The second still being counted would look like a drop in the rate: the rate chart stops
    // before it while the run goes on.
    openSecond.set(s.finished() ? Long.MAX_VALUE : Math.floorDiv(s.now(), 1_000_000_000L));
    SeriesView v = s.series();
    if (v == series.get()) return;
    if (lastPush != Long.MIN_VALUE && fxNanos - lastPush < PERIOD_NANOS) return; // (no overflow on the first push)
    lastPush = fxNanos;
    series.set(v);
  }

  public void clear() {
    openSecond.set(Long.MAX_VALUE);
    series.set(SeriesView.EMPTY);
    lastPush = Long.MIN_VALUE;
  }

  public ReadOnlyObjectProperty<SeriesView> seriesProperty() { return series.getReadOnlyProperty(); }
  /** The run second still being counted (Long.MAX_VALUE once the run finished). */
  public javafx.beans.property.ReadOnlyLongProperty openSecondProperty() { return openSecond.getReadOnlyProperty(); }
}
