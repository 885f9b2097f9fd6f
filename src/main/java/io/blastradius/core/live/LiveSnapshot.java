package io.blastradius.core.live;

import io.blastradius.core.wire.FlowWire;
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
 * @param wire per flow, what the proxy's wire decoder saw (streams open on the wire, the server's
 *     limit, a timeline of marks), in flow order; empty when the decoder is off. A card compares
 *     {@code wire(flowId).openStreams()} with its {@code active + held}: they differ only when the
 *     pool's account or the wire's is wrong (or the flow is unplugged: the wire then stops seeing
 *     the client's new streams)
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
    SeriesView series,
    List<FlowWire> wire) {

  public static final LiveSnapshot EMPTY =
      new LiveSnapshot(0, 0, -1, "", "", false, Totals.ZERO, List.of(), SeriesView.EMPTY, List.of());

  public LiveSnapshot {
    wire = wire == null ? List.of() : List.copyOf(wire);
  }

  /** Without wire state (the decoder off). */
  public LiveSnapshot(long now, long folded, long lastEventT, String policy, String scenario, boolean finished,
      Totals totals, List<ConnView> connections, SeriesView series) {
    this(now, folded, lastEventT, policy, scenario, finished, totals, connections, series, List.of());
  }

  /** What the wire decoder saw of flow {@code flowId}, or null (decoder off, flow unknown or forgotten). */
  public FlowWire wire(int flowId) {
    for (FlowWire w : wire) if (w.flowId() == flowId) return w;
    return null;
  }

  public ConnView connection(long connId) {
    for (ConnView c : connections) if (c.connId() == connId) return c;
    return null;
  }
}
