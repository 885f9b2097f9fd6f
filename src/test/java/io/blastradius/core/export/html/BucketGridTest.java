package io.blastradius.core.export.html;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BucketGridTest {
  @Test
  void theWidthDoublesWhenTimeOutgrowsTheBucketsAndRowsKeepEveryCount() {
    BucketGrid g = new BucketGrid(10, 8);
    BucketGrid.Row a = g.row(2);
    BucketGrid.Row b = g.row(1);
    a.add(g.index(5), 0); // bucket 0 at width 10
    a.add(g.index(75), 1); // bucket 7
    b.add(g.index(31), 0); // bucket 3
    assertEquals(10, g.width());
    a.add(g.index(80), 0); // bucket 8 does not fit 8 buckets: width 20, bucket 4
    assertEquals(20, g.width());
    assertEquals(1, a.count(0, 0));
    assertEquals(1, a.count(3, 1), "75 / 20 = 3");
    assertEquals(1, a.count(4, 0));
    assertEquals(1, b.count(1, 0), "31 / 20 = 1: the other row merged too");
    assertEquals(0, b.count(0, 0));
    assertEquals(0, g.index(-5), "negative times count as 0");
    assertEquals(7, g.index(159));
    assertEquals(4, g.index(160), "160 needs width 40");
    assertEquals(40, g.width());
    assertEquals(1, a.count(2, 0), "the bucket of 80 merged again: 80 / 40 = 2");
  }

  @Test
  void aRowSpansOnlyTheBucketsItTouchedAndGrowsBothWays() {
    BucketGrid g = new BucketGrid(1, 1000);
    BucketGrid.Row r = g.row(1);
    r.add(500, 0);
    r.add(510, 0);
    assertEquals(500, r.first());
    assertEquals(11, r.length());
    r.add(100, 0);
    assertEquals(100, r.first());
    assertEquals(411, r.length());
    assertEquals(1, r.count(500, 0));
    assertEquals(1, r.count(510, 0));
    assertEquals(1, r.count(100, 0));
  }

  @Test
  void manyRandomTimesKeepTotalsAndNeverExceedTheBucketLimit() {
    SplittableRandom rnd = new SplittableRandom(7);
    BucketGrid g = new BucketGrid(1_000, 64);
    BucketGrid.Row r = g.row(3);
    long[] totals = new long[3];
    long max = 0;
    for (int i = 0; i < 50_000; i++) {
      long t = (long) (i * 37.5) + rnd.nextInt(5_000); // roughly increasing, a little out of order
      int ch = rnd.nextInt(3);
      r.add(g.index(t), ch);
      totals[ch]++;
      max = Math.max(max, t);
    }
    assertTrue(r.length() <= 64, "at most 64 buckets, not " + r.length());
    assertTrue(max / g.width() < 64 && max / (g.width() / 2) >= 64, "the finest width that spans the run: " + g.width());
    for (int ch = 0; ch < 3; ch++) {
      long sum = 0;
      for (int b = r.first(); b < r.first() + r.length(); b++) sum += r.count(b, ch);
      assertEquals(totals[ch], sum, "channel " + ch);
    }
  }
}
