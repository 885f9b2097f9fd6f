package io.blastradius.core.score;

import io.blastradius.core.event.CloseReason;
import io.blastradius.core.event.Event;
import io.blastradius.core.event.Fault;
import io.blastradius.core.event.Outcome;
import io.blastradius.core.policy.Protocol;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A realistic event stream without a network: golang/go#63422's seed shape under h2-naive. One
 * sequential worker, 10 ms timeouts, loopback latencies of 60-400 us; every {@code unplugEvery}
 * requests the live flow is unplugged and every later request on it times out until the kernel
 * gives up on the socket (here after 2,000 timeouts) and a new connection is dialed.
 */
public final class SyntheticRun {
  private SyntheticRun() {}

  public static List<Event> events(int approxEvents, int unplugEvery, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    List<Event> ev = new ArrayList<>(approxEvents + 16);
    long t = 0;
    ev.add(new Event.RunStarted(t, "h2-naive", "seed"));
    long conn = 0;
    int flow = 0;
    int port = 40000;
    boolean dead = true; // forces the first dial
    int timeoutsOnDead = 0;
    long req = 0;
    while (ev.size() < approxEvents - 8) {
      if (dead && (conn == 0 || timeoutsOnDead >= 2000)) {
        if (conn != 0) ev.add(new Event.ConnectionClosed(t, conn, CloseReason.IO_ERROR, "connection timed out"));
        conn++;
        flow++;
        port = port >= 60999 ? 40000 : port + 1;
        ev.add(new Event.ConnectionDialed(t, conn, Protocol.H2));
        t += 90_000;
        ev.add(new Event.FlowOpened(t, flow, port));
        t += 40_000;
        ev.add(new Event.ConnectionReady(t, conn, port, 250));
        dead = false;
        timeoutsOnDead = 0;
      }
      req++;
      if (!dead && unplugEvery > 0 && req % unplugEvery == unplugEvery / 2) {
        ev.add(new Event.FlowFaulted(t, flow, Fault.UNPLUG, ""));
        dead = true;
      }
      int stream = (int) (((req * 2) - 1) & 0x7fffffff);
      long started = t;
      ev.add(new Event.RequestStarted(t, req, 0));
      t += 2_000 + rnd.nextInt(3_000);
      long assigned = t;
      ev.add(new Event.RequestAssigned(t, req, conn, stream));
      if (dead) {
        t = started + 10_000_000 + rnd.nextInt(200_000);
        ev.add(new Event.RequestFinished(t, req, conn, stream, Outcome.TIMEOUT, "timeout", t - started));
        timeoutsOnDead++;
      } else {
        t = assigned + 60_000 + rnd.nextInt(340_000);
        ev.add(new Event.RequestFinished(t, req, conn, stream, Outcome.OK, null, t - started));
      }
      t += 1_000 + rnd.nextInt(4_000);
    }
    ev.add(new Event.ConnectionClosed(t, conn, CloseReason.SHUTDOWN, ""));
    ev.add(new Event.RunFinished(t, false));
    return ev;
  }
}
