package io.blastradius.gui.log;

import io.blastradius.gui.common.Fmt;

import io.blastradius.core.event.Event;

/** How the event log names and describes events. */
public final class EventText {
  private EventText() {}

  /** The recording's kind name, e.g. {@code request-finished}. */
  public static String kind(Event e) {
    if (e instanceof Event.RequestStarted) return "request-started";
    if (e instanceof Event.RequestAssigned) return "request-assigned";
    if (e instanceof Event.RequestFinished) return "request-finished";
    if (e instanceof Event.RequestRetried) return "request-retried";
    if (e instanceof Event.ConnectionDialed) return "connection-dialed";
    if (e instanceof Event.ConnectionReady) return "connection-ready";
    if (e instanceof Event.ConnectionStatusChanged) return "connection-status";
    if (e instanceof Event.SlotsHeld) return "slots-held";
    if (e instanceof Event.ConnectionClosed) return "connection-closed";
    if (e instanceof Event.StreamReset) return "stream-reset";
    if (e instanceof Event.PingSent) return "ping-sent";
    if (e instanceof Event.PingAcked) return "ping-acked";
    if (e instanceof Event.GoAwayReceived) return "goaway-received";
    if (e instanceof Event.FlowOpened) return "flow-opened";
    if (e instanceof Event.FlowFaulted) return "flow-fault";
    if (e instanceof Event.FlowClosed) return "flow-closed";
    if (e instanceof Event.FlowOutside) return "flow-outside";
    if (e instanceof Event.ServerPingReceived) return "server-ping";
    if (e instanceof Event.ServerGoAwaySent) return "server-goaway";
    if (e instanceof Event.RunStarted) return "run-started";
    if (e instanceof Event.RunFinished) return "run-finished";
    if (e instanceof Event.RunStalled) return "run-stalled";
    return e.getClass().getSimpleName();
  }

  /** The pool connection an event is about, or 0. */
  public static long connId(Event e) {
    if (e instanceof Event.RequestAssigned x) return x.connId();
    if (e instanceof Event.RequestFinished x) return x.connId();
    if (e instanceof Event.RequestRetried x) return x.fromConnId();
    if (e instanceof Event.ConnectionDialed x) return x.connId();
    if (e instanceof Event.ConnectionReady x) return x.connId();
    if (e instanceof Event.ConnectionStatusChanged x) return x.connId();
    if (e instanceof Event.SlotsHeld x) return x.connId();
    if (e instanceof Event.ConnectionClosed x) return x.connId();
    if (e instanceof Event.StreamReset x) return x.connId();
    if (e instanceof Event.PingSent x) return x.connId();
    if (e instanceof Event.PingAcked x) return x.connId();
    if (e instanceof Event.GoAwayReceived x) return x.connId();
    return 0;
  }

  /** The proxy flow an event is about, or 0. */
  public static int flowId(Event e) {
    if (e instanceof Event.FlowOpened x) return x.flowId();
    if (e instanceof Event.FlowFaulted x) return x.flowId();
    if (e instanceof Event.FlowClosed x) return x.flowId();
    if (e instanceof Event.FlowOutside x) return x.flowId();
    return 0;
  }

  /** The event's own fields, briefly. */
  public static String detail(Event e) {
    if (e instanceof Event.RequestStarted x) return "req " + x.requestId() + " worker " + x.worker();
    if (e instanceof Event.RequestAssigned x) return "req " + x.requestId() + " stream " + x.streamId();
    if (e instanceof Event.RequestFinished x) {
      return "req " + x.requestId() + " " + x.outcome() + (x.error() == null ? "" : " (" + x.error() + ")")
          + " in " + ms(x.latencyNanos());
    }
    if (e instanceof Event.RequestRetried x) return "req " + x.requestId() + ": " + x.why();
    if (e instanceof Event.ConnectionDialed x) return String.valueOf(x.protocol());
    if (e instanceof Event.ConnectionReady x) return "port " + x.localPort() + ", peer max streams " + x.maxConcurrentStreams();
    if (e instanceof Event.ConnectionStatusChanged x) return x.status() + (x.why() == null || x.why().isEmpty() ? "" : ": " + x.why());
    if (e instanceof Event.SlotsHeld x) return x.held() + " held";
    if (e instanceof Event.ConnectionClosed x) return x.reason() + (x.detail() == null || x.detail().isEmpty() ? "" : ": " + x.detail());
    if (e instanceof Event.StreamReset x) return (x.sent() ? "sent" : "received") + " stream " + x.streamId() + " code " + x.errorCode();
    if (e instanceof Event.PingSent x) return "payload " + x.payload();
    if (e instanceof Event.PingAcked x) return "payload " + x.payload() + ", rtt " + ms(x.rttNanos());
    if (e instanceof Event.GoAwayReceived x) return "code " + x.errorCode() + ", last stream " + x.lastStreamId();
    if (e instanceof Event.FlowOpened x) return "client port " + x.clientPort();
    if (e instanceof Event.FlowFaulted x) return x.fault() + (x.detail() == null || x.detail().isEmpty() ? "" : " " + x.detail());
    if (e instanceof Event.FlowClosed x) return x.why();
    if (e instanceof Event.FlowOutside x) return "client port " + x.clientPort() + ": not the pool's, never faulted";
    if (e instanceof Event.ServerPingReceived x) return "server conn " + x.serverConnId() + ", strikes " + x.strikes();
    if (e instanceof Event.ServerGoAwaySent x) return "server conn " + x.serverConnId() + ", code " + x.errorCode() + " " + x.debug();
    if (e instanceof Event.RunStarted x) return x.policy() + " · " + x.scenario();
    if (e instanceof Event.RunFinished x) return x.stopped() ? "stopped" : "completed";
    if (e instanceof Event.RunStalled x) return x.why();
    return e.toString();
  }

  /** Run time in milliseconds with microseconds: 1234.567 */
  public static String time(long t) {
    long micros = Math.max(0, t) / 1_000;
    long frac = micros % 1_000;
    return (micros / 1_000) + (frac < 10 ? ".00" : frac < 100 ? ".0" : ".") + frac;
  }

  private static String ms(long nanos) {
    return Fmt.tenths(Math.max(0, nanos) / 100_000) + " ms";
  }

  /** Event families the log filters on. */
  public enum KindFilter {
    ALL("All events"),
    REQUESTS("Requests"),
    FAILURES("Failed requests"),
    CONNECTIONS("Connections"),
    STREAMS_PINGS("Resets, pings, GOAWAY"),
    FLOWS("Proxy flows and faults"),
    SERVER("Server"),
    RUN("Run start/end");

    public final String label;

    KindFilter(String label) {
      this.label = label;
    }

    public boolean test(Event e) {
      return switch (this) {
        case ALL -> true;
        case REQUESTS -> e instanceof Event.RequestStarted || e instanceof Event.RequestAssigned
            || e instanceof Event.RequestFinished || e instanceof Event.RequestRetried;
        case FAILURES -> e instanceof Event.RequestFinished f && f.outcome().isFailure();
        case CONNECTIONS -> e instanceof Event.ConnectionDialed || e instanceof Event.ConnectionReady
            || e instanceof Event.ConnectionStatusChanged || e instanceof Event.SlotsHeld
            || e instanceof Event.ConnectionClosed;
        case STREAMS_PINGS -> e instanceof Event.StreamReset || e instanceof Event.PingSent
            || e instanceof Event.PingAcked || e instanceof Event.GoAwayReceived;
        case FLOWS -> e instanceof Event.FlowOpened || e instanceof Event.FlowFaulted || e instanceof Event.FlowClosed
            || e instanceof Event.FlowOutside;
        case SERVER -> e instanceof Event.ServerPingReceived || e instanceof Event.ServerGoAwaySent;
        case RUN -> e instanceof Event.RunStarted || e instanceof Event.RunFinished || e instanceof Event.RunStalled;
      };
    }

    @Override
    public String toString() {
      return label;
    }
  }
}
