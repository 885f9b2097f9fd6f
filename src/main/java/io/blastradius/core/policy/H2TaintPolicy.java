package io.blastradius.core.policy;

import io.blastradius.core.event.Event.ConnStatus;
import java.time.Duration;

/**
 * {@code h2-taint}: golang.org/x/net/http2 v0.10.0 (CL 486156, the fix for golang/go#59690),
 * reverted in v0.12.0 after golang/go#60818.
 *
 * <p>Heuristic: when a request is cancelled or times out after its stream got an id (its HEADERS
 * were written), the transport cannot tell a slow server from a dead connection, so it assumes the
 * worst and sets {@code cc.doNotReuse}: streams already on the connection finish, no new stream
 * is placed on it, and it closes when its last stream ends. A black-holed flow therefore costs
 * the requests in flight on it plus the one that timed out, and the next request dials.
 *
 * <p>Cost: the verdict needs no evidence, so ordinary client cancellations on a perfectly healthy
 * connection (a user navigating away, a hedged request, a short per-call deadline) retire the
 * connection too. With a steady rate of cancellations the pool churns through connections forever,
 * paying a TCP (and TLS) handshake each time: exactly the regression reported in golang/go#60818,
 * which is why Go reverted it.
 */
public final class H2TaintPolicy extends H2PolicyBase {
  public static final String ID = "h2-taint";
  public static final PolicyInfo INFO = new PolicyInfo(
      ID, Protocol.H2,
      "Go x/net/http2 v0.10.0 (CL 486156, golang/go#59690; reverted in v0.12.0, golang/go#60818)",
      "HTTP/2. Any timeout or cancel of a stream that has an id marks its connection do-not-reuse:"
          + " in-flight streams finish, no new streams, closed when empty. A dead flow costs only"
          + " the requests already on it, but every ordinary client cancel on a healthy network"
          + " retires a connection too (endless churn, the reason Go reverted it)."
          + " Parameter: idle (90s, Go's IdleConnTimeout).",
      H2TaintPolicy::new);

  public H2TaintPolicy(PolicySpec spec) {
    this(spec, spec.reader());
  }

  private H2TaintPolicy(PolicySpec spec, PolicySpec.Params p) {
    super(ID, spec, p, Duration.ofSeconds(90));
    p.checkAllUsed();
  }

  @Override
  public void onStreamTimedOut(Conn c, Stream s, long now, Actions a) {
    taint(c, "request " + s.requestId + " timed out on stream " + s.id, a);
  }

  @Override
  public void onStreamCancelled(Conn c, Stream s, long now, Actions a) {
    taint(c, "request " + s.requestId + " cancelled on stream " + s.id, a);
  }

  private static void taint(Conn c, String why, Actions a) {
    if (c.status() != ConnStatus.DRAINING) {
      a.setStatus(c, ConnStatus.DRAINING, "do-not-reuse: " + why);
    }
  }
}
