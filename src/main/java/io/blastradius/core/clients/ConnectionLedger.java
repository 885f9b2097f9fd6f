package io.blastradius.core.clients;

import io.blastradius.core.event.CloseReason;
import io.blastradius.core.event.Event;
import io.blastradius.core.event.EventSink;
import io.blastradius.core.policy.Protocol;
import io.blastradius.core.time.Clock;
import java.util.HashMap;
import java.util.Map;

/**
 * A real client's connections, as the fault proxy sees them: every proxy flow is one connection.
 *
 * <p>A client library does not report its connections in our terms, so this sink sits between the
 * run and its downstream sink: it passes every event on and, when the proxy opens a flow, emits
 * the {@code ConnectionDialed} and {@code ConnectionReady} a pool would have (joined to the flow
 * by the client's local port, as {@link io.blastradius.core.score.ConnectionFlows} expects); when
 * the flow closes, {@code ConnectionClosed}. A client whose API names the local port of the
 * connection a request went out on ({@link #connectionFor}) also gets {@code RequestAssigned}, so
 * the scorecard counts requests in flight on an unplugged connection exactly as for a model.
 *
 * <p>With the proxy's wire decoder on (a real client's run always has it), the frames a client
 * sends and receives become the events a pool emits for the same thing, on the same connection:
 * a PING the client sends (not an ACK) is {@code PingSent}, a GOAWAY the server sends is {@code
 * GoAwayReceived}, an RST_STREAM the client sends is {@code StreamReset(sent)}; so a real client's
 * scorecard counts its PINGs and GOAWAYs as a model's does, read from the bytes rather than from
 * the library's word.
 *
 * <p>Threading: called from the proxy's I/O threads and the client's own threads; one lock keeps
 * the two views consistent and the emitted events in a sensible order.
 */
public final class ConnectionLedger implements EventSink {
  private final EventSink downstream;
  private volatile Clock clock = () -> 0;
  private final Protocol protocol;
  private final int maxConcurrentStreams;
  // Guarded by this. Entries leave when their flow closes: memory follows open connections.
  private final Map<Integer, Long> connOfPort = new HashMap<>();
  private final Map<Integer, Integer> portOfFlow = new HashMap<>();
  /** Protocol from the wire: connections whose {@code ConnectionDialed} is out (entries leave on close). */
  private final java.util.Set<Long> dialed = new java.util.HashSet<>();
  private final boolean fromWire;
  private long nextConnId = 1;
  private volatile Protocol observed;

  /**
   * @param protocol what the client speaks on its connections
   * @param maxConcurrentStreams the server's advertised limit (1 for HTTP/1), for the cards
   */
  public ConnectionLedger(EventSink downstream, Protocol protocol, int maxConcurrentStreams) {
    this(downstream, protocol, maxConcurrentStreams, false);
  }

  private ConnectionLedger(EventSink downstream, Protocol protocol, int maxConcurrentStreams, boolean fromWire) {
    this.downstream = downstream;
    this.protocol = protocol;
    this.maxConcurrentStreams = protocol == Protocol.H1 ? 1 : maxConcurrentStreams;
    this.fromWire = fromWire;
  }

  /**
   * A ledger for a client whose protocol nobody told us (an external program): each connection's
   * protocol is the one its flow's bytes speak ({@code WireProtocol}). Its {@code ConnectionDialed}
   * and {@code ConnectionReady} wait for the decoder's verdict: {@code http/1.1} is H1 with one
   * stream at a time; {@code h2} (prior knowledge) is H2 with the server's {@code
   * maxConcurrentStreams}; an {@code h2c-upgrade} after HTTP/1.1 is the same connection ready again
   * with the server's limit (RFC 7540 §3.2: the 101 switches it to HTTP/2). A flow that closes or
   * turns out unreadable before speaking is dialed with no protocol (null) and never ready.
   */
  public static ConnectionLedger fromWire(EventSink downstream, int maxConcurrentStreams) {
    return new ConnectionLedger(downstream, Protocol.H2, maxConcurrentStreams, true);
  }

  /** Reads event times from the run's clock; set before the client's first connection. */
  public void useClock(Clock runClock) {
    this.clock = runClock;
  }

  @Override
  public void accept(Event e) {
    downstream.accept(e);
    if (e instanceof Event.FlowOpened o) {
      synchronized (this) {
        portOfFlow.put(o.flowId(), o.clientPort());
        connectionFor(o.clientPort());
      }
    } else if (e instanceof Event.WirePing p) {
      if (p.fromClient() && !p.ack()) {
        Long conn = connectionOfFlow(p.flowId());
        if (conn != null) downstream.accept(new Event.PingSent(p.t(), conn, p.payload()));
      }
    } else if (e instanceof Event.WireGoAway g) {
      if (!g.fromClient()) {
        Long conn = connectionOfFlow(g.flowId());
        if (conn != null) downstream.accept(new Event.GoAwayReceived(g.t(), conn, g.errorCode(), g.lastStreamId()));
      }
    } else if (e instanceof Event.WireReset r) {
      if (r.fromClient()) {
        Long conn = connectionOfFlow(r.flowId());
        if (conn != null) downstream.accept(new Event.StreamReset(r.t(), conn, r.streamId(), r.errorCode(), true));
      }
    } else if (fromWire && e instanceof Event.WireProtocol p) {
      spoke(p);
    } else if (fromWire && e instanceof Event.WireUndecoded u) {
      synchronized (this) {
        Long conn = connectionOfFlow(u.flowId());
        if (conn != null && dialed.add(conn)) downstream.accept(new Event.ConnectionDialed(u.t(), conn, null));
      }
    } else if (e instanceof Event.FlowClosed c) {
      synchronized (this) {
        Integer port = portOfFlow.remove(c.flowId());
        Long conn = port == null ? null : connOfPort.remove(port);
        if (conn != null && fromWire && !dialed.remove(conn)) {
          downstream.accept(new Event.ConnectionDialed(c.t(), conn, null)); // it closed before speaking
        }
        if (conn != null) {
          downstream.accept(new Event.ConnectionClosed(clock.nanoTime(), conn, CloseReason.PEER_CLOSED,
              "flow " + c.flowId() + " closed (" + c.why() + "), seen at the proxy"));
        }
      }
    }
  }

  /** The decoder's verdict on a flow's protocol makes its connection dialed and ready (see {@link #fromWire}). */
  private synchronized void spoke(Event.WireProtocol p) {
    Integer port = portOfFlow.get(p.flowId());
    Long conn = port == null ? null : connOfPort.get(port);
    if (conn == null) return;
    Protocol spoken = "http/1.1".equals(p.protocol()) ? Protocol.H1 : Protocol.H2;
    if (observed == null || spoken == Protocol.H2) observed = spoken; // an h2c Upgrade wins over its HTTP/1.1 start
    if (dialed.add(conn)) downstream.accept(new Event.ConnectionDialed(p.t(), conn, spoken));
    downstream.accept(new Event.ConnectionReady(p.t(), conn, port, spoken == Protocol.H1 ? 1 : maxConcurrentStreams));
  }

  /** The connection on proxy flow {@code flowId}, or null when the flow is unknown or closed. */
  private synchronized Long connectionOfFlow(int flowId) {
    Integer port = portOfFlow.get(flowId);
    return port == null ? null : connOfPort.get(port);
  }

  /** The connection id of the client connection on local port {@code port}, created on first sight. */
  public synchronized long connectionFor(int port) {
    Long conn = connOfPort.get(port);
    if (conn != null) return conn;
    long id = nextConnId++;
    connOfPort.put(port, id);
    if (fromWire) return id; // dialed when its flow's protocol is known
    long now = clock.nanoTime();
    downstream.accept(new Event.ConnectionDialed(now, id, protocol));
    downstream.accept(new Event.ConnectionReady(now, id, port, maxConcurrentStreams));
    return id;
  }

  /**
   * The protocol the client's responses actually came back on, when the client says (the JDK
   * client may stay on HTTP/1.1 when the server does not take its h2c Upgrade). The first report wins.
   */
  public void observed(Protocol p) {
    if (observed == null) observed = p;
  }

  /** What {@link #observed} reported, or the protocol the client was asked to speak. */
  public Protocol protocol() {
    Protocol p = observed;
    return p != null ? p : protocol;
  }

  /** Connections seen so far. */
  public synchronized long connectionsSeen() {
    return nextConnId - 1;
  }
}
