package io.blastradius.gui.form;

import io.blastradius.core.event.Fault;
import io.blastradius.core.load.FaultPlan;
import io.blastradius.core.load.LoadConfig;
import io.blastradius.core.scenario.Scenario;
import io.blastradius.core.scenario.ScenarioFiles;
import io.blastradius.core.server.ServerConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A scenario the form starts from: the product's preset scenario files (seed, concurrent,
 * healthy-cancel, ...) plus {@code manual}, which schedules no faults so flows are unplugged by
 * hand. The form may override the load, the handler delay, the stream limit and, when the preset's
 * fault plan is one unplug schedule, its number; everything else (cancellations, stalls, ping
 * policing, policy parameters, other faults) comes from the preset as written.
 */
public record Preset(String id, String description, Scenario base, FaultKind faultKind, int faultParam) {

  /** What the form's fault field means for this preset. */
  public enum FaultKind {
    /** Unplug a live flow every N requests. */
    EVERY("Unplug every (req.)"),
    /** Unplug one live flow before request N. */
    AT("Unplug at request"),
    /** The preset's own fault plan, not editable here. */
    FIXED("Faults: as preset"),
    /** None scheduled. */
    NONE("No scheduled faults");

    public final String label;

    FaultKind(String label) {
      this.label = label;
    }
  }

  private static final List<Preset> ALL = load();

  /** Presets, in the product's order, then manual. Loaded once (class-path reads). */
  public static List<Preset> all() {
    return ALL;
  }

  public static Preset byId(String id) {
    for (Preset p : ALL) if (p.id.equals(id)) return p;
    return ALL.get(0);
  }

  private static List<Preset> load() {
    List<Preset> out = new ArrayList<>();
    for (String name : ScenarioFiles.PRESETS) {
      Scenario s;
      try {
        s = ScenarioFiles.preset(name);
      } catch (RuntimeException e) {
        continue; // a broken preset file must not keep the window from opening
      }
      out.add(of(name, s));
    }
    Scenario manual = new Scenario("manual",
        "No scheduled faults: unplug, replug and reset flows by hand from the connection cards.",
        new LoadConfig(200_000, 8, Duration.ofMillis(100), 0, Duration.ofMillis(1), 1),
        ServerConfig.defaults(), FaultPlan.none(), null);
    out.add(new Preset("manual", manual.description(), manual, FaultKind.NONE, 0));
    if (out.size() == 1) { // no preset files at all: still offer the seed's shape
      Scenario seed = new Scenario("seed", "golang/go#63422: sequential requests, 10 ms timeout, an unplug every 1,000.",
          LoadConfig.sequential(3_000, Duration.ofMillis(10)), ServerConfig.defaults(), FaultPlan.unplugEvery(1_000), null);
      out.add(0, new Preset("seed", seed.description(), seed, FaultKind.EVERY, 1_000));
    }
    return List.copyOf(out);
  }

  /** A preset from any scenario (a preset file, or a scenario file the user opened). */
  public static Preset of(String id, Scenario s) {
    List<FaultPlan.Step> steps = s.faults().steps();
    FaultKind kind = FaultKind.FIXED;
    int param = 0;
    if (steps.isEmpty()) {
      kind = FaultKind.NONE;
    } else if (steps.size() == 1 && steps.get(0) instanceof FaultPlan.UnplugEvery u) {
      kind = FaultKind.EVERY;
      param = u.every();
    } else if (steps.size() == 1 && steps.get(0) instanceof FaultPlan.At at
        && at.fault() == Fault.UNPLUG && at.revertAfter() == null) {
      kind = FaultKind.AT;
      param = (int) Math.min(Integer.MAX_VALUE, at.request());
    }
    return new Preset(id, s.description(), s, kind, param);
  }

  public int workers() { return base.load().workers(); }
  public int requests() { return (int) Math.min(Integer.MAX_VALUE, base.load().requests()); }
  public int timeoutMs() { return (int) Math.max(1, base.load().timeout().toMillis()); }
  public int delayMs() { return (int) base.server().delay().a().toMillis(); }
  public int maxStreams() { return base.server().maxConcurrentStreams(); }

  public boolean hasFaultParam() {
    return faultKind == FaultKind.EVERY || faultKind == FaultKind.AT;
  }

  /** The fault plan with the form's number (ignored unless {@link #hasFaultParam}). */
  public FaultPlan faults(int param) {
    return switch (faultKind) {
      case EVERY -> FaultPlan.unplugEvery(Math.max(1, param));
      case AT -> new FaultPlan(List.of(new FaultPlan.At(Math.max(0, param), Fault.UNPLUG, null, null)));
      case FIXED, NONE -> base.faults();
    };
  }

  @Override
  public String toString() {
    return id;
  }
}
