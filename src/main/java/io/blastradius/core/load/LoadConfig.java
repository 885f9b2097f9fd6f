package io.blastradius.core.load;

import java.time.Duration;
import java.util.Objects;

/**
 * The client's workload.
 *
 * @param requests how many requests in all
 * @param workers 1 for sequential (the seed's shape: the next request leaves when the previous
 *     ends); N for N concurrent workers, each sequential
 * @param timeout every request's own deadline
 * @param cancelFraction share of requests, 0..1, the client cancels on purpose before their
 *     deadline, at a uniform time in the first quarter of the timeout (golang/go#60818's
 *     healthy-network cancellations)
 * @param thinkTime pause between a worker's requests (0 for back-to-back)
 * @param seed makes cancellations and fault choices repeatable
 */
public record LoadConfig(
    long requests, int workers, Duration timeout, double cancelFraction, Duration thinkTime, long seed) {

  /**
   * Most requests in one run: a billion, about nine hours at this machine's 30,000 requests/s.
   * Memory no longer grows with a run (summaries are folds), but a count beyond this is a typo
   * (2147483648) rather than an experiment, and would run for days.
   */
  public static final long MAX_REQUESTS = 1_000_000_000L;
  /**
   * Most concurrent workers: 512 requests in flight, the window's own maximum. Each HTTP/1
   * worker holds its own connection (four file descriptors through the fault proxy) and the whole
   * stack shares one event loop by default: on two cores 256 workers already saturate it (h1 p50
   * latency 268 ms, 1,000 workers: every request timed out at 2 s), so more measure the machine,
   * not the pool; 100,000 spun the CPU for minutes before the first connection.
   */
  public static final int MAX_WORKERS = 512;

  public LoadConfig {
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(thinkTime, "thinkTime");
    if (requests < 0 || requests > MAX_REQUESTS) {
      throw new IllegalArgumentException("requests must be >= 0 and <= " + MAX_REQUESTS + ", not " + requests);
    }
    if (workers < 1 || workers > MAX_WORKERS) {
      throw new IllegalArgumentException("workers must be >= 1 and <= " + MAX_WORKERS + ", not " + workers);
    }
    if (timeout.isZero() || timeout.isNegative()) throw new IllegalArgumentException("timeout must be > 0, not " + timeout);
    if (!(cancelFraction >= 0 && cancelFraction <= 1)) throw new IllegalArgumentException("cancelFraction must be in [0, 1], not " + cancelFraction);
    if (thinkTime.isNegative()) throw new IllegalArgumentException("thinkTime must be >= 0");
  }

  public static LoadConfig sequential(long requests, Duration timeout) {
    return new LoadConfig(requests, 1, timeout, 0, Duration.ZERO, 1);
  }

  public LoadConfig withRequests(long n) {
    return new LoadConfig(n, workers, timeout, cancelFraction, thinkTime, seed);
  }

  public LoadConfig withWorkers(int n) {
    return new LoadConfig(requests, n, timeout, cancelFraction, thinkTime, seed);
  }
}
