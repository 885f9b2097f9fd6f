package io.blastradius.core.live;

import io.blastradius.core.event.CloseReason;
import io.blastradius.core.event.Event.ConnStatus;
import io.blastradius.core.policy.Protocol;
import io.blastradius.core.proxy.FlowInfo.FlowState;

/**
 * One connection as of a snapshot: immutable. Times are run nanoseconds ({@code -1} = never).
 *
 * @param flowId the proxy flow joined by port, {@code 0} while unknown
 * @param flowState the joined flow's state, {@code null} while unknown
 * @param policyStatus the last status a policy set ({@code ACTIVE} until told otherwise)
 * @param statusWhy the policy's reason for the last status change, or {@code ""}
 * @param active streams assigned and not yet finished
 * @param held timed-out slots a policy still counts against the peer's limit (latest SlotsHeld)
 * @param peerMax the peer's SETTINGS_MAX_CONCURRENT_STREAMS (1 for HTTP/1; 0 before ready)
 * @param lastLifeAt the last evidence the peer is alive: ready, an OK response or a PING ACK
 * @param pingOutstanding a PING was sent and its ACK has not come back
 * @param closeReason why it closed, {@code null} while open
 */
public record ConnView(
    long connId,
    Protocol protocol,
    int flowId,
    int localPort,
    ConnState state,
    FlowState flowState,
    ConnStatus policyStatus,
    String statusWhy,
    int active,
    int held,
    int peerMax,
    long ok,
    long failed,
    long cancelled,
    long dialedAt,
    long readyAt,
    long lastLifeAt,
    boolean pingOutstanding,
    long pingSentAt,
    long pingsSent,
    long resetsSent,
    boolean goAway,
    long closedAt,
    CloseReason closeReason) {

  /** Slots neither active nor held, never negative. */
  public int free() {
    return Math.max(0, peerMax - active - held);
  }

  public boolean unplugged() {
    return flowState != null && flowState.isUnplugged();
  }

  public boolean closed() {
    return closedAt >= 0;
  }
}
