package io.blastradius.gui.live;

import io.blastradius.core.live.LiveModel;
import io.blastradius.core.live.LiveSnapshot;
import io.blastradius.core.score.Scorecard;
import io.blastradius.gui.charts.ChartsViewModel;
import io.blastradius.gui.charts.TimeAxis;
import io.blastradius.gui.common.Fmt;
import io.blastradius.gui.log.LogViewModel;
import io.blastradius.gui.replay.ReplayTimeline;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * What the Live tab shows, whichever feeds it (a live run's {@link LiveModel} sampled once per
 * pulse, or a recording's fold on the replay timeline): the snapshot, the cards, the charts and
 * timeline, the log, the status texts and the scorecard. {@link LiveRunViewModel} decides what is
 * shown; this puts it on screen. FX thread only.
 */
final class LiveScreen {
  final ReadOnlyObjectWrapper<LiveSnapshot> snapshot = new ReadOnlyObjectWrapper<>(LiveSnapshot.EMPTY);
  final ReadOnlyStringWrapper policyText = new ReadOnlyStringWrapper("-");
  final ReadOnlyObjectWrapper<Scorecard> scorecard = new ReadOnlyObjectWrapper<>();
  final StatusTexts status = new StatusTexts();
  final CardsViewModel cards = new CardsViewModel();
  final ChartsViewModel charts = new ChartsViewModel();
  final LogViewModel log = new LogViewModel();
  private LiveModel model;
  private long lastFolded = -1;

  /** The model shown (a live run's, or the replay's current fold's), or null. */
  LiveModel model() {
    return model;
  }

  /** A new live run on {@code m}: nothing shown yet. */
  void begin(LiveModel m) {
    model = m;
    lastFolded = -1;
    scorecard.set(null);
    cards.clear();
    charts.clear();
    log.attach(m);
    snapshot.set(LiveSnapshot.EMPTY);
    status.totals(LiveSnapshot.EMPTY.totals());
  }

  /** A recording is about to be shown: no model, no scorecard until its end. */
  void forget() {
    model = null;
    scorecard.set(null);
  }

  /**
   * Samples the live model as of run time {@code now} into everything shown; {@code endedAt} is
   * when the run ended (-1 while running). {@code force}: at once, whatever the pacing.
   */
  LiveSnapshot sample(long now, long endedAt, long fxNanos, boolean force) {
    LiveSnapshot s = model.snapshot(now);
    snapshot.set(s);
    LiveModel m = model;
    cards.update(s, force ? Long.MIN_VALUE : fxNanos);
    charts.update(s, m::lanes, force ? Long.MAX_VALUE / 2 : fxNanos);
    log.update(s, force ? Long.MAX_VALUE / 2 : fxNanos);
    if (s.folded() != lastFolded || force) {
      lastFolded = s.folded();
      status.totals(s.totals());
    }
    status.rate(s.totals().requestsPerSecond());
    long shownT = endedAt >= 0 ? Math.min(now, endedAt) : now;
    status.elapsed(endedAt >= 0 && endedAt < 60_000_000_000L ? TimeAxis.readout(shownT, endedAt) : Fmt.clock(shownT));
    return s;
  }

  /** After the run settled: the picture stays; the log still answers its filters. */
  void settled(long fxNanos) {
    log.update(snapshot.get(), fxNanos);
  }

  /** A replay fold of a recording that ends at {@code end} (ns): shown whole, at once. */
  void install(ReplayTimeline.Fold f, long fxNanos, long end) {
    if (f.model() != model) {
      model = f.model();
      cards.clear();
      charts.clear();
      log.attach(model);
    }
    LiveSnapshot s = f.snapshot();
    snapshot.set(s);
    cards.update(s, Long.MIN_VALUE);
    charts.update(s, f::lanes, fxNanos == Long.MIN_VALUE ? Long.MAX_VALUE / 2 : fxNanos);
    log.update(s, fxNanos == Long.MIN_VALUE ? 0 : fxNanos);
    status.totals(s.totals());
    status.rate(s.totals().requestsPerSecond());
    status.elapsed(TimeAxis.readout(Math.max(0, f.t()), end) + " / " + TimeAxis.readout(end, end));
    // At the recording's end: its scorecard, the same fold as the CLI's replay command.
    scorecard.set(f.t() >= end ? f.model().scorecard() : null);
  }

  /** A pulse of the replay between folds: the charts and the log keep their pace. */
  void pulse(ReplayTimeline.Fold f, long fxNanos) {
    LiveSnapshot s = snapshot.get();
    charts.update(s, f::lanes, fxNanos);
    log.update(s, fxNanos);
  }
}
