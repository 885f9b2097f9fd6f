package io.blastradius.core.pool;

import io.blastradius.core.time.Clock;
import io.netty.channel.EventLoop;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/** Real time on a Netty event loop: the run's {@link Clock} and the loop's own timer wheel. */
public final class NettyScheduler implements Scheduler {
  private final EventLoop loop;
  private final Clock clock;

  public NettyScheduler(EventLoop loop, Clock clock) {
    this.loop = loop;
    this.clock = clock;
  }

  public EventLoop loop() {
    return loop;
  }

  @Override
  public long nanoTime() {
    return clock.nanoTime();
  }

  @Override
  public void execute(Runnable task) {
    loop.execute(task);
  }

  @Override
  public Cancellable schedule(Runnable task, long delayNanos) {
    ScheduledFuture<?> f = loop.schedule(task, Math.max(0, delayNanos), TimeUnit.NANOSECONDS);
    return () -> f.cancel(false);
  }

  @Override
  public boolean inLoop() {
    return loop.inEventLoop();
  }
}
