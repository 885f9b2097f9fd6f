package io.blastradius.core.policy;

import java.time.Duration;

/**
 * {@code h2-jetty}: Jetty 12's {@code HttpClient} over {@code HTTP2Client} with its defaults.
 *
 * <p>A request whose {@code Request.timeout()} passes is aborted: its stream is reset and leaves
 * the connection's multiplexed pool slot at once. Jetty's HTTP/2 client has no PING health check
 * and a {@code streamIdleTimeout} of 0 (off), so nothing marks the connection dead; the
 * multiplexed pool keeps giving it requests until its idle timeout (30 s with nothing read or
 * written, {@code ClientConnector}) or a TCP error. On a dead flow under load that never comes:
 * every request writes to it. The same cascade as {@code h2-naive}.
 *
 * <p>Unlike Go and OkHttp, Jetty does not share a dial between concurrent requests: every request
 * that finds no connection with room opens one (up to {@code maxConnectionsPerDestination}, 64),
 * and requests then go to the first connection with room. A burst on a cold client leaves many
 * idle spare connections in the pool: an unplug that hits a spare costs nothing until the spare
 * is used, and the busy one still cascades.
 *
 * <p>Checked against Jetty 12.1.14 ({@code jetty/http2}) with {@code blastradius fidelity} on the
 * seed and concurrent scenarios.
 */
public final class H2JettyPolicy extends H2PolicyBase {
  public static final String ID = "h2-jetty";
  public static final PolicyInfo INFO = new PolicyInfo(
      ID, Protocol.H2,
      "Jetty 12 HttpClient over HTTP2Client (defaults); checked against Jetty 12.1.14",
      "HTTP/2 as Jetty 12's HttpClient: a timed-out request is aborted and its stream reset; no"
          + " PING health check, no stream idle timeout, so the connection stays in the multiplexed"
          + " pool and one dead flow takes every later request (a full cascade, like h2-naive)."
          + " A burst on a cold pool opens one connection per request (no shared dial), up to"
          + " max-connections. Checked against Jetty 12.1.14 with 'fidelity'. Parameters: idle (30s,"
          + " the client's idle timeout), max-connections (64, maxConnectionsPerDestination).",
      H2JettyPolicy::new);

  public H2JettyPolicy(PolicySpec spec) {
    this(spec, spec.reader());
  }

  private final int maxConns;

  private H2JettyPolicy(PolicySpec spec, PolicySpec.Params p) {
    super(ID, spec, p, Duration.ofSeconds(30));
    this.maxConns = p.integer("max-connections", 64, 1);
    p.checkAllUsed();
  }

  @Override
  public Placement place(java.util.List<Conn> conns, int dialing, long now) {
    return H2Placement.firstWithRoomDialEach(conns, clientCap, maxConns);
  }
}
