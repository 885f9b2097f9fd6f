package io.blastradius.core.export.html;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Time buckets of one width shared by several rows of counts, for a run whose length is known
 * only at its end. The grid starts at a fine width; when an event falls beyond {@code maxBuckets}
 * buckets, the width doubles and every row merges its buckets in pairs. So a row never holds more
 * than {@code maxBuckets} buckets, whatever the length of the run, and the final width is the
 * smallest {@code initialWidth * 2^k} that spans it: what a screen can show, and no more.
 *
 * <p>Not thread-safe: one fold, one thread.
 */
final class BucketGrid {
  private final int maxBuckets;
  private long width;
  private final List<Row> rows = new ArrayList<>();

  BucketGrid(long initialWidthNanos, int maxBuckets) {
    if (initialWidthNanos <= 0 || maxBuckets < 2) throw new IllegalArgumentException("width > 0, maxBuckets >= 2");
    this.width = initialWidthNanos;
    this.maxBuckets = maxBuckets;
  }

  long width() {
    return width;
  }

  int maxBuckets() {
    return maxBuckets;
  }

  /** A new row of {@code channels} counts per bucket, coarsened with the grid. */
  Row row(int channels) {
    Row r = new Row(channels);
    rows.add(r);
    return r;
  }

  /** The bucket of time {@code t} (negative times count as 0), coarsening the grid if needed. */
  int index(long t) {
    long at = Math.max(0, t);
    while (at / width >= maxBuckets) coarsen();
    return (int) (at / width);
  }

  private void coarsen() {
    width *= 2;
    for (Row r : rows) r.halve();
  }

  /**
   * Counts per bucket over the buckets a row has touched, [first, first + length). A connection's
   * row spans only its lifetime, so a short-lived connection costs a few buckets.
   */
  static final class Row {
    private final int channels;
    private int first = -1;
    private int length;
    private int[] counts = new int[0]; // bucket-major: counts[(i - first) * channels + ch]

    private Row(int channels) {
      this.channels = channels;
    }

    void add(int bucket, int channel) {
      ensure(bucket);
      counts[(bucket - first) * channels + channel]++;
    }

    private void ensure(int bucket) {
      if (first < 0) {
        first = bucket;
        length = 1;
        counts = new int[8 * channels];
        return;
      }
      if (bucket < first) {
        int shift = first - bucket;
        int[] n = new int[Math.max(counts.length, (length + shift) * channels * 3 / 2 + channels)];
        System.arraycopy(counts, 0, n, shift * channels, length * channels);
        counts = n;
        first = bucket;
        length += shift;
      } else if (bucket >= first + length) {
        length = bucket - first + 1;
        if (length * channels > counts.length) counts = Arrays.copyOf(counts, Math.max(length * channels, counts.length * 2));
      }
    }

    private void halve() {
      if (first < 0) return;
      int nFirst = first >> 1;
      int nLength = ((first + length - 1) >> 1) - nFirst + 1;
      int[] n = new int[Math.max(nLength * channels, 8 * channels)];
      for (int i = 0; i < length; i++) {
        int j = ((first + i) >> 1) - nFirst;
        for (int c = 0; c < channels; c++) n[j * channels + c] += counts[i * channels + c];
      }
      first = nFirst;
      length = nLength;
      counts = n;
    }

    /** The first bucket touched, or -1 if none. */
    int first() {
      return first;
    }

    /** Buckets from {@link #first()} to the last one touched. */
    int length() {
      return first < 0 ? 0 : length;
    }

    int count(int bucket, int channel) {
      if (first < 0 || bucket < first || bucket >= first + length) return 0;
      return counts[(bucket - first) * channels + channel];
    }

    int channels() {
      return channels;
    }
  }
}
