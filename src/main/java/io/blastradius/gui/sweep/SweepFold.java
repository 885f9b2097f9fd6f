package io.blastradius.gui.sweep;

import io.blastradius.core.sim.Sweep;
import io.blastradius.gui.charts.TradeOff;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A finished sweep as the Sweep tab shows it: the chart's series (one per policy, from
 * {@link Sweep.Result#series()}, the same fold the CLI's PNG draws) and the table's rows (the
 * CLI's JSON and CSV rows, in the same order). Pure functions: no JavaFX.
 */
public final class SweepFold {
  private SweepFold() {}

  /**
   * One row of the table: a point's figures, whether the chart draws it (a swept policy's own
   * default run is in the table only) and whether it is on the Pareto front.
   */
  public record Row(Sweep.Point point, boolean swept, boolean charted, boolean onFront) {
    public String policy() { return point.policy(); }
    public String value() { return point.value(); }
  }

  /** The chart of {@code r} with {@code cost} on the x axis and failures per unplug on the y axis. */
  public static TradeOff.Data chart(Sweep.Result r, Sweep.Cost cost) {
    List<TradeOff.Series> series = new ArrayList<>();
    Set<String> sweptIds = sweptIds(r);
    for (Map.Entry<String, List<Sweep.Point>> e : r.series().entrySet()) {
      boolean swept = sweptIds.contains(e.getKey());
      List<TradeOff.Pt> pts = new ArrayList<>();
      for (Sweep.Point p : e.getValue()) pts.add(pt(p, cost, swept));
      series.add(new TradeOff.Series(swept ? e.getKey() + " · " + r.param().name() : e.getKey(), pts, swept));
    }
    List<TradeOff.Pt> front = new ArrayList<>();
    for (Sweep.Point p : r.front(cost)) front.add(pt(p, cost, sweptIds.contains(Sweep.idOf(p))));
    String title = "Failures against cost: " + r.policy() + " " + r.param().name() + " on " + r.scenario() + " (simulated)";
    return new TradeOff.Data(title, cost.label() + ", the cost", "failures per unplug", series, front);
  }

  /** The table: the CLI's rows ({@link Sweep.Result#all()}), each marked. */
  public static List<Row> rows(Sweep.Result r, Sweep.Cost cost) {
    Set<Sweep.Point> front = new HashSet<>(r.front(cost));
    Set<String> sweptIds = sweptIds(r);
    List<Row> rows = new ArrayList<>();
    for (Sweep.Point p : r.swept()) rows.add(new Row(p, true, true, front.contains(p)));
    for (Sweep.Point p : r.baselines()) {
      boolean charted = !sweptIds.contains(Sweep.idOf(p));
      rows.add(new Row(p, false, charted, charted && front.contains(p)));
    }
    return rows;
  }

  private static Set<String> sweptIds(Sweep.Result r) {
    Set<String> ids = new HashSet<>();
    for (Sweep.Point p : r.swept()) ids.add(Sweep.idOf(p));
    return ids;
  }

  /** A swept point is labelled with its value, a policy at its defaults with its name. */
  private static TradeOff.Pt pt(Sweep.Point p, Sweep.Cost cost, boolean swept) {
    return new TradeOff.Pt(cost.of(p), p.failuresPerUnplug(), swept ? p.value() : Sweep.idOf(p));
  }
}
