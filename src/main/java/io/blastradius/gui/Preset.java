package io.blastradius.gui;

import io.blastradius.core.event.Fault;
import io.blastradius.core.load.FaultPlan;
import java.util.List;

/**
 * Scenario shapes the window offers, with the defaults each starts from. The user can change any
 * value after picking one.
 */
public enum Preset {
  /** golang/go#63422: one sequential client, a short timeout, an unplug every N requests. */
  SEED("seed", "Seed (golang/go#63422): 1 sequential worker, unplug a live flow every N requests",
      "Unplug every (req.)", 1, 3_000, 10, 0, 250, 1_000),
  /** Many workers on few connections, one unplug half-way. */
  CONCURRENT("concurrent", "Concurrent: 32 workers, one unplug at request N (half-way by default)",
      "Unplug at request", 32, 20_000, 100, 0, 250, 10_000),
  /** No scheduled faults: unplug flows by hand from the cards. */
  MANUAL("manual", "Manual: no scheduled faults; unplug, replug and reset flows from the cards",
      "No scheduled faults", 8, 200_000, 100, 1, 250, 0);

  public final String id;
  public final String description;
  public final String faultLabel;
  public final int workers, requests, timeoutMs, delayMs, maxStreams, faultParam;

  Preset(String id, String description, String faultLabel, int workers, int requests, int timeoutMs,
      int delayMs, int maxStreams, int faultParam) {
    this.id = id;
    this.description = description;
    this.faultLabel = faultLabel;
    this.workers = workers;
    this.requests = requests;
    this.timeoutMs = timeoutMs;
    this.delayMs = delayMs;
    this.maxStreams = maxStreams;
    this.faultParam = faultParam;
  }

  public boolean hasFaultParam() {
    return this != MANUAL;
  }

  /** The fault schedule for {@code param} (unplug every N, or unplug at request N). */
  public FaultPlan faults(int param) {
    return switch (this) {
      case SEED -> FaultPlan.unplugEvery(Math.max(1, param));
      case CONCURRENT -> new FaultPlan(List.of(new FaultPlan.At(Math.max(0, param), Fault.UNPLUG, null, null)));
      case MANUAL -> FaultPlan.none();
    };
  }

  public static Preset byId(String id) {
    for (Preset p : values()) if (p.id.equals(id)) return p;
    return SEED;
  }

  @Override
  public String toString() {
    return id;
  }
}
