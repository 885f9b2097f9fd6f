package io.blastradius.core.wire;

import io.blastradius.core.event.Event;
import io.blastradius.core.wire.FlowWire.Kind;
import io.blastradius.core.wire.FlowWire.Mark;
import io.netty.util.collection.IntObjectHashMap;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Folds wire events into per-flow state: the streams open on the wire, the server's advertised
 * limit, resets, PINGs and GOAWAYs, and a short timeline of marks. A pure function of the events,
 * so a live run and a replayed recording agree.
 *
 * <p>A stream opens with its first HEADERS and closes when both sides sent END_STREAM, either side
 * reset it, or the server's GOAWAY left it out (its id above the GOAWAY's last stream id). After an
 * h2c Upgrade, stream 1 is the upgraded HTTP/1.1 request: open, the client's side already ended.
 *
 * <p>A flow the proxy reports as outside ({@code FlowOutside}: not the pool's) gets a view even
 * without wire events, flagged {@link FlowWire#outside}: how the window shows it.
 *
 * <p>Memory: open flows, plus the last {@link #KEEP_CLOSED} closed ones; per flow its open streams
 * and at most {@link #MAX_MARKS} marks.
 *
 * <p>Threading: not thread-safe; one owner folds and takes snapshots (LiveModel does so under its lock).
 */
public final class WireFold {
  public static final int MAX_MARKS = 256;
  public static final int KEEP_CLOSED = 256;
  private static final int CLIENT_ENDED = 1;
  private static final int SERVER_ENDED = 2;

  private final Map<Integer, State> flows = new LinkedHashMap<>();
  private int closedKept;

  private static final class State {
    final int flowId;
    String protocol = "";
    String undecoded;
    final IntObjectHashMap<int[]> streams = new IntObjectHashMap<>();
    int h1Outstanding;
    long serverMax = -1;
    long opened;
    long resetsFromClient;
    long resetsFromServer;
    long pings;
    long pingAcks;
    long goAways;
    boolean closed;
    boolean outside;
    final ArrayDeque<Mark> marks = new ArrayDeque<>();

    State(int flowId) {
      this.flowId = flowId;
    }

    void mark(long t, Kind kind, boolean fromClient) {
      if (marks.size() == MAX_MARKS) marks.poll();
      marks.add(new Mark(t, kind, fromClient));
    }

    void end(int streamId, int bit) {
      int[] s = streams.get(streamId);
      if (s == null) return;
      s[0] |= bit;
      if (s[0] == (CLIENT_ENDED | SERVER_ENDED)) streams.remove(streamId);
    }

    FlowWire view() {
      int open = "http/1.1".equals(protocol) ? h1Outstanding : streams.size();
      return new FlowWire(flowId, protocol, undecoded, open, serverMax, opened, resetsFromClient,
          resetsFromServer, pings, pingAcks, goAways, closed, new ArrayList<>(marks), outside);
    }
  }

  /** Folds one event; events that are not about the wire (or flows) are ignored. */
  public void apply(Event e) {
    if (e instanceof Event.WireHeaders h) {
      State s = state(h.flowId());
      int[] st = s.streams.get(h.streamId());
      if (st == null && h.fromClient()) {
        st = new int[1];
        s.streams.put(h.streamId(), st);
        s.opened++;
      }
      s.mark(h.t(), Kind.HEADERS, h.fromClient());
      if (h.endStream()) s.end(h.streamId(), h.fromClient() ? CLIENT_ENDED : SERVER_ENDED);
    } else if (e instanceof Event.WireData d) {
      if (d.endStream()) state(d.flowId()).end(d.streamId(), d.fromClient() ? CLIENT_ENDED : SERVER_ENDED);
    } else if (e instanceof Event.WireReset r) {
      State s = state(r.flowId());
      s.streams.remove(r.streamId());
      if (r.fromClient()) s.resetsFromClient++;
      else s.resetsFromServer++;
      s.mark(r.t(), Kind.RST_STREAM, r.fromClient());
    } else if (e instanceof Event.WirePing p) {
      State s = state(p.flowId());
      if (p.fromClient() && !p.ack()) s.pings++;
      if (!p.fromClient() && p.ack()) s.pingAcks++;
      s.mark(p.t(), p.ack() ? Kind.PING_ACK : Kind.PING, p.fromClient());
    } else if (e instanceof Event.WireSettings st) {
      State s = state(st.flowId());
      if (!st.fromClient() && st.maxConcurrentStreams() >= 0) s.serverMax = st.maxConcurrentStreams();
      s.mark(st.t(), Kind.SETTINGS, st.fromClient());
    } else if (e instanceof Event.WireGoAway g) {
      State s = state(g.flowId());
      if (!g.fromClient()) {
        s.goAways++;
        s.streams.keySet().removeIf(id -> id > g.lastStreamId());
      }
      s.mark(g.t(), Kind.GOAWAY, g.fromClient());
    } else if (e instanceof Event.WireHttp1 h) {
      State s = state(h.flowId());
      if (h.fromClient()) {
        s.opened++;
        s.h1Outstanding++;
      } else if (s.h1Outstanding > 0 && h.status() >= 200) {
        s.h1Outstanding--;
      }
    } else if (e instanceof Event.WireProtocol p) {
      State s = state(p.flowId());
      s.protocol = p.protocol();
      if ("h2c-upgrade".equals(p.protocol())) {
        s.h1Outstanding = 0;
        s.streams.put(1, new int[] {CLIENT_ENDED});
      }
    } else if (e instanceof Event.WireUndecoded u) {
      State s = state(u.flowId());
      s.undecoded = u.why();
      s.streams.clear();
      s.h1Outstanding = 0;
      s.mark(u.t(), Kind.UNDECODED, u.fromClient());
    } else if (e instanceof Event.FlowOutside o) {
      state(o.flowId()).outside = true; // shown as outside; forgotten like any closed flow
    } else if (e instanceof Event.FlowClosed c) {
      State s = flows.get(c.flowId());
      if (s != null && !s.closed) {
        s.closed = true;
        closedKept++;
        pruneClosed();
      }
    }
  }

  private State state(int flowId) {
    return flows.computeIfAbsent(flowId, State::new);
  }

  private void pruneClosed() {
    Iterator<State> it = flows.values().iterator();
    while (closedKept > KEEP_CLOSED && it.hasNext()) {
      if (it.next().closed) {
        it.remove();
        closedKept--;
      }
    }
  }

  public Optional<FlowWire> flow(int flowId) {
    State s = flows.get(flowId);
    return s == null ? Optional.empty() : Optional.of(s.view());
  }

  /** Every flow the wire has seen that is open or among the last closed, in first-seen order. */
  public List<FlowWire> flows() {
    List<FlowWire> out = new ArrayList<>(flows.size());
    for (State s : flows.values()) out.add(s.view());
    return out;
  }
}
