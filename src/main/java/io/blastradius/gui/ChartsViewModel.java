package io.blastradius.gui;

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
  private long lastPush = Long.MIN_VALUE;

  void update(LiveSnapshot s, long fxNanos) {
    SeriesView v = s.series();
    if (v == series.get()) return;
    if (fxNanos - lastPush < PERIOD_NANOS && v.size() == series.get().size()) return;
    lastPush = fxNanos;
    series.set(v);
  }

  void clear() {
    series.set(SeriesView.EMPTY);
    lastPush = Long.MIN_VALUE;
  }

  public ReadOnlyObjectProperty<SeriesView> seriesProperty() { return series.getReadOnlyProperty(); }
}
