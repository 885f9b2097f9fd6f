package io.blastradius.gui.live;

import io.blastradius.core.live.Totals;
import io.blastradius.gui.common.Fmt;
import io.blastradius.gui.common.Fx;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * The status bar's texts: the message, and the totals of what is shown (a live run or a replay at
 * its scrubber). Every figure is the same fold's {@link Totals}, so the bar, the cards' sum, the
 * timeline and the scorecard agree. A property fires only when its text changed. FX thread only.
 */
public final class StatusTexts {
  static final String READY = "Ready. Pick a scenario and a policy, then Start (Ctrl+Enter).";

  private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(READY);
  private final ReadOnlyStringWrapper elapsed = new ReadOnlyStringWrapper("0:00.0");
  private final ReadOnlyStringWrapper rate = new ReadOnlyStringWrapper("0/s");
  private final ReadOnlyStringWrapper requests = new ReadOnlyStringWrapper("0");
  private final ReadOnlyStringWrapper failures = new ReadOnlyStringWrapper("0");
  private final ReadOnlyStringWrapper connections = new ReadOnlyStringWrapper("0");

  /** Shows the totals of one snapshot. */
  void totals(Totals t) {
    Fx.set(requests, Fmt.count(t.requests()) + " (ok " + Fmt.count(t.ok()) + ")");
    Fx.set(failures, Fmt.count(t.failed()));
    Fx.set(connections, Integer.toString(t.openConnections()));
  }

  void rate(double perSecond) {
    Fx.set(rate, Fmt.rate(perSecond));
  }

  void elapsed(String text) {
    Fx.set(elapsed, text);
  }

  void say(String text) {
    message.set(text);
  }

  /** The end of a live run of {@code policy}, with its totals ({@code err}: it ended with an error). */
  void ended(String policy, Totals t, Throwable err) {
    say((err == null ? "Finished " : "Ended with an error (" + err.getMessage() + ") ")
        + policy + ": " + Fmt.count(t.requests()) + " requests, " + Fmt.count(t.failed())
        + " failed, " + Fmt.count(t.unplugs()) + " unplugs.");
  }

  /** A recording ({@code name}, ending at {@code endNanos}) just opened on the replay timeline. */
  void replaying(io.blastradius.core.record.Recording rec, String name, long endNanos) {
    String what = rec.header().policy() + " · " + rec.header().scenario()
        + ("sim".equals(rec.header().engine()) ? " · simulated engine (virtual time)" : "") + ", " + Fmt.count(rec.events().size())
        + " events over " + io.blastradius.gui.charts.TimeAxis.readout(endNanos, endNanos);
    say(rec.truncated()
        ? name + " is truncated (the file stops early): showing the " + Fmt.count(rec.events().size())
            + " events read intact. " + what + "."
        : "Replaying " + name + ": " + what + ". Play, or drag the timeline; red ticks are unplugs.");
  }

  String message() { return message.get(); }

  public ReadOnlyStringProperty messageProperty() { return message.getReadOnlyProperty(); }
  public ReadOnlyStringProperty elapsedProperty() { return elapsed.getReadOnlyProperty(); }
  public ReadOnlyStringProperty rateProperty() { return rate.getReadOnlyProperty(); }
  public ReadOnlyStringProperty requestsProperty() { return requests.getReadOnlyProperty(); }
  public ReadOnlyStringProperty failuresProperty() { return failures.getReadOnlyProperty(); }
  public ReadOnlyStringProperty connectionsProperty() { return connections.getReadOnlyProperty(); }
}
