package io.blastradius.core.sim;

import io.blastradius.core.policy.Policies;
import io.blastradius.core.policy.PolicySpec;
import io.blastradius.core.run.RunConfig;
import io.blastradius.core.scenario.Scenario;
import io.blastradius.core.score.Scorecard;
import io.blastradius.core.score.ScoringSink;
import io.blastradius.core.util.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One policy parameter swept over a range, each value a simulated run of the scenario: what it
 * costs (PINGs per hour, connections per minute) against what it saves (failures per unplug,
 * time to evict). With every other policy at its defaults on the same scenario, the points are
 * the trade-off a team reads to choose, say, a ReadIdleTimeout.
 */
public final class Sweep {
  private Sweep() {}

  private static final Pattern RANGE = Pattern.compile("([A-Za-z][A-Za-z0-9-]*)=(.+?)\\.\\.([^:]+)(?::([0-9]+))?");

  /**
   * {@code NAME=FROM..TO[:STEPS]}: STEPS values (default 5) evenly from FROM to TO, both
   * included; durations (with a unit) or whole numbers. {@code max-streams} sweeps the client cap
   * modifier.
   */
  public record Param(String name, List<String> values) {
    public static Param parse(String text) {
      Matcher m = RANGE.matcher(text == null ? "" : text.trim());
      if (!m.matches()) {
        throw new IllegalArgumentException("--param '" + text + "': write NAME=FROM..TO[:STEPS], e.g. idle=1s..30s:6");
      }
      String name = m.group(1);
      int steps = m.group(4) == null ? 5 : Integer.parseInt(m.group(4));
      if (steps < 2 || steps > 100) throw new IllegalArgumentException("--param '" + text + "': STEPS must be 2..100, not " + steps);
      String from = m.group(2).trim();
      String to = m.group(3).trim();
      List<String> values = new ArrayList<>();
      if (from.matches("[0-9]+") && to.matches("[0-9]+")) {
        long a = Long.parseLong(from);
        long b = Long.parseLong(to);
        for (int i = 0; i < steps; i++) {
          String v = Long.toString(Math.round(a + (b - a) * (double) i / (steps - 1)));
          if (!values.contains(v)) values.add(v);
        }
      } else {
        long a;
        long b;
        try {
          a = Durations.parse(from).toNanos();
          b = Durations.parse(to).toNanos();
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("--param '" + text + "': " + e.getMessage());
        }
        for (int i = 0; i < steps; i++) {
          // Whole microseconds keep the values readable (1s, 6.8s -> 6800ms).
          long n = Math.round((a + (b - a) * (double) i / (steps - 1)) / 1000.0) * 1000;
          String v = Durations.format(Duration.ofNanos(n));
          if (!values.contains(v)) values.add(v);
        }
      }
      return new Param(name, List.copyOf(values));
    }
  }

  /**
   * One simulated run's figures.
   *
   * @param value the swept parameter's value, or "" for a policy at its defaults
   * @param failuresPerUnplug failed / unplugs; failed when nothing was unplugged
   * @param pingsPerHour PINGs sent per hour of simulated time
   * @param connectionsPerMinute connections dialed per minute of simulated time
   * @param timeToEvictMillis see {@link Scorecard}; null when nothing was unplugged
   */
  public record Point(
      String policy, String value, double failuresPerUnplug, double pingsPerHour, double connectionsPerMinute,
      Double timeToEvictMillis, Scorecard scorecard) {

    static Point of(String value, Scorecard c) {
      double hours = Math.max(c.wallMillis(), 1e-3) / 3_600_000.0;
      double fpu = c.failuresPerUnplug() != null ? c.failuresPerUnplug() : c.failed();
      return new Point(c.policy(), value, fpu, c.pingsSent() / hours, c.connectionsOpened() / (hours * 60),
          c.timeToEvictMillis(), c);
    }

    /** The figures by name, for JSON and CSV. */
    public Map<String, Object> asMap() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("policy", policy);
      m.put("value", value);
      m.put("failuresPerUnplug", round(failuresPerUnplug));
      m.put("pingsPerHour", round(pingsPerHour));
      m.put("connectionsPerMinute", round(connectionsPerMinute));
      m.put("timeToEvictMillis", timeToEvictMillis == null ? null : round(timeToEvictMillis));
      m.put("failed", scorecard.failed());
      m.put("unplugs", scorecard.unplugs());
      m.put("pingsSent", scorecard.pingsSent());
      m.put("connectionsOpened", scorecard.connectionsOpened());
      m.put("simulatedMillis", round(scorecard.wallMillis()));
      return m;
    }

    private static double round(double v) {
      return Math.round(v * 100) / 100.0;
    }
  }

  /** The specs the sweep will run, validated (each policy built once) before anything runs. */
  public static List<PolicySpec> specs(Scenario scenario, String policyId, Param param) {
    PolicySpec base = scenario.runConfig(PolicySpec.parse(policyId)).policy();
    List<PolicySpec> specs = new ArrayList<>();
    for (String v : param.values()) {
      PolicySpec spec;
      if (param.name().equals("max-streams")) {
        spec = PolicySpec.parse(base + "+max-streams=" + v);
      } else {
        Map<String, String> params = new LinkedHashMap<>(base.params());
        params.put(param.name(), v);
        spec = new PolicySpec(base.id(), params, base.maxStreams(), base.retry());
      }
      Policies.create(spec); // an unknown parameter or a bad value fails here, before any run
      specs.add(spec);
    }
    return specs;
  }

  /** Runs the sweep: one simulated run per value, in order. */
  public static List<Point> run(Scenario scenario, String policyId, Param param) {
    List<Point> points = new ArrayList<>();
    List<PolicySpec> specs = specs(scenario, policyId, param);
    for (int i = 0; i < specs.size(); i++) points.add(Point.of(param.values().get(i), simulate(scenario.runConfig(specs.get(i)))));
    return points;
  }

  /** Every policy at its defaults (the scenario's parameters) on the same scenario. */
  public static List<Point> baselines(Scenario scenario) {
    List<Point> points = new ArrayList<>();
    for (String id : Policies.ids()) points.add(Point.of("", simulate(scenario.runConfig(PolicySpec.of(id)))));
    return points;
  }

  static Scorecard simulate(RunConfig config) {
    ScoringSink score = new ScoringSink();
    SimRun.run(config, score);
    return score.result(config.policy().toString());
  }
}
