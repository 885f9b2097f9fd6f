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
}
