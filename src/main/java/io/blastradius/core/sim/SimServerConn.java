package io.blastradius.core.sim;

import io.blastradius.core.event.Event;
import io.blastradius.core.policy.FrameType;
import io.blastradius.core.policy.Protocol;
import io.blastradius.core.pool.Link;
import io.blastradius.core.pool.Scheduler;
import io.blastradius.core.server.DelayModel;
import io.blastradius.core.server.PingStrikes;
import io.blastradius.core.server.ServerConfig;
import io.netty.util.collection.IntObjectHashMap;

/**
 * The embedded server's behaviour on one simulated connection, rule for rule: SETTINGS with
 * MAX_CONCURRENT_STREAMS first (a stream over the limit is refused with RST_STREAM
 * REFUSED_STREAM), each request answered with 200 after the handler delay drawn from the same
 * {@link DelayModel} sampler (same salt: the connection id), a reset stream loses its answer,
 * PINGs acknowledged and policed by gRPC's {@link PingStrikes} (GOAWAY ENHANCE_YOUR_CALM, then
 * close). HTTP/1.1: one request at a time, answered after the delay.
 */
final class SimServerConn {
  private static final long REFUSED_STREAM = 0x7;
  private static final long ENHANCE_YOUR_CALM = 0xb;

  private final long id;
  private final SimFlow flow;
  private final SimNetwork net;
  private final Protocol protocol;
  private final int maxStreams;
  private final DelayModel.Sampler delay;
  private final PingStrikes strikes;
  private final IntObjectHashMap<Scheduler.Cancellable> pending = new IntObjectHashMap<>(4);
  private int lastStreamId;
  private boolean calming;
  private boolean closed;

  SimServerConn(long id, SimFlow flow, SimNetwork net, Protocol protocol) {
    this.id = id;
    this.flow = flow;
    this.net = net;
    this.protocol = protocol;
    ServerConfig config = net.server;
    this.maxStreams = config.maxConcurrentStreams();
    this.delay = config.delay().sampler(id);
    this.strikes = config.pingLimit() == null ? null : new PingStrikes(config.pingLimit());
  }

  /** The connection is accepted: HTTP/2 sends its SETTINGS, then acknowledges the client's. */
  void start() {
    if (protocol != Protocol.H2) return;
    flow.toClient(() -> {
      Link l = flow.link();
      l.ready(maxStreams);
      l.frame(FrameType.SETTINGS, 0);
    });
    flow.toClient(() -> flow.link().frame(FrameType.SETTINGS, 0));
  }

  void request(int streamId) {
    if (calming || closed) return;
    if (protocol == Protocol.H2) {
      if (streamId > lastStreamId) lastStreamId = streamId;
      if (pending.size() >= maxStreams) {
        flow.toClient(() -> {
          Link l = flow.link();
          l.frame(FrameType.RST_STREAM, streamId);
          l.streamReset(streamId, REFUSED_STREAM);
        });
        return;
      }
    }
    long nanos = delay.nextNanos();
    if (nanos <= 0) {
      answer(streamId);
    } else {
      pending.put(streamId, net.scheduler.schedule(() -> {
        if (pending.remove(streamId) != null) answer(streamId);
      }, nanos));
    }
  }

  private void answer(int streamId) {
    if (calming || closed) return;
    if (protocol == Protocol.H1) {
      flow.toClient(() -> flow.link().response(0, 200));
      return;
    }
    if (strikes != null) strikes.onHeadersOrDataSent();
    flow.toClient(() -> {
      Link l = flow.link();
      l.status(streamId, 200);
      l.frame(FrameType.HEADERS, streamId);
      l.frame(FrameType.DATA, streamId);
      l.complete(streamId);
    });
  }

  /** RST_STREAM from the client: the answer is never written. */
  void reset(int streamId) {
    Scheduler.Cancellable c = pending.remove(streamId);
    if (c != null) c.cancel();
  }

  void ping(long payload) {
    if (closed) return;
    long now = net.now();
    boolean abusive = strikes != null && strikes.onPing(now);
    net.emit(new Event.ServerPingReceived(now, id, strikes == null ? 0 : strikes.strikes()));
    // The codec acknowledges before the application sees the PING.
    flow.toClient(() -> {
      Link l = flow.link();
      l.frame(FrameType.PING, 0);
      l.pingAck(payload);
    });
    if (abusive && !calming) {
      calming = true;
      int last = lastStreamId;
      net.emit(new Event.ServerGoAwaySent(now, id, ENHANCE_YOUR_CALM, "too_many_pings"));
      flow.toClient(() -> {
        Link l = flow.link();
        l.frame(FrameType.GOAWAY, 0);
        l.goAway(ENHANCE_YOUR_CALM, last);
      });
      peerClosed();
      flow.serverClosed();
    }
  }

  /** The socket closed: pending answers are dropped. */
  void peerClosed() {
    if (closed) return;
    closed = true;
    for (Scheduler.Cancellable c : pending.values()) c.cancel();
    pending.clear();
  }
}
