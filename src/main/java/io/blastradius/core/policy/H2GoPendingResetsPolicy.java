package io.blastradius.core.policy;

import io.blastradius.core.event.Event.ConnStatus;
import java.time.Duration;
import java.util.List;

/**
 * {@code h2-go-pending-resets}: golang.org/x/net/http2 v0.31.0 (CL 617655) with v0.32.0
 * (CL 632995, golang/go#70575) and v0.48.0 (CL 720300, golang/go#76296); the HTTP/2 transport of
 * current Go.
 *
 * <p>Heuristic ({@code clientStream.cleanupWriteRequest}): RFC 9113 lets a client count a reset
 * stream's slot as free at once, but the client cannot know the server ever saw the reset. So
 * when a stream whose HEADERS were sent is reset and nothing of that stream was read (no HEADERS,
 * DATA, RST_STREAM or stream WINDOW_UPDATE), the slot stays counted ({@code pendingResets++})
 * until the server proves it is alive. The first such reset carries a PING (only while
 * {@code pendingResets} was 0, so one in flight at most); ANY PING ACK zeroes
 * {@code pendingResets}, because an ACK written after the RST_STREAMs proves they were read.
 * Capacity is streams + pendingResets &lt; MAX_CONCURRENT_STREAMS, so a hung connection soaks up
 * at most MAX_CONCURRENT_STREAMS requests before it looks full and the pool dials another.
 *
 * <p>v0.32.0 ({@code rstStreamPingsBlocked}): gRPC servers count every PING as a possible strike
 * and GOAWAY after a few, so after an ACK zeroed the count, further resets neither ping nor hold
 * slots until a HEADERS or DATA frame is read (which also resets a gRPC server's strikes).
 *
 * <p>Cost: the bound is the server's MAX_CONCURRENT_STREAMS (250 on Go servers, 100 on many
 * others): a dead connection still takes that many requests, each waiting its full timeout,
 * before the pool moves on, and with a sequential caller that is 250 failures per dead flow. While
 * pings are blocked a dead connection is as exposed as {@code h2-naive}. A healthy connection pays
 * one PING per burst of cancellations.
 */
public final class H2GoPendingResetsPolicy extends H2PolicyBase {
  public static final String ID = "h2-go-pending-resets";
  public static final PolicyInfo INFO = new PolicyInfo(
      ID, Protocol.H2,
      "Go x/net/http2 v0.31.0+ (CL 617655), v0.32.0 (CL 632995, golang/go#70575),"
          + " v0.48.0 (CL 720300, golang/go#76296)",
      "HTTP/2 as current Go does it. A stream reset before anything of it was read keeps its slot"
          + " (pendingResets) until a PING ACK proves the server alive; the first such reset sends"
          + " the PING. A hung connection takes at most MAX_CONCURRENT_STREAMS requests, then looks"
          + " full and the pool dials: bounded, but 100-250 failures per dead flow. After an ACK,"
          + " resets neither ping nor hold slots until HEADERS/DATA is read (gRPC ping strikes)."
          + " Parameters: idle (90s), strict (false: a full pool dials; true: requests wait, Go's"
          + " StrictMaxConcurrentStreams).",
      H2GoPendingResetsPolicy::new);

  /** Go's per-ClientConn fields. */
  static final class State {
    int pendingResets;
    boolean rstStreamPingsBlocked;
  }

  private final boolean strict;

  public H2GoPendingResetsPolicy(PolicySpec spec) {
    this(spec, spec.reader());
  }

  private H2GoPendingResetsPolicy(PolicySpec spec, PolicySpec.Params p) {
    super(ID, spec, p, Duration.ofSeconds(90));
    this.strict = p.flag("strict", false);
    p.checkAllUsed();
  }

  static State state(Conn c) {
    if (!(c.policyState instanceof State)) c.policyState = new State();
    return (State) c.policyState;
  }

  /** pendingResets on {@code c} (0 for a connection this policy has not seen). */
  public static int pendingResets(Conn c) {
    return c.policyState instanceof State st ? st.pendingResets : 0;
  }

  @Override
  public Placement place(List<Conn> conns, int dialing, long now) {
    Placement p = H2Placement.firstWithRoom(conns, dialing, clientCap, now);
    if (strict && p instanceof Placement.Dial) {
      for (Conn c : conns) {
        // StrictMaxConcurrentStreams: never exceed the peer's limit by dialing; wait for a slot.
        if (c.isReady() && c.status() == ConnStatus.ACTIVE) return new Placement.Wait(Long.MAX_VALUE);
      }
    }
    return p;
  }

  @Override
  public void onStreamTimedOut(Conn c, Stream s, long now, Actions a) {
    State st = state(c);
    // CL 720300: a stream the server has answered in any way proves nothing about the reset.
    if (s.framesRead() > 0 || st.rstStreamPingsBlocked) return;
    boolean ping = st.pendingResets == 0;
    st.pendingResets++;
    a.holdSlots(c, st.pendingResets);
    if (ping) a.sendPing(c);
  }

  @Override
  public void onFrameRead(Conn c, FrameType type, int streamId, long now, Actions a) {
    if (type == FrameType.HEADERS || type == FrameType.DATA) {
      if (c.policyState instanceof State st) st.rstStreamPingsBlocked = false;
    }
  }

  @Override
  public void onPingAck(Conn c, long payload, boolean ours, long now, Actions a) {
    State st = state(c);
    if (st.pendingResets > 0) {
      st.pendingResets = 0;
      st.rstStreamPingsBlocked = true;
      a.holdSlots(c, 0);
    }
  }
}
