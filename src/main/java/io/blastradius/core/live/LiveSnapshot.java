package io.blastradius.core.live;

import java.util.List;

/**
 * What the model knew at run time {@code now}: immutable, safe to hand to any thread.
 *
 * @param folded events folded so far: equal numbers mean nothing changed but the time
 * @param lastEventT the largest event time seen, or -1
 * @param connections open connections, then recently closed ones (closed less than the model's
 *     retention before {@code now}, or closed by the run's shutdown), in connection-id order
 * @param policy the policy named by RunStarted, or {@code ""}
 * @param finished RunFinished was seen
 */
public record LiveSnapshot(
    long now,
    long folded,
    long lastEventT,
    String policy,
    String scenario,
    boolean finished,
    Totals totals,
    List<ConnView> connections,
    SeriesView series) {

  public static final LiveSnapshot EMPTY =
      new LiveSnapshot(0, 0, -1, "", "", false, Totals.ZERO, List.of(), SeriesView.EMPTY);

  public ConnView connection(long connId) {
    for (ConnView c : connections) if (c.connId() == connId) return c;
    return null;
  }
}
