package io.blastradius.core.external;

import io.blastradius.core.event.Event;
import io.blastradius.core.proxy.FlowInfo;
import io.blastradius.core.proxy.FlowInfo.FlowState;
import io.blastradius.core.util.Durations;
import io.blastradius.core.wire.FlowWire;
import io.blastradius.core.wire.WireFold;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A proxy's recorded events folded back into what the External workspace shows of it: each flow
 * (its client port, plugged, unplugged or closed, its latency), what the wire decoder saw of it
 * ({@link WireFold}) and the wire chart ({@link WireRates}). A replayed recording is this fold of
 * its events up to the scrubber's time. The bytes relayed are not events, so a replayed flow has
 * none ({@code upBytes} and {@code downBytes} 0). A flow that opened before the recording started
 * appears at its first HEADERS, HTTP/1.1 message or fault, with client port 0.
 *
 * <p>Memory: open flows and the last {@link #KEEP_CLOSED} closed ones, and what the wire fold and
 * the rates keep (both bounded).
 *
 * <p>Not thread-safe: one owner folds and reads.
 */
public final class ExternalFold {
  public static final int KEEP_CLOSED = 8;

  private final Map<Integer, FlowInfo> flows = new LinkedHashMap<>();
  private final WireFold wire = new WireFold();
  private final WireRates rates = new WireRates();
  private long folded;

  /** Folds one event. */
  public void accept(Event e) {
    folded++;
    wire.apply(e);
    rates.accept(e);
    // A flow already open when the recording started has no FlowOpened: its first frame or fault
    // shows it (its client port unknown, 0).
    int seen = e instanceof Event.WireHeaders h ? h.flowId() : e instanceof Event.WireHttp1 h1 ? h1.flowId()
        : e instanceof Event.FlowFaulted ff ? ff.flowId() : -1;
    if (seen > 0 && !flows.containsKey(seen)) {
      flows.put(seen, new FlowInfo(seen, 0, FlowState.PLUGGED, 0, 0, 0, -1, -1, 0));
    }
    if (e instanceof Event.FlowOpened o) {
      flows.remove(o.flowId());
      flows.put(o.flowId(), new FlowInfo(o.flowId(), o.clientPort(), FlowState.PLUGGED, 0, 0, 0, -1, -1, 0));
    } else if (e instanceof Event.FlowFaulted f) {
      FlowInfo i = flows.get(f.flowId());
      if (i == null || i.state() == FlowState.CLOSED) return;
      FlowState s = switch (f.fault()) {
        case UNPLUG -> FlowState.UNPLUGGED;
        case UNPLUG_UPSTREAM -> FlowState.UNPLUGGED_UPSTREAM;
        case UNPLUG_DOWNSTREAM -> FlowState.UNPLUGGED_DOWNSTREAM;
        case REPLUG -> FlowState.PLUGGED;
        case LATENCY, RESET, CLOSE -> i.state();
      };
      long latency = i.latencyNanos();
      if (f.fault() == io.blastradius.core.event.Fault.LATENCY) {
        try {
          latency = Durations.parse(f.detail()).toNanos();
        } catch (RuntimeException unreadable) {
          // A detail this build cannot read: the card just shows no latency.
        }
      }
      flows.put(f.flowId(), new FlowInfo(i.id(), i.clientPort(), s, latency, 0, 0, -1, -1, 0));
    } else if (e instanceof Event.FlowClosed c) {
      FlowInfo i = flows.remove(c.flowId());
      if (i == null) return;
      flows.put(c.flowId(), new FlowInfo(i.id(), i.clientPort(), FlowState.CLOSED, i.latencyNanos(), 0, 0, -1, -1, 0));
      int closed = 0;
      for (FlowInfo f : flows.values()) if (f.state() == FlowState.CLOSED) closed++;
      var it = flows.values().iterator();
      while (closed > KEEP_CLOSED && it.hasNext()) {
        if (it.next().state() == FlowState.CLOSED) {
          it.remove();
          closed--;
        }
      }
    }
  }

  /** Events folded so far. */
  public long folded() {
    return folded;
  }

  /** The flows, open ones first, then the closed ones kept, each in the order it opened. */
  public List<FlowInfo> flows() {
    List<FlowInfo> out = new ArrayList<>(flows.size());
    for (FlowInfo f : flows.values()) if (f.state() != FlowState.CLOSED) out.add(f);
    for (FlowInfo f : flows.values()) if (f.state() == FlowState.CLOSED) out.add(f);
    return out;
  }

  /** What the wire decoder saw of flow {@code id}, or null. */
  public FlowWire wire(int id) {
    return wire.flow(id).orElse(null);
  }

  public WireRates.View rates() {
    return rates.view();
  }
}
