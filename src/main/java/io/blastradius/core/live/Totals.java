package io.blastradius.core.live;

/**
 * Run totals as of a snapshot.
 *
 * @param requests requests started
 * @param finished requests ended, whatever the outcome
 * @param failed timeouts plus errors (cancellations are not failures)
 * @param openConnections dialed and not yet closed
 * @param connectionsOpened dialed in all
 * @param unplugs flow faults that cut a flow (both ways or one way)
 * @param requestsPerSecond requests finished in the last complete second (ten 100 ms buckets)
 * @param failuresPerSecond failures in the same window
 */
public record Totals(
    long requests,
    long finished,
    long ok,
    long failed,
    long timeouts,
    long errors,
    long cancelled,
    long retries,
    int openConnections,
    long connectionsOpened,
    long evictions,
    long unplugs,
    long pingsSent,
    long pingsAcked,
    long goAways,
    double requestsPerSecond,
    double failuresPerSecond) {

  public long inFlight() {
    return requests - finished;
  }

  public static final Totals ZERO = new Totals(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
}
