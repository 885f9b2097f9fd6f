package io.blastradius.core.pool;

import io.blastradius.core.policy.Stream;

/** One request in the pool. Confined to the pool's scheduler thread. */
final class Request implements PoolCore.Handle, Runnable {
  private final PoolCore core;
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

  Request(PoolCore core, long id, int worker, long startedAt, long deadline, long cancelAt, PoolCore.Callback callback) {
    this.core = core;
    this.id = id;
    this.worker = worker;
    this.startedAt = startedAt;
    this.deadline = deadline;
    this.cancelAt = cancelAt;
    this.callback = callback;
  }

  /** The abort timer fired (the request is its own timer task: one allocation less per request). */
  @Override
  public void run() {
    core.abort(this, abortOutcome());
  }

  @Override
  public long id() {
    return id;
  }

  @Override
  public void cancel() {
    core.abort(this, io.blastradius.core.event.Outcome.CANCELLED);
  }

  @Override
  public void timeOut() {
    core.abort(this, io.blastradius.core.event.Outcome.TIMEOUT);
  }

  /** Whichever comes first: the caller's cancel or the deadline. */
  long nextAbortAt() {
    return cancelAt >= 0 && cancelAt < deadline ? cancelAt : deadline;
  }

  io.blastradius.core.event.Outcome abortOutcome() {
    return cancelAt >= 0 && cancelAt < deadline ? io.blastradius.core.event.Outcome.CANCELLED : io.blastradius.core.event.Outcome.TIMEOUT;
  }
}
