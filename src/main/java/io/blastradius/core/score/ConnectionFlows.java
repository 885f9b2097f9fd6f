package io.blastradius.core.score;

import io.blastradius.core.event.Event;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Which proxy flow carries which pool connection, learned from events.
 *
 * <p>The pool names connections, the fault proxy names flows; they meet on the client's local
 * port ({@code ConnectionReady.localPort == FlowOpened.clientPort}). The two events come from
 * different threads and either may be logged first (for HTTP/1 the pool's connect completes in
 * the kernel before the proxy's accept runs), and ephemeral ports are reused over a long run, so
 * each side waits in a by-port table for the other and leaves it once joined.
 *
 * <p>Memory: a joined pair is forgotten once both its connection ({@code ConnectionClosed}) and
 * its flow ({@code FlowClosed}) have closed, and a side still waiting for its partner is dropped
 * when it closes; so what is held is the open connections and flows, not every one the run ever
 * had (an HTTP/1 pool that churns connections opens millions in an hour). {@link #accept} says
 * which flow it forgot, for folds that keep state per flow.
 *
 * <p>Not thread-safe: feed it events from one thread, in log order.
 */
public final class ConnectionFlows {
  /** What {@link #accept} returns when the event made it forget no flow. */
  public static final int NONE = -1;

  private final Map<Integer, Long> readyAwaitingFlow = new HashMap<>(); // port -> connId
  private final Map<Long, Integer> portOfAwaitingConn = new HashMap<>(); // connId -> port
  private final Map<Integer, Integer> flowAwaitingReady = new HashMap<>(); // port -> flowId
  private final Map<Integer, Integer> portOfAwaitingFlow = new HashMap<>(); // flowId -> port
  private final Map<Long, Integer> flowOfConn = new HashMap<>();
  private final Map<Integer, Long> connOfFlow = new HashMap<>();
  /** Joined pairs one side of which has closed: the connection, or the flow. */
  private final Set<Long> closedConns = new HashSet<>();
  private final Set<Integer> closedFlows = new HashSet<>();

  /**
   * Learns from {@code ConnectionReady} and {@code FlowOpened}, forgets on {@code
   * ConnectionClosed} and {@code FlowClosed}; ignores other events.
   *
   * @return the flow id of a joined pair this event made it forget (both sides are now closed),
   *     else {@link #NONE}
   */
  public int accept(Event e) {
    if (e instanceof Event.ConnectionReady r) {
      Integer flow = flowAwaitingReady.remove(r.localPort());
      if (flow != null) {
        portOfAwaitingFlow.remove(flow);
        join(r.connId(), flow);
      } else {
        Long before = readyAwaitingFlow.put(r.localPort(), r.connId());
        if (before != null) portOfAwaitingConn.remove(before);
        portOfAwaitingConn.put(r.connId(), r.localPort());
      }
    } else if (e instanceof Event.FlowOpened o) {
      Long conn = readyAwaitingFlow.remove(o.clientPort());
      if (conn != null) {
        portOfAwaitingConn.remove(conn);
        join(conn, o.flowId());
      } else {
        Integer before = flowAwaitingReady.put(o.clientPort(), o.flowId());
        if (before != null) portOfAwaitingFlow.remove(before);
        portOfAwaitingFlow.put(o.flowId(), o.clientPort());
      }
    } else if (e instanceof Event.ConnectionClosed c) {
      Integer port = portOfAwaitingConn.remove(c.connId());
      if (port != null) readyAwaitingFlow.remove(port);
      Integer flow = flowOfConn.get(c.connId());
      if (flow != null) {
        if (closedFlows.remove(flow)) return forget(c.connId(), flow);
        closedConns.add(c.connId());
      }
    } else if (e instanceof Event.FlowClosed c) {
      Integer port = portOfAwaitingFlow.remove(c.flowId());
      if (port != null) flowAwaitingReady.remove(port);
      Long conn = connOfFlow.get(c.flowId());
      if (conn != null) {
        if (closedConns.remove(conn)) return forget(conn, c.flowId());
        closedFlows.add(c.flowId());
      }
    }
    return NONE;
  }

  private void join(long conn, int flow) {
    flowOfConn.put(conn, flow);
    connOfFlow.put(flow, conn);
  }

  private int forget(long conn, int flow) {
    flowOfConn.remove(conn);
    connOfFlow.remove(flow);
    return flow;
  }

  /** The flow carrying connection {@code connId}, or {@code null} if not (yet, or any more) known. */
  public Integer flowOf(long connId) {
    return flowOfConn.get(connId);
  }

  /** The connection a flow carries, or {@code null} if not (yet, or any more) known. */
  public Long connOf(int flowId) {
    return connOfFlow.get(flowId);
  }

  /** Connections and flows it holds something about: bounded by those open, not by the run. */
  public int size() {
    return readyAwaitingFlow.size() + flowAwaitingReady.size() + flowOfConn.size() + closedConns.size()
        + closedFlows.size();
  }

  /**
   * Forgets a connection that closed: it no longer waits for a flow (its port may be reused by a
   * later connection), and its join is dropped, so a long run's table does not grow.
   */
  public void forgetConnection(long connId) {
    Integer port = portOfAwaitingConn.remove(connId);
    if (port != null) readyAwaitingFlow.remove(port, connId);
    closedConns.remove(connId);
    Integer flow = flowOfConn.remove(connId);
    if (flow != null) connOfFlow.remove(flow, connId);
  }

  /** Forgets a flow that closed: it no longer waits for a connection, and its join is dropped. */
  public void forgetFlow(int flowId) {
    Integer port = portOfAwaitingFlow.remove(flowId);
    if (port != null) flowAwaitingReady.remove(port, flowId);
    closedFlows.remove(flowId);
    Long conn = connOfFlow.remove(flowId);
    if (conn != null) flowOfConn.remove(conn, flowId);
  }
}
