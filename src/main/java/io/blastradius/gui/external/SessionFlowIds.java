package io.blastradius.gui.external;

import io.blastradius.core.event.Event;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Flow ids unique across a session's proxies, for a recording that holds every proxy: each proxy
 * numbers its flows from 1, so two proxies' flow 1 would be one flow on replay. The first event
 * of a (proxy, flow) gives it the next session id (1, 2, ...), and every event of that flow is
 * rewritten with it ({@link #rewrite}). A flow that opened before the recording started gets its
 * id at its first recorded event, as {@link io.blastradius.core.external.ExternalFold} shows it.
 *
 * <p>Memory: the open flows, and the last {@link #KEEP_CLOSED} closed ones (events the decoder
 * reports as a flow ends, such as its summary, can follow its close): bounded by the open flows,
 * not by the length of the recording.
 *
 * <p>Not thread-safe: its owner serialises calls (the recorder, under its lock).
 */
final class SessionFlowIds {
  static final int KEEP_CLOSED = 256;

  private record Key(String proxy, int flowId) {}

  private final Map<Key, Integer> ids = new HashMap<>();
  private final ArrayDeque<Key> closed = new ArrayDeque<>();
  private int next;

  /** {@code e} of {@code proxy} with its session flow id; an event of no flow as it is. */
  Event rewrite(String proxy, Event e) {
    int flow = flowId(e);
    if (flow < 0) return e;
    Key k = new Key(proxy, flow);
    Integer id = ids.get(k);
    if (id == null) {
      id = ++next;
      ids.put(k, id);
    }
    if (e instanceof Event.FlowClosed) {
      closed.add(k);
      if (closed.size() > KEEP_CLOSED) ids.remove(closed.poll());
    }
    return id == flow ? e : withFlowId(e, id);
  }

  /** Session flow ids handed out so far. */
  int assigned() {
    return next;
  }

  /** Session ids currently remembered (open flows and the last closed ones). */
  int remembered() {
    return ids.size();
  }

  /** The flow {@code e} is about, or -1 for an event of no flow. */
  static int flowId(Event e) {
    if (e instanceof Event.FlowOpened x) return x.flowId();
    if (e instanceof Event.FlowFaulted x) return x.flowId();
    if (e instanceof Event.FlowClosed x) return x.flowId();
    if (e instanceof Event.FlowOutside x) return x.flowId();
    if (e instanceof Event.WireProtocol x) return x.flowId();
    if (e instanceof Event.WireHeaders x) return x.flowId();
    if (e instanceof Event.WireData x) return x.flowId();
    if (e instanceof Event.WireReset x) return x.flowId();
    if (e instanceof Event.WirePing x) return x.flowId();
    if (e instanceof Event.WireSettings x) return x.flowId();
    if (e instanceof Event.WireGoAway x) return x.flowId();
    if (e instanceof Event.WireWindowUpdate x) return x.flowId();
    if (e instanceof Event.WireHttp1 x) return x.flowId();
    if (e instanceof Event.WireUndecoded x) return x.flowId();
    if (e instanceof Event.WireSummary x) return x.flowId();
    return -1;
  }

  /** {@code e} about flow {@code id} instead, every other field as it is. */
  static Event withFlowId(Event e, int id) {
    if (e instanceof Event.FlowOpened x) return new Event.FlowOpened(x.t(), id, x.clientPort());
    if (e instanceof Event.FlowFaulted x) return new Event.FlowFaulted(x.t(), id, x.fault(), x.detail());
    if (e instanceof Event.FlowClosed x) return new Event.FlowClosed(x.t(), id, x.why());
    if (e instanceof Event.FlowOutside x) return new Event.FlowOutside(x.t(), id, x.clientPort());
    if (e instanceof Event.WireProtocol x) return new Event.WireProtocol(x.t(), id, x.protocol());
    if (e instanceof Event.WireHeaders x) return new Event.WireHeaders(x.t(), id, x.streamId(), x.fromClient(), x.endStream());
    if (e instanceof Event.WireData x) return new Event.WireData(x.t(), id, x.streamId(), x.fromClient(), x.bytes(), x.endStream());
    if (e instanceof Event.WireReset x) return new Event.WireReset(x.t(), id, x.streamId(), x.fromClient(), x.errorCode());
    if (e instanceof Event.WirePing x) return new Event.WirePing(x.t(), id, x.fromClient(), x.ack(), x.payload());
    if (e instanceof Event.WireSettings x) return new Event.WireSettings(x.t(), id, x.fromClient(), x.maxConcurrentStreams());
    if (e instanceof Event.WireGoAway x) return new Event.WireGoAway(x.t(), id, x.fromClient(), x.lastStreamId(), x.errorCode());
    if (e instanceof Event.WireWindowUpdate x) return new Event.WireWindowUpdate(x.t(), id, x.fromClient(), x.streamId(), x.increment());
    if (e instanceof Event.WireHttp1 x) return new Event.WireHttp1(x.t(), id, x.fromClient(), x.status());
    if (e instanceof Event.WireUndecoded x) return new Event.WireUndecoded(x.t(), id, x.fromClient(), x.offset(), x.why());
    if (e instanceof Event.WireSummary x) return new Event.WireSummary(x.t(), id, x.frames(), x.dataFrames(), x.dataBytes(), x.windowUpdates());
    throw new IllegalArgumentException("not a flow's event: " + e);
  }
}
