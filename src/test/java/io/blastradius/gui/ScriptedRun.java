package io.blastradius.gui;

import io.blastradius.gui.common.RunHandle;
import io.blastradius.gui.common.RunStarter;

import io.blastradius.core.event.Event;
import io.blastradius.core.event.EventSink;
import io.blastradius.core.run.RunConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * A run driven by the test: it feeds events into the sink the workbench gave, sets the time, and
 * sees which faults the workbench asked for. No threads, no sockets.
 */
public class ScriptedRun implements RunHandle {
  /** Runs tasks at once on the calling thread: the tests' background and FX executors. */
  public static final Executor DIRECT = Runnable::run;

  public final RunConfig config;
  final EventSink sink;
  final List<String> calls = new ArrayList<>();
  public final CompletableFuture<Void> done = new CompletableFuture<>();
  long now;
  public boolean stopped;

  public ScriptedRun(RunConfig config, EventSink sink) {
    this.config = config;
    this.sink = sink;
  }

  /** A starter that hands out scripted runs and remembers them. */
  public static final class Starter implements RunStarter {
    public final List<ScriptedRun> runs = new ArrayList<>();
    RuntimeException failWith;

    @Override
    public RunHandle start(RunConfig config, EventSink sink) {
      if (failWith != null) throw failWith;
      ScriptedRun r = new ScriptedRun(config, sink);
      runs.add(r);
      return r;
    }

    public ScriptedRun last() {
      return runs.get(runs.size() - 1);
    }
  }

  public ScriptedRun emit(Event... es) {
    for (Event e : es) sink.accept(e);
    return this;
  }

  ScriptedRun at(long t) {
    now = t;
    return this;
  }

  @Override
  public long now() {
    return now;
  }

  @Override
  public CompletableFuture<Void> unplug(int flowId) {
    calls.add("unplug " + flowId);
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public CompletableFuture<Void> replug(int flowId) {
    calls.add("replug " + flowId);
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public CompletableFuture<Void> reset(int flowId) {
    calls.add("reset " + flowId);
    return CompletableFuture.failedFuture(new IllegalStateException("flow " + flowId + " is closed"));
  }

  @Override
  public CompletableFuture<Void> done() {
    return done;
  }

  @Override
  public void stop() {
    stopped = true;
    calls.add("stop");
  }
}
