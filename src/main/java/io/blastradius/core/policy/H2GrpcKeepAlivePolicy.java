package io.blastradius.core.policy;

import io.blastradius.core.event.CloseReason;
import java.time.Duration;

/**
 * {@code h2-grpc-keepalive}: grpc-java's client keepalive ({@code keepAliveTime}, {@code
 * keepAliveTimeout}, {@code keepAliveWithoutCalls}), the state machine of {@code
 * io.grpc.internal.KeepAliveManager} as the Netty transport drives it ({@code
 * io.grpc.netty.NettyClientHandler}); checked against grpc-java 1.85.1 (github.com/grpc/grpc-java,
 * both files at commit 5fda0c7). Neither a read-idle check nor a fixed interval:
 * <ul>
 *   <li>the clock starts with the transport and restarts on every frame read: HEADERS, DATA,
 *       RST_STREAM, PING and its ACK ({@code onDataReceived}; SETTINGS, WINDOW_UPDATE and GOAWAY do
 *       not count);</li>
 *   <li>without calls nothing is scheduled ({@code keepAliveWithoutCalls} false, the default);
 *       when the first stream opens the ping is scheduled {@code time} after the last frame read,
 *       without restarting the clock ({@code onTransportActive});</li>
 *   <li>a frame read does not cancel the scheduled ping, it only marks it delayed: when the ping
 *       falls due while delayed it is rescheduled {@code time} after the last read; when it falls
 *       due scheduled, it goes out. The last stream closing forgets the mark ({@code
 *       onTransportIdle}) and the next stream to open does not set it, so on a connection whose
 *       calls come and go (a sequential caller) the ping goes out at its first due time, about one
 *       {@code time} after the previous one, busy or not;</li>
 *   <li>a PING out closes the connection (all its calls fail, UNAVAILABLE) unless a frame is read
 *       within {@code timeout}; then the next is due {@code time} later.</li>
 * </ul>
 * So where the unplug falls in the ping's period depends on the traffic: from the last frame read
 * while calls stay open throughout, from the transport's start or the last ACK when calls come and go.
 *
 * <p>Defaults: grpc-java's keepalive is off; once on, {@code keepAliveTime} is at least 10 s (a
 * shorter one is raised to it) and {@code keepAliveTimeout} defaults to 20 s.
 */
public final class H2GrpcKeepAlivePolicy extends H2PolicyBase {
  public static final String ID = "h2-grpc-keepalive";
  public static final PolicyInfo INFO = new PolicyInfo(
      ID, Protocol.H2,
      "grpc-java keepAliveTime/keepAliveTimeout/keepAliveWithoutCalls (KeepAliveManager with the"
          + " Netty transport; checked against grpc-java 1.85.1)",
      "HTTP/2 with grpc-java's keepalive: a PING falls due time after the last frame read, counted"
          + " only while calls are open; a frame read delays a due PING only while calls stay open,"
          + " so a caller whose calls come and go pings about every time, busy or not. No frame"
          + " within timeout of a PING closes the connection and fails its calls. Parameters: time"
          + " (10s, grpc-java's floor), timeout (20s, its default), without-calls (false), conn-idle (90s).",
      H2GrpcKeepAlivePolicy::new);

  /** KeepAliveManager's states (its {@code State} enum, DISCONNECTED being our {@code closing}). */
  enum Ka { IDLE, PING_SCHEDULED, PING_DELAYED, PING_SENT, IDLE_AND_PING_SENT }

  static final class State {
    Ka ka = Ka.IDLE;
    /** The stopwatch's start: the transport's, then the last frame read. */
    long lastReadAt;
    /** The pending sendPing task, or NEVER (KeepAliveManager's pingFuture). */
    long pingDueAt = Conn.NEVER;
    /** The pending shutdown task, or NEVER. */
    long shutdownAt = Conn.NEVER;
    boolean closing;
  }

  private final long timeNanos;
  private final long timeoutNanos;
  private final boolean withoutCalls;

  public H2GrpcKeepAlivePolicy(PolicySpec spec) {
    this(spec, spec.reader());
  }

  private H2GrpcKeepAlivePolicy(PolicySpec spec, PolicySpec.Params p) {
    super(ID, spec, p, "conn-idle", Duration.ofSeconds(90));
    this.timeNanos = p.duration("time", Duration.ofSeconds(10)).toNanos();
    this.timeoutNanos = p.duration("timeout", Duration.ofSeconds(20)).toNanos();
    this.withoutCalls = p.flag("without-calls", false);
    if (timeNanos <= 0 || timeoutNanos <= 0) {
      throw new IllegalArgumentException("policy " + ID + ": time and timeout must be > 0");
    }
    p.checkAllUsed();
  }

  static State state(Conn c) {
    if (!(c.policyState instanceof State)) c.policyState = new State();
    return (State) c.policyState;
  }

  @Override
  public void onReady(Conn c, long now, Actions a) {
    State st = state(c);
    st.lastReadAt = now; // the stopwatch starts with the transport
    if (withoutCalls) active(st, now); // onTransportStarted
  }

  @Override
  public void onStreamOpened(Conn c, Stream s, long now, Actions a) {
    if (c.activeStreams() == 1) active(state(c), now);
  }

  @Override
  public void onStreamSucceeded(Conn c, Stream s, long now, Actions a) {
    streamClosed(c);
  }

  @Override
  public void onStreamTimedOut(Conn c, Stream s, long now, Actions a) {
    streamClosed(c);
  }

  @Override
  public void onStreamFailed(Conn c, Stream s, long now, Actions a) {
    streamClosed(c);
  }

  @Override
  public void onFrameRead(Conn c, FrameType type, int streamId, long now, Actions a) {
    if (type == FrameType.HEADERS || type == FrameType.DATA || type == FrameType.RST_STREAM || type == FrameType.PING) {
      dataReceived(state(c), now);
    }
  }

  /** onTransportActive: the first stream opened. */
  private void active(State st, long now) {
    if (st.ka == Ka.IDLE) {
      st.ka = Ka.PING_SCHEDULED;
      if (st.pingDueAt == Conn.NEVER) st.pingDueAt = st.lastReadAt + timeNanos; // the clock is not restarted
    } else if (st.ka == Ka.IDLE_AND_PING_SENT) {
      st.ka = Ka.PING_SENT;
    }
  }

  /** onTransportIdle: the last stream closed. */
  private void streamClosed(Conn c) {
    if (withoutCalls || c.activeStreams() > 0) return;
    State st = state(c);
    if (st.ka == Ka.PING_SCHEDULED || st.ka == Ka.PING_DELAYED) st.ka = Ka.IDLE; // the pending task stays
    else if (st.ka == Ka.PING_SENT) st.ka = Ka.IDLE_AND_PING_SENT;
  }

  /** onDataReceived. */
  private void dataReceived(State st, long now) {
    st.lastReadAt = now;
    if (st.ka == Ka.PING_SCHEDULED) {
      st.ka = Ka.PING_DELAYED;
    } else if (st.ka == Ka.PING_SENT || st.ka == Ka.IDLE_AND_PING_SENT) {
      st.shutdownAt = Conn.NEVER; // answered
      if (st.ka == Ka.IDLE_AND_PING_SENT) {
        st.ka = Ka.IDLE;
      } else {
        st.ka = Ka.PING_SCHEDULED;
        st.pingDueAt = now + timeNanos;
      }
    }
  }

  @Override
  public long nextTimer(Conn c, long now) {
    long t = idleDeadline(c);
    if (!(c.policyState instanceof State st)) return t;
    if (st.closing) return NO_TIMER;
    if (st.shutdownAt != Conn.NEVER) t = Math.min(t, st.shutdownAt);
    if (st.pingDueAt != Conn.NEVER) t = Math.min(t, st.pingDueAt);
    return t;
  }

  @Override
  public void onTimer(Conn c, long now, Actions a) {
    State st = state(c);
    if (st.closing) return;
    if (st.shutdownAt != Conn.NEVER && now >= st.shutdownAt) {
      st.closing = true;
      a.close(c, CloseReason.EVICTED, "keepalive PING unanswered for " + fmt(timeoutNanos));
      return;
    }
    if (st.pingDueAt != Conn.NEVER && now >= st.pingDueAt) {
      st.pingDueAt = Conn.NEVER; // sendPing runs
      if (st.ka == Ka.PING_SCHEDULED) {
        st.ka = Ka.PING_SENT;
        st.shutdownAt = now + timeoutNanos;
        a.sendPing(c);
        return;
      } else if (st.ka == Ka.PING_DELAYED) {
        st.pingDueAt = st.lastReadAt + timeNanos;
        st.ka = Ka.PING_SCHEDULED;
      }
    }
    if (closeIfIdle(c, now, a)) st.closing = true;
  }
}
