package io.blastradius.core.pool;

import io.blastradius.core.event.Outcome;
import io.blastradius.core.policy.Stream;
import java.util.concurrent.ScheduledFuture;

/** One request in the pool. Confined to the pool's event loop. */
final class Request {
  final long id;
  final int worker;
  final long startedAt;
  final long deadline;
  /** When the caller cancels it on purpose, or -1. */
  final long cancelAt;
  final ClientPool.Callback callback;

  PooledConnection conn;
  Stream stream;
  /** This request caused a dial that has not produced a connection yet. */
  boolean dialRequested;
  boolean retried;
  boolean done;
  /** HTTP status from the response HEADERS, once read. */
  int status;
  ScheduledFuture<?> timer;

  Request(long id, int worker, long startedAt, long deadline, long cancelAt, ClientPool.Callback callback) {
    this.id = id;
    this.worker = worker;
    this.startedAt = startedAt;
    this.deadline = deadline;
    this.cancelAt = cancelAt;
    this.callback = callback;
  }

  /** Whichever comes first: the caller's cancel or the deadline. */
  long nextAbortAt() {
    return cancelAt >= 0 && cancelAt < deadline ? cancelAt : deadline;
  }

  Outcome abortOutcome() {
    return cancelAt >= 0 && cancelAt < deadline ? Outcome.CANCELLED : Outcome.TIMEOUT;
  }
}
