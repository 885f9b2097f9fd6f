package io.blastradius.core.pool;

import io.blastradius.core.event.CloseReason;
import io.blastradius.core.event.Event;
import io.blastradius.core.event.Event.ConnStatus;
import io.blastradius.core.policy.Actions;
import io.blastradius.core.policy.Conn;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The {@link PoolCore}'s {@link Actions}: what a policy asks for during one of its calls is
 * buffered and applied right after the call returns, in order; then the timers of the
 * connections the event or an action touched are re-armed. Confined to the scheduler's thread.
 */
final class PoolEffects implements Actions {
  private final PoolCore core;
  private long nextPingPayload = 0x42520000L;
  private final List<Runnable> queued = new ArrayList<>();
  private final Set<Link> touched = new LinkedHashSet<>();
  private boolean applying;

  PoolEffects(PoolCore core) {
    this.core = core;
  }

  @Override
  public void sendPing(Conn c) {
    queued.add(() -> {
      Link pc = core.find(c);
      if (pc == null || c.isClosed()) return;
      long now = core.scheduler.nanoTime();
      long payload = nextPingPayload++;
      c.pingSent(payload, now);
      if (pc.wire != null) pc.wire.ping(payload);
      core.sink.accept(new Event.PingSent(now, c.id, payload));
      touched.add(pc);
    });
  }

  @Override
  public void close(Conn c, CloseReason reason, String detail) {
    queued.add(() -> {
      Link pc = core.find(c);
      if (pc != null) core.closeConn(pc, reason, detail, core.scheduler.nanoTime());
    });
  }

  @Override
  public void setStatus(Conn c, ConnStatus status, String why) {
    queued.add(() -> {
      if (c.isClosed() || c.status() == status) return;
      c.setStatus(status);
      long now = core.scheduler.nanoTime();
      core.sink.accept(new Event.ConnectionStatusChanged(now, c.id, status, why));
      Link pc = core.find(c);
      if (pc != null) {
        touched.add(pc);
        core.drainIfEmpty(pc, now);
      }
    });
  }

  @Override
  public void holdSlots(Conn c, int held) {
    queued.add(() -> {
      if (c.heldSlots() == held) return;
      c.setHeldSlots(held);
      core.sink.accept(new Event.SlotsHeld(core.scheduler.nanoTime(), c.id, held));
      Link pc = core.find(c);
      if (pc != null) touched.add(pc);
    });
  }

  /**
   * Runs what the policy asked for, then re-arms the timers of {@code about} (the connection
   * the event concerned) and of every connection an action touched. Called once per frame, so
   * it stays O(touched), not O(connections).
   */
  void apply(long now, Link about) {
    touched.add(about);
    if (applying) return; // the outer apply() runs what was queued and re-arms what was touched
    applying = true;
    try {
      for (int i = 0; i < queued.size(); i++) queued.get(i).run();
      queued.clear();
      for (Link pc : touched) core.rearmTimer(pc, now);
    } finally {
      applying = false;
      touched.clear();
    }
  }
}
