package io.blastradius.gui.charts;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.blastradius.core.event.Event;
import io.blastradius.core.event.Outcome;
import io.blastradius.core.live.RequestLanes;
import io.blastradius.core.policy.Protocol;
import org.junit.jupiter.api.Test;

/** The live charts' data from the timeline's buckets: no toolkit needed. */
class LiveChartsViewTest {
  static final long MS = 1_000_000L;

  static RequestLanes h1Run() {
    RequestLanes l = new RequestLanes();
    l.accept(new Event.ConnectionDialed(0, 1, Protocol.H1));
    for (int i = 0; i < 280; i++) {
      l.accept(new Event.RequestFinished(i * MS, i, 1, 0, i == 100 || i == 200 ? Outcome.TIMEOUT : Outcome.OK, null, MS));
    }
    return l;
  }

  @Test
  void theCumulativeLineIsFlatAtZeroUntilTheFirstFailureNotASlopeFromTheStart() {
    double[] c = LiveChartsView.cumulative(h1Run().view());
    assertEquals(0, c[0]);
    assertEquals(0, c[100], "nothing before the failure at 100 ms");
    assertEquals(1, c[101]);
    assertEquals(2, c[280]);
  }

  @Test
  void aSubSecondRunGetsMillisecondBinsNotAnEmptyOneSecondBucket() {
    TimelineFrame f = new TimelineFrame(h1Run().view(), 280 * MS, true);
    LiveChartsView.Bins b = LiveChartsView.bins(f);
    assertEquals(0.004, b.dx(), 1e-12, "280 one-ms buckets in bins of 4 ms (at most 80 bins)");
    assertEquals(70, b.ok().length);
    double okPerSecond = 0;
    for (double v : b.ok()) okPerSecond += v * b.dx();
    assertEquals(278, okPerSecond, 1e-6, "every success counted once");
  }

  @Test
  void ticksFollowTheRunsLength() {
    assertEquals("run time (ms)", TimeAxis.title(0.28));
    assertEquals("run time (s)", TimeAxis.title(26));
    assertEquals("50", TimeAxis.label(0.05, 0.05, 0.28));
    assertEquals("2.5", TimeAxis.label(2.5, 0.5, 26));
    assertArrayEquals(new double[] {0.05}, new double[] {TimeAxis.step(0.04)}, 1e-12);
  }
}
