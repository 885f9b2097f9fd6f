package io.blastradius.core.live;

import io.blastradius.core.event.Outcome;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;

/**
 * The run's rates, as {@link LiveModel} folds them: 100 ms buckets for the requests-per-second
 * window of the status bar, per-second ok and failed counts with the cumulative failures (the
 * {@link SeriesView}), and the flow-fault markers.
 *
 * <h2>Bounded memory</h2>
 *
 * A ring of {@link #BUCKETS} rate buckets; at most {@link LiveModel#MAX_SECONDS} seconds of
 * series (the oldest half is dropped beyond that, its failures kept in the cumulative count); at
 * most {@link LiveModel#MAX_MARKERS} markers.
 *
 * <p>Not thread-safe: {@link LiveModel} uses it under its lock.
 */
final class RunSeries {
  private static final long SECOND = 1_000_000_000L;
  private static final long BUCKET = 100_000_000L; // 100 ms rate buckets
  private static final int BUCKETS = 16; // ring of rate buckets; 10 used for the window

  private final long[] bucketIdx = new long[BUCKETS];
  private final long[] bucketDone = new long[BUCKETS];
  private final long[] bucketFailed = new long[BUCKETS];
  private long seriesFirst; // run second of index 0
  private long[] okPerSec = new long[64];
  private long[] failedPerSec = new long[64];
  private int seriesLen;
  private long failedBeforeFirst; // failures in seconds dropped from the series
  private final ArrayDeque<SeriesView.Marker> markers = new ArrayDeque<>();
  private boolean seriesDirty;
  private SeriesView seriesView = SeriesView.EMPTY;

  RunSeries() {
    Arrays.fill(bucketIdx, Long.MIN_VALUE);
  }

  /** Counts a request that finished at {@code t} with {@code outcome}. */
  void finished(long t, Outcome outcome) {
    boolean failure = outcome.isFailure();
    // rate buckets
    long b = Math.floorDiv(t, BUCKET);
    int i = (int) Math.floorMod(b, BUCKETS);
    if (bucketIdx[i] < b) { // a new bucket reuses this slot
      bucketIdx[i] = b;
      bucketDone[i] = 0;
      bucketFailed[i] = 0;
    }
    if (bucketIdx[i] == b) { // else older than the ring covers; the series still counts it
      bucketDone[i]++;
      if (failure) bucketFailed[i]++;
    }
    countSecond(t, outcome == Outcome.OK, failure);
  }

  private void countSecond(long t, boolean isOk, boolean isFailure) {
    if (!isOk && !isFailure) return;
    long s = Math.max(0, Math.floorDiv(t, SECOND));
    if (s < seriesFirst) { // a second already dropped from the series
      if (isFailure) failedBeforeFirst++;
      seriesDirty = true;
      return;
    }
    if (s - seriesFirst >= LiveModel.MAX_SECONDS) {
      long newFirst = s - LiveModel.MAX_SECONDS / 2;
      int drop = (int) Math.min(seriesLen, newFirst - seriesFirst);
      for (int k = 0; k < drop; k++) failedBeforeFirst += failedPerSec[k];
      System.arraycopy(okPerSec, drop, okPerSec, 0, seriesLen - drop);
      System.arraycopy(failedPerSec, drop, failedPerSec, 0, seriesLen - drop);
      Arrays.fill(okPerSec, seriesLen - drop, seriesLen, 0);
      Arrays.fill(failedPerSec, seriesLen - drop, seriesLen, 0);
      seriesLen -= drop;
      seriesFirst = newFirst;
    }
    int idx = (int) (s - seriesFirst);
    if (idx >= okPerSec.length) {
      int n = Math.min(LiveModel.MAX_SECONDS, Math.max(idx + 1, okPerSec.length * 2));
      okPerSec = Arrays.copyOf(okPerSec, n);
      failedPerSec = Arrays.copyOf(failedPerSec, n);
    }
    if (idx >= seriesLen) seriesLen = idx + 1;
    if (isOk) okPerSec[idx]++;
    else failedPerSec[idx]++;
    seriesDirty = true;
  }

  /** Keeps a flow-fault marker (the oldest goes beyond {@link LiveModel#MAX_MARKERS}). */
  void mark(SeriesView.Marker m) {
    markers.addLast(m);
    if (markers.size() > LiveModel.MAX_MARKERS) markers.removeFirst();
    seriesDirty = true;
  }

  /**
   * Requests done and failed in the ten 100 ms buckets before the one holding {@code now}: the
   * last second's rate, as {@code {done, failed}}.
   */
  long[] lastSecond(long now) {
    long nowBucket = Math.floorDiv(now, BUCKET);
    long done = 0, failed = 0;
    for (int i = 0; i < BUCKETS; i++) {
      long b = bucketIdx[i];
      if (b >= nowBucket - 10 && b <= nowBucket - 1) {
        done += bucketDone[i];
        failed += bucketFailed[i];
      }
    }
    return new long[] {done, failed};
  }

  /** The series as folded so far (rebuilt only when something changed). */
  SeriesView view() {
    if (seriesDirty) {
      long[] okS = Arrays.copyOf(okPerSec, seriesLen);
      long[] failS = Arrays.copyOf(failedPerSec, seriesLen);
      long[] cum = new long[seriesLen];
      long acc = failedBeforeFirst;
      for (int i = 0; i < seriesLen; i++) cum[i] = acc += failS[i];
      seriesView = new SeriesView(seriesFirst, okS, failS, cum, List.copyOf(markers));
      seriesDirty = false;
    }
    return seriesView;
  }
}
