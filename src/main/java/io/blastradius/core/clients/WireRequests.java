package io.blastradius.core.clients;

import io.blastradius.core.event.Event;
import io.blastradius.core.event.EventSink;
import io.blastradius.core.event.Outcome;
import io.netty.util.collection.IntObjectHashMap;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Requests and their outcomes read off the wire, for a client that reports nothing itself (an
 * external program). Folds a run's flow and wire events and emits the {@code RequestStarted},
 * {@code RequestAssigned} and {@code RequestFinished} a pool would have, so such a client gets the
 * same scorecard as any other.
 *
 * <p>HTTP/2 (prior knowledge or after an h2c Upgrade): a request is a stream the client opens (its
 * first HEADERS on a stream id above every earlier one, RFC 9113 §5.1.1). It is
 * <ul>
 *   <li>OK when the server ends the stream (END_STREAM on HEADERS or DATA). The HTTP/2 wire events
 *       do not carry {@code :status}; the embedded server answers 200 to everything;</li>
 *   <li>TIMEOUT when the client resets it (RST_STREAM from the client: its timeout or a cancel, the
 *       wire cannot tell them apart);</li>
 *   <li>ERROR when the server resets it, when a server GOAWAY's last-stream-id leaves it out
 *       (RFC 9113 §6.8: not processed), and when its connection closes with it still open
 *       (TIMEOUT if the client closed it: giving up on a request by closing is a client timeout).</li>
 * </ul>
 * HTTP/1.1: a request is a request message; the response message that answers it (in order, the
 * final one, status 200 or above) ends it, OK for a 2xx status and ERROR otherwise; a connection
 * closing with requests outstanding ends them as above.
 *
 * <p>Only the first {@code limit} requests are counted; later ones are ignored. {@link Seen} hears
 * of each counted request before its {@code RequestStarted}: the fault schedule, counted in
 * requests seen on the wire. A flow the wire cannot read ends the requests on it as ERROR and is
 * reported ({@link #undecoded}).
 *
 * <p>Memory: open flows and their open requests only. Threading: wire events come from every
 * flow's event loop; {@link #accept} is synchronized (a fault applied from {@link Seen} may emit
 * events on the same thread, which re-enter harmlessly).
 */
final class WireRequests implements EventSink {
  /** Hears of request {@code index} (0-based) seen on flow {@code flowId}, before it starts. */
  @FunctionalInterface
  interface Seen {
    void request(long index, int flowId);
  }

  /** The connection id a flow's client port maps to (the ledger's). */
  @FunctionalInterface
  interface Connections {
    long of(int clientPort);
  }

  private final EventSink out;
  private final long limit;
  private final Seen seen;
  private final Connections connections;
  private final Map<Integer, FlowRequests> flows = new HashMap<>();
  private long counted;
  private long ended;
  private long flowsOpened;
  private long flowsClosed;
  private String undecoded;
  private boolean stopped;
  /** The time of the event being folded: what it causes happens at its time. */
  private long now;

  /** One flow's requests still waiting for their outcome. */
  private static final class FlowRequests {
    final long conn;
    /** HTTP/2: stream id -> {request id, started at}. */
    final IntObjectHashMap<long[]> streams = new IntObjectHashMap<>();
    /** HTTP/1.1: outstanding requests, oldest first. */
    final ArrayDeque<long[]> h1 = new ArrayDeque<>();
    int lastClientStream;

    FlowRequests(long conn) {
      this.conn = conn;
    }
  }

  WireRequests(EventSink out, long limit, Seen seen, Connections connections) {
    this.out = out;
    this.limit = limit;
    this.seen = seen;
    this.connections = connections;
  }

  /** Requests counted so far (at most the limit). */
  synchronized long counted() {
    return counted;
  }

  /** Counted requests that have an outcome. */
  synchronized long ended() {
    return ended;
  }

  synchronized long flowsOpened() {
    return flowsOpened;
  }

  /** Whether every flow opened so far has closed. */
  synchronized boolean allFlowsClosed() {
    return flowsClosed == flowsOpened;
  }

  /** Why the first flow the wire could not read was not read, or null. */
  synchronized String undecoded() {
    return undecoded;
  }

  /** From now on nothing more is emitted (the run is over; its program is being stopped). */
  synchronized void stop() {
    stopped = true;
  }

  @Override
  public synchronized void accept(Event e) {
    if (stopped) return;
    now = e.t();
    if (e instanceof Event.FlowOpened o) {
      flowsOpened++;
      flows.put(o.flowId(), new FlowRequests(connections.of(o.clientPort())));
      return;
    }
    if (e instanceof Event.FlowClosed c) {
      flowsClosed++;
      FlowRequests f = flows.remove(c.flowId());
      if (f == null) return;
      boolean byClient = c.why() != null && c.why().startsWith("client");
      Outcome o = byClient ? Outcome.TIMEOUT : Outcome.ERROR;
      String why = (byClient ? "the client closed its connection with the request open (" : "the connection closed with the request open (")
          + c.why() + ")";
      for (long[] r : f.streams.values()) finish(f, r, o, why);
      f.streams.clear();
      for (long[] r : f.h1) finish(f, r, o, why);
      f.h1.clear();
      return;
    }
    FlowRequests f = null;
    if (e instanceof Event.WireHeaders h) {
      if ((f = flows.get(h.flowId())) == null) return;
      if (h.fromClient()) {
        if (h.streamId() > f.lastClientStream) {
          f.lastClientStream = h.streamId();
          long[] r = start(f, h.flowId());
          if (r != null) f.streams.put(h.streamId(), r);
        }
      } else if (h.endStream()) {
        ok(f, f.streams.remove(h.streamId()));
      }
    } else if (e instanceof Event.WireData d) {
      if ((f = flows.get(d.flowId())) == null) return;
      if (!d.fromClient() && d.endStream()) ok(f, f.streams.remove(d.streamId()));
    } else if (e instanceof Event.WireReset r) {
      if ((f = flows.get(r.flowId())) == null) return;
      long[] req = f.streams.remove(r.streamId());
      if (req == null) return;
      if (r.fromClient()) {
        finish(f, req, Outcome.TIMEOUT, "the client reset the stream (RST_STREAM " + r.errorCode() + "): its timeout or a cancel");
      } else {
        finish(f, req, Outcome.ERROR, "the server reset the stream (RST_STREAM " + r.errorCode() + ")");
      }
    } else if (e instanceof Event.WireGoAway g) {
      if (g.fromClient() || (f = flows.get(g.flowId())) == null) return;
      java.util.List<Integer> refused = new java.util.ArrayList<>();
      for (int id : f.streams.keySet()) {
        if (id > g.lastStreamId()) refused.add(id);
      }
      for (int id : refused) {
        finish(f, f.streams.remove(id), Outcome.ERROR, "left out by the server's GOAWAY (last stream " + g.lastStreamId()
            + ", code " + g.errorCode() + ")");
      }
    } else if (e instanceof Event.WireHttp1 m) {
      if ((f = flows.get(m.flowId())) == null) return;
      if (m.fromClient()) {
        long[] r = start(f, m.flowId());
        f.h1.add(r == null ? IGNORED : r);
      } else if (m.status() >= 200) {
        long[] r = f.h1.poll();
        if (r == null || r == IGNORED) return;
        if (m.status() < 300) ok(f, r);
        else finish(f, r, Outcome.ERROR, "HTTP " + m.status());
      }
    } else if (e instanceof Event.WireProtocol p) {
      if ((f = flows.get(p.flowId())) == null) return;
      if ("h2c-upgrade".equals(p.protocol())) { // the Upgrade request goes on as stream 1 (RFC 7540 §3.2)
        long[] r = f.h1.poll();
        f.lastClientStream = 1;
        if (r != null && r != IGNORED) f.streams.put(1, r);
      }
    } else if (e instanceof Event.WireUndecoded u) {
      if ((f = flows.get(u.flowId())) == null) return;
      if (undecoded == null) undecoded = "proxy flow " + u.flowId() + ": " + u.why();
      String why = "the wire could not be read: " + u.why();
      for (long[] r : f.streams.values()) finish(f, r, Outcome.ERROR, why);
      f.streams.clear();
      for (long[] r : f.h1) {
        if (r != IGNORED) finish(f, r, Outcome.ERROR, why);
      }
      f.h1.clear();
    }
  }

  /** An HTTP/1.1 request past the limit: keeps the order of responses, counts nothing. */
  private static final long[] IGNORED = new long[0];

  /** A new request on {@code f}, or null past the limit. */
  private long[] start(FlowRequests f, int flowId) {
    if (counted >= limit) return null;
    long id = counted++;
    seen.request(id, flowId);
    out.accept(new Event.RequestStarted(now, id, 0));
    out.accept(new Event.RequestAssigned(now, id, f.conn, 0));
    return new long[] {id, now};
  }

  private void ok(FlowRequests f, long[] r) {
    if (r != null && r != IGNORED) finish(f, r, Outcome.OK, null);
  }

  private void finish(FlowRequests f, long[] r, Outcome o, String why) {
    if (r == IGNORED) return;
    out.accept(new Event.RequestFinished(now, r[0], f.conn, 0, o, why, now - r[1]));
    ended++;
  }
}
