package io.blastradius.core.pool;

import io.blastradius.core.policy.Stream;

/** One request in the pool. Confined to the pool's scheduler thread. */
final class Request {
  final long id;
  final int worker;
  final long startedAt;
  final long deadline;
  /** When the caller cancels it on purpose, or -1. */
  final long cancelAt;
  final PoolCore.Callback callback;

  Link conn;
  Stream stream;
  /** This request caused a dial that has not produced a connection yet. */
  boolean dialRequested;
  boolean retried;
  boolean done;
  /** HTTP status from the response HEADERS, once read. */
  int status;
  Scheduler.Cancellable timer;

  Request(long id, int worker, long startedAt, long deadline, long cancelAt, PoolCore.Callback callback) {
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

  io.blastradius.core.event.Outcome abortOutcome() {
    return cancelAt >= 0 && cancelAt < deadline ? io.blastradius.core.event.Outcome.CANCELLED : io.blastradius.core.event.Outcome.TIMEOUT;
  }
}
