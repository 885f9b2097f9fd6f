package io.blastradius.core.sim;

import io.blastradius.core.event.Event;
import io.blastradius.core.event.Fault;
import io.blastradius.core.pool.Link;
import io.blastradius.core.pool.Transport;
import io.blastradius.core.policy.Protocol;
import io.blastradius.core.proxy.FaultProxy.Direction;
import io.blastradius.core.proxy.FlowInfo;
import io.blastradius.core.proxy.FlowInfo.FlowState;
import io.blastradius.core.util.Durations;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;

/**
 * One simulated connection end to end: the client's {@link Transport.Wire}, the flow through the
 * fault proxy, and the server's side ({@link SimServerConn}). Messages (a request's HEADERS, a
 * response, RST_STREAM, PING, GOAWAY, FIN) travel one way in {@code oneWay + added latency},
 * in order per direction; a direction that is unplugged when a message reaches the proxy holds it
 * until a replug (or drops it), exactly what {@code FaultProxy} does to bytes.
 *
 * <p>Confined to the simulation's one thread.
 */
final class SimFlow implements Transport.Wire {
  final int id;
  final int clientPort;
  private final SimNetwork net;
  private final Link link;
  private final Protocol protocol;
  SimServerConn server;

  private boolean accepted;
  private boolean clientOpen = true;
  private boolean serverOpen = true;
  private boolean finished;
  private String why;
  private int nextStreamId = 1;

  private boolean upStopped;
  private boolean downStopped;
  private boolean upDrop;
  private boolean downDrop;
  private long latencyNanos;
  private long lastUpAt;
  private long lastDownAt;
  private final ArrayDeque<Runnable> heldUp = new ArrayDeque<>(0);
  private final ArrayDeque<Runnable> heldDown = new ArrayDeque<>(0);

  SimFlow(int id, int clientPort, SimNetwork net, Link link, Protocol protocol) {
    this.id = id;
    this.clientPort = clientPort;
    this.net = net;
    this.link = link;
    this.protocol = protocol;
  }

  // ---- connection setup ----

  /** SYN reaches the proxy: the flow opens and the server accepts. */
  void accept() {
    if (!clientOpen) {
      finish("client closed");
      return;
    }
    accepted = true;
    net.emit(new Event.FlowOpened(net.now(), id, clientPort));
    server = new SimServerConn(id, this, net, protocol);
    server.start();
    if (protocol == Protocol.H1) {
      // SYN-ACK back: HTTP/1 is ready once TCP is connected.
      net.scheduler.deliver(() -> {
        if (clientOpen) link.ready(1);
      }, net.oneWayNanos);
    }
  }

  // ---- the client's wire ----

  @Override
  public int send() {
    if (!clientOpen) return -1;
    if (protocol == Protocol.H1) {
      toServer(() -> server.request(0));
      return 0;
    }
    int sid = nextStreamId;
    nextStreamId += 2;
    toServer(() -> server.request(sid));
    return sid;
  }

  @Override
  public void reset(int streamId) {
    if (protocol == Protocol.H2 && clientOpen) toServer(() -> server.reset(streamId));
  }

  @Override
  public void ping(long payload) {
    if (protocol == Protocol.H2 && clientOpen) toServer(() -> server.ping(payload));
  }

  @Override
  public void close() {
    if (!clientOpen) return;
    clientOpen = false;
    because("client closed");
    if (!accepted) return; // the SYN is still on its way; accept() finishes the flow
    toServer(new Fin(() -> {
      server.peerClosed();
      serverOpen = false;
      maybeFinish();
    }));
  }

  @Override
  public int localPort() {
    return clientPort;
  }

  // ---- what the server sends (called by SimServerConn) ----

  void toClient(Runnable message) {
    send(false, message);
  }

  /** The server closed its socket; the FIN travels to the client like any message. */
  void serverClosed() {
    if (!serverOpen) return;
    serverOpen = false;
    because("server closed");
    send(false, new Fin(() -> {
      if (clientOpen) {
        clientOpen = false;
        link.inactive();
      }
      maybeFinish();
    }));
  }

  Link link() {
    return link;
  }

  boolean clientOpen() {
    return clientOpen;
  }

  // ---- the proxy in the middle ----

  private void toServer(Runnable message) {
    send(true, message);
  }

  private void send(boolean up, Runnable message) {
    if (finished) return;
    long now = net.now();
    long at = now + net.oneWayNanos + latencyNanos;
    // TCP delivers in order: nothing overtakes what was sent before it.
    if (up) {
      if (at < lastUpAt) at = lastUpAt;
      lastUpAt = at;
    } else {
      if (at < lastDownAt) at = lastDownAt;
      lastDownAt = at;
    }
    net.scheduler.deliver(() -> arrive(up, message), at - now);
  }

  private void arrive(boolean up, Runnable message) {
    if (finished) return;
    boolean fin = message instanceof Fin;
    if (up ? upStopped : downStopped) {
      if (!(up ? upDrop : downDrop)) (up ? heldUp : heldDown).add(message);
      else if (fin) message.run(); // a dropping proxy still reads the end of the stream
      return;
    }
    // Data for a socket that is already closed vanishes; a FIN always completes the close.
    if (!fin && (up ? !serverOpen : !clientOpen)) return;
    message.run();
  }

  private void maybeFinish() {
    if (!clientOpen && !serverOpen) finish(why);
  }

  /** The end of one direction's byte stream. */
  private static final class Fin implements Runnable {
    private final Runnable run;

    Fin(Runnable run) {
      this.run = run;
    }

    @Override
    public void run() {
      run.run();
    }
  }

  // ---- faults ----

  boolean isOpen() {
    return accepted && !finished && clientOpen && serverOpen;
  }

  /** As the proxy's snapshot; the simulation moves messages, not bytes: byte counters stay 0, held counts messages. */
  FlowInfo snapshot() {
    FlowState state = finished || !clientOpen || !serverOpen ? FlowState.CLOSED
        : upStopped && downStopped ? FlowState.UNPLUGGED
        : upStopped ? FlowState.UNPLUGGED_UPSTREAM
        : downStopped ? FlowState.UNPLUGGED_DOWNSTREAM
        : FlowState.PLUGGED;
    return new FlowInfo(id, clientPort, state, latencyNanos, 0, 0, -1, -1, heldUp.size() + heldDown.size());
  }

  void unplug(Direction direction, boolean drop) {
    if (direction != Direction.DOWNSTREAM) {
      upStopped = true;
      upDrop = drop;
    }
    if (direction != Direction.UPSTREAM) {
      downStopped = true;
      downDrop = drop;
    }
    Fault fault = switch (direction) {
      case BOTH -> Fault.UNPLUG;
      case UPSTREAM -> Fault.UNPLUG_UPSTREAM;
      case DOWNSTREAM -> Fault.UNPLUG_DOWNSTREAM;
    };
    net.emit(new Event.FlowFaulted(net.now(), id, fault, drop ? "drop" : "hold"));
  }

  void replug() {
    upStopped = false;
    downStopped = false;
    net.emit(new Event.FlowFaulted(net.now(), id, Fault.REPLUG, ""));
    // What was held goes on, in order, as if just read.
    while (!heldUp.isEmpty()) send(true, heldUp.poll());
    while (!heldDown.isEmpty()) send(false, heldDown.poll());
  }

  void latency(Duration added) {
    latencyNanos = added.toNanos();
    net.emit(new Event.FlowFaulted(net.now(), id, Fault.LATENCY, Durations.format(added)));
  }

  /** RST both ways: both ends learn at once, whatever is unplugged. */
  void reset() {
    net.emit(new Event.FlowFaulted(net.now(), id, Fault.RESET, ""));
    because("reset by proxy");
    abortBoth(true);
  }

  /** FIN both ways from the proxy. */
  void closeFlow() {
    net.emit(new Event.FlowFaulted(net.now(), id, Fault.CLOSE, ""));
    because("closed by proxy");
    abortBoth(false);
  }

  /** The run ended: close without a fault. */
  void shutdown() {
    because("proxy shut down");
    if (serverOpen && server != null) server.peerClosed();
    serverOpen = false;
    clientOpen = false;
    finish(why);
  }

  private void abortBoth(boolean rst) {
    if (serverOpen && server != null) server.peerClosed();
    serverOpen = false;
    if (clientOpen) {
      clientOpen = false;
      if (rst) link.failed(new IOException("Connection reset by peer"));
      link.inactive();
    }
    finish(why);
  }

  private void because(String reason) {
    if (why == null) why = reason;
  }

  private void finish(String reason) {
    if (finished) return;
    finished = true;
    heldUp.clear();
    heldDown.clear();
    net.flowFinished(this, reason == null ? "closed" : reason);
  }
}
