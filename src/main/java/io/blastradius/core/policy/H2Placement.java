package io.blastradius.core.policy;

import io.blastradius.core.event.Event.ConnStatus;
import java.util.List;

/** The placement every HTTP/2 client shares: the first connection, in dial order, with room. */
public final class H2Placement {
  private H2Placement() {}

  /**
   * First ready ACTIVE connection with {@link Conn#hasRoom}; else wait for one being dialed; else
   * dial. Concurrent callers share a dial (Go's singleflight dial, OkHttp's connection
   * coalescing), so a burst does not open one connection per request.
   */
  public static Placement firstWithRoom(List<Conn> conns, int dialing, int clientCap, long now) {
    for (Conn c : conns) {
      if (c.isReady() && c.status() == ConnStatus.ACTIVE && c.hasRoom(clientCap)) return Placement.use(c);
    }
    if (dialing > 0) return new Placement.Wait(Long.MAX_VALUE);
    return Placement.DIAL;
  }

  /**
   * Placement without a shared dial (Jetty 12's multiplexed pool, reactor-netty's Http2Pool): the
   * first ready ACTIVE connection with room, in dial order; else every request that finds none
   * dials its own connection, up to {@code maxConns} open or dialing; then it waits. A burst of N
   * requests on a cold pool opens N connections, which then all stay in the pool.
   */
  public static Placement firstWithRoomDialEach(List<Conn> conns, int clientCap, int maxConns) {
    for (Conn c : conns) {
      if (c.isReady() && c.status() == ConnStatus.ACTIVE && c.hasRoom(clientCap)) return Placement.use(c);
    }
    return conns.size() < maxConns ? Placement.DIAL : new Placement.Wait(Long.MAX_VALUE);
  }

  /**
   * As {@link #firstWithRoomDialEach}, but connections take turns: the first eligible one after
   * the connection with id {@code lastConnId} in dial order, wrapping around (reactor-netty's
   * Http2Pool polls a slot from the head of its queue and offers it back at the tail).
   */
  public static Placement roundRobinDialEach(List<Conn> conns, int clientCap, int maxConns, long lastConnId) {
    Conn first = null;
    for (Conn c : conns) {
      if (!(c.isReady() && c.status() == ConnStatus.ACTIVE && c.hasRoom(clientCap))) continue;
      if (c.id > lastConnId) return Placement.use(c);
      if (first == null) first = c;
    }
    if (first != null) return Placement.use(first);
    return conns.size() < maxConns ? Placement.DIAL : new Placement.Wait(Long.MAX_VALUE);
  }
}
