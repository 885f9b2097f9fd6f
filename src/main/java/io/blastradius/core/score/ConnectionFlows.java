package io.blastradius.core.score;

import io.blastradius.core.event.Event;
import java.util.HashMap;
import java.util.Map;

/**
 * Which proxy flow carries which pool connection, learned from events.
 *
 * <p>The pool names connections, the fault proxy names flows; they meet on the client's local
 * port ({@code ConnectionReady.localPort == FlowOpened.clientPort}). The two events come from
 * different threads and either may be logged first (for HTTP/1 the pool's connect completes in
 * the kernel before the proxy's accept runs), and ephemeral ports are reused over a long run, so
 * each side waits in a by-port table for the other and leaves it once joined.
 *
 * <p>Not thread-safe: feed it events from one thread, in log order.
 */
public final class ConnectionFlows {
  private final Map<Integer, Long> readyAwaitingFlow = new HashMap<>(); // port -> connId
  private final Map<Integer, Integer> flowAwaitingReady = new HashMap<>(); // port -> flowId
  private final Map<Long, Integer> flowOfConn = new HashMap<>();
  private final Map<Integer, Long> connOfFlow = new HashMap<>();

  /** Learns from {@code ConnectionReady} and {@code FlowOpened}; ignores other events. */
  public void accept(Event e) {
    if (e instanceof Event.ConnectionReady r) {
      Integer flow = flowAwaitingReady.remove(r.localPort());
      if (flow != null) join(r.connId(), flow);
      else readyAwaitingFlow.put(r.localPort(), r.connId());
    } else if (e instanceof Event.FlowOpened o) {
      Long conn = readyAwaitingFlow.remove(o.clientPort());
      if (conn != null) join(conn, o.flowId());
      else flowAwaitingReady.put(o.clientPort(), o.flowId());
    }
  }

  private void join(long conn, int flow) {
    flowOfConn.put(conn, flow);
    connOfFlow.put(flow, conn);
  }

  /** The flow carrying connection {@code connId}, or {@code null} if not (yet) known. */
  public Integer flowOf(long connId) {
    return flowOfConn.get(connId);
  }

  /** The connection a flow carries, or {@code null} if not (yet) known. */
  public Long connOf(int flowId) {
    return connOfFlow.get(flowId);
  }

  /**
   * Forgets a connection that closed: it no longer waits for a flow (its port may be reused by a
   * later connection), and its join is dropped, so a long run's table does not grow.
   */
  public void forgetConnection(long connId) {
    readyAwaitingFlow.values().remove(connId);
    Integer flow = flowOfConn.remove(connId);
    if (flow != null) connOfFlow.remove(flow, connId);
  }

  /** Forgets a flow that closed: it no longer waits for a connection, and its join is dropped. */
  public void forgetFlow(int flowId) {
    flowAwaitingReady.values().remove(flowId);
    Long conn = connOfFlow.remove(flowId);
    if (conn != null) flowOfConn.remove(conn, flowId);
  }
}
