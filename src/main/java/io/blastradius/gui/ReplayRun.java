package io.blastradius.gui;

import io.blastradius.core.event.Event;
import io.blastradius.core.event.EventSink;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.LockSupport;

/**
 * A recording played back as if it were running: one feeder thread hands the recorded events to
 * the sink at their recorded times divided by {@code speed} (or all at once when the speed is
 * infinite), so the live view, charts and log show a recording exactly as they show a run. The
 * flows of a recording cannot be unplugged: the fault methods fail.
 */
final class ReplayRun implements RunHandle {
  /** Feed everything at once: the window shows the recording's final state. */
  static final double INSTANT = Double.POSITIVE_INFINITY;

  private final List<Event> events;
  private final EventSink sink;
  private final double speed;
  private final long lastT;
  private final long startedAt = System.nanoTime();
  private final CompletableFuture<Void> done = new CompletableFuture<>();
  private volatile boolean stopped;

  ReplayRun(List<Event> events, EventSink sink, double speed) {
    this.events = events;
    this.sink = sink;
    this.speed = speed;
    long max = 0;
    for (Event e : events) max = Math.max(max, e.t());
    this.lastT = max;
    Thread feeder = new Thread(this::feed, "replay-feed");
    feeder.setDaemon(true);
    feeder.start();
  }

  private void feed() {
    try {
      for (Event e : events) {
        if (stopped) break;
        if (speed != INSTANT) {
          long due = (long) (e.t() / speed);
          long wait;
          while (!stopped && (wait = due - (System.nanoTime() - startedAt)) > 0) {
            LockSupport.parkNanos(Math.min(wait, 50_000_000L));
          }
        }
        sink.accept(e);
      }
    } finally {
      done.complete(null);
    }
  }

  /** Recorded run time now playing (the end, once everything was fed). */
  @Override
  public long now() {
    if (speed == INSTANT || done.isDone()) return lastT;
    return Math.min(lastT, (long) ((System.nanoTime() - startedAt) * speed));
  }

  private static CompletableFuture<Void> refuse() {
    return CompletableFuture.failedFuture(new UnsupportedOperationException("this is a recording: its flows cannot be changed"));
  }

  @Override
  public CompletableFuture<Void> unplug(int flowId) {
    return refuse();
  }

  @Override
  public CompletableFuture<Void> replug(int flowId) {
    return refuse();
  }

  @Override
  public CompletableFuture<Void> reset(int flowId) {
    return refuse();
  }

  @Override
  public CompletableFuture<Void> done() {
    return done;
  }

  @Override
  public void stop() {
    stopped = true;
  }
}
