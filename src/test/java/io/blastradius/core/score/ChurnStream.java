package io.blastradius.core.score;

import io.blastradius.core.event.CloseReason;
import io.blastradius.core.event.Event;
import io.blastradius.core.event.Fault;
import io.blastradius.core.event.Outcome;
import io.blastradius.core.policy.Protocol;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * An arbitrarily long event stream, generated on the fly (nothing is kept): an HTTP/1 pool that
 * churns connections, as {@code h1} does under cancels. {@code workers} requests in flight at a
 * time, each connection carries {@code perConnection} requests and is then closed with its flow,
 * ephemeral ports are reused, and every {@code unplugEvery} requests a flow is unplugged (its next
 * request times out and the connection is evicted). Every connection, flow and request the run
 * ever had would stay in memory in a fold that forgets nothing.
 */
public final class ChurnStream {
  private ChurnStream() {}

  /** Feeds the events of {@code requests} requests to {@code sink}; returns how many events. */
  public static long generate(long requests, int workers, int perConnection, int unplugEvery, long seed,
      Consumer<Event> sink) {
    SplittableRandom rnd = new SplittableRandom(seed);
    long n = 0;
    long t = 0;
    sink.accept(new Event.RunStarted(t, "h1", "churn"));
    n++;
    long[] conn = new long[workers];
    int[] flow = new int[workers];
    int[] used = new int[workers];
    long nextConn = 0;
    int nextFlow = 0;
    int port = 40000;
    for (long req = 1; req <= requests; ) {
      for (int w = 0; w < workers && req <= requests; w++, req++) {
        if (conn[w] == 0) {
          conn[w] = ++nextConn;
          flow[w] = ++nextFlow;
          port = port >= 60999 ? 40000 : port + 1;
          used[w] = 0;
          sink.accept(new Event.ConnectionDialed(t, conn[w], Protocol.H1));
          sink.accept(new Event.ConnectionReady(t + 1_000, conn[w], port, 1));
          sink.accept(new Event.FlowOpened(t + 2_000, flow[w], port));
          n += 3;
        }
        boolean unplug = unplugEvery > 0 && req % unplugEvery == 0;
        if (unplug) {
          sink.accept(new Event.FlowFaulted(t, flow[w], Fault.UNPLUG, ""));
          n++;
        }
        long started = t;
        sink.accept(new Event.RequestStarted(t, req, w));
        sink.accept(new Event.RequestAssigned(t + 3_000, req, conn[w], 0));
        t += 50_000 + rnd.nextInt(200_000);
        n += 2;
        if (unplug) {
          sink.accept(new Event.RequestFinished(t, req, conn[w], 0, Outcome.TIMEOUT, "timeout", t - started));
          sink.accept(new Event.ConnectionClosed(t, conn[w], CloseReason.EVICTED, "timeout"));
          sink.accept(new Event.FlowClosed(t + 1_000, flow[w], "closed by client"));
          n += 3;
          conn[w] = 0;
        } else {
          sink.accept(new Event.RequestFinished(t, req, conn[w], 0, Outcome.OK, null, t - started));
          n++;
          if (++used[w] >= perConnection) {
            sink.accept(new Event.ConnectionClosed(t, conn[w], CloseReason.DRAINED, "churn"));
            sink.accept(new Event.FlowClosed(t + 1_000, flow[w], "closed by client"));
            n += 2;
            conn[w] = 0;
          }
        }
      }
    }
    for (int w = 0; w < workers; w++) {
      if (conn[w] != 0) {
        sink.accept(new Event.ConnectionClosed(t, conn[w], CloseReason.SHUTDOWN, ""));
        n++;
      }
    }
    sink.accept(new Event.RunFinished(t, false));
    return n + 1;
  }
}
