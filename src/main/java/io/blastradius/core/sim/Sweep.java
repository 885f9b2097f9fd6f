package io.blastradius.core.sim;

import io.blastradius.core.policy.Policies;
import io.blastradius.core.policy.PolicyInfo;
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

    /** The names of {@link #asMap()}'s entries, in order. */
    public static final List<String> COLUMNS = List.of("policy", "value", "failuresPerUnplug", "pingsPerHour",
        "connectionsPerMinute", "timeToEvictMillis", "failed", "unplugs", "pingsSent", "connectionsOpened", "simulatedMillis");

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

  /** {@code --policy all}: every policy that takes the parameter is swept. */
  public static final String ALL = "all";

  /** What a point costs, the x of the trade-off chart. */
  public enum Cost {
    PINGS_PER_HOUR("PINGs per hour"),
    CONNECTIONS_PER_MINUTE("connections per minute");

    private final String label;

    Cost(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }

    public double of(Point p) {
      return this == PINGS_PER_HOUR ? p.pingsPerHour() : p.connectionsPerMinute();
    }
  }

  /**
   * A whole sweep: the swept policies' points (in policy order, then value order), then every
   * policy at its defaults. The CLI's JSON and CSV rows are {@link #all()}; the chart is
   * {@link #series()} and {@link #front}.
   */
  public record Result(String scenario, String policy, Param param, List<Point> swept, List<Point> baselines) {
    public Result {
      swept = List.copyOf(swept);
      baselines = List.copyOf(baselines);
    }

    /** The rows the CLI prints: swept values, then the policies at their defaults. */
    public List<Point> all() {
      List<Point> all = new ArrayList<>(swept);
      all.addAll(baselines);
      return all;
    }

    /**
     * One series per policy, in the registry's order: a swept policy's values (a line through
     * them), any other policy's point at its defaults.
     */
    public Map<String, List<Point>> series() {
      Map<String, List<Point>> byPolicy = new LinkedHashMap<>();
      for (Point p : swept) byPolicy.computeIfAbsent(idOf(p), k -> new ArrayList<>()).add(p);
      Map<String, List<Point>> out = new LinkedHashMap<>();
      for (Point b : baselines) {
        String id = idOf(b);
        out.put(id, byPolicy.containsKey(id) ? List.copyOf(byPolicy.remove(id)) : List.of(b));
      }
      byPolicy.forEach((id, ps) -> out.put(id, List.copyOf(ps))); // a sweep without baselines
      return out;
    }

    /**
     * The Pareto front of the chart's points for {@code cost}: those no other point beats on both
     * failures per unplug and cost (lower is better on both), cheapest first. A point equal to
     * another on both is on the front with it.
     */
    public List<Point> front(Cost cost) {
      List<Point> pts = new ArrayList<>();
      series().values().forEach(pts::addAll);
      List<Point> front = new ArrayList<>();
      for (Point p : pts) {
        boolean beaten = false;
        for (Point q : pts) {
          double pc = cost.of(p), qc = cost.of(q);
          if (qc <= pc && q.failuresPerUnplug() <= p.failuresPerUnplug()
              && (qc < pc || q.failuresPerUnplug() < p.failuresPerUnplug())) {
            beaten = true;
            break;
          }
        }
        if (!beaten) front.add(p);
      }
      front.sort(java.util.Comparator.comparingDouble(cost::of).thenComparingDouble(Point::failuresPerUnplug));
      return front;
    }

    /** The CLI's CSV: a header, then one row per {@link #all()} point. */
    public String csv() {
      StringBuilder b = new StringBuilder();
      List<Point> rows = all();
      b.append(String.join(",", rows.isEmpty() ? Point.COLUMNS : rows.get(0).asMap().keySet())).append('\n');
      for (Point pt : rows) {
        List<String> cells = new ArrayList<>();
        for (Object v : pt.asMap().values()) cells.add(v == null ? "" : '"' + v.toString().replace("\"", "\"\"") + '"');
        b.append(String.join(",", cells)).append('\n');
      }
      return b.toString();
    }
  }

  /** The policy id of a point (its spec without parameters). */
  public static String idOf(Point p) {
    return PolicySpec.parse(p.policy()).id();
  }

  /** Told of a sweep's progress, on the thread that runs it; may ask it to stop. */
  public interface Monitor {
    Monitor NONE = new Monitor() {};

    /** Before the first run: how many simulated runs the sweep makes. */
    default void started(int runs) {}

    /** After each run: how many are done, and the point it gave. */
    default void ran(int done, Point point) {}

    /** Checked before each run; true stops the sweep with a {@link java.util.concurrent.CancellationException}. */
    default boolean cancelled() {
      return false;
    }
  }

  /**
   * The policies a sweep of {@code param} runs for {@code policy}: that one, or for {@link #ALL}
   * every policy that takes the parameter (an error naming the parameter when none does).
   */
  public static List<String> sweptPolicies(String policy, String param) {
    if (!policy.trim().equals(ALL)) return List.of(policy.trim());
    List<String> ids = new ArrayList<>();
    for (String id : Policies.ids()) if (parameters(id).contains(param)) ids.add(id);
    if (ids.isEmpty()) throw new IllegalArgumentException("--param " + param + ": no policy takes it");
    return ids;
  }

  /**
   * Runs a whole sweep, as the CLI's {@code sweep} and the window's Sweep tab do: every value of
   * {@code param} for {@code policy} (an id, optionally with fixed parameters, or {@link #ALL}),
   * then every policy at its defaults. Every spec is built before the first run, so a bad value
   * costs no run.
   */
  public static Result sweep(Scenario scenario, String policy, Param param, Monitor monitor) {
    List<String> ids = sweptPolicies(policy, param.name());
    List<PolicySpec> specs = new ArrayList<>();
    List<String> values = new ArrayList<>();
    for (String id : ids) {
      specs.addAll(specs(scenario, id, param));
      values.addAll(param.values());
    }
    List<PolicySpec> defaults = new ArrayList<>();
    for (String id : Policies.ids()) defaults.add(PolicySpec.of(id));
    int total = specs.size() + defaults.size();
    monitor.started(total);
    List<Point> swept = new ArrayList<>();
    List<Point> baselines = new ArrayList<>();
    int done = 0;
    for (int i = 0; i < total; i++) {
      if (monitor.cancelled()) throw new java.util.concurrent.CancellationException("sweep cancelled after " + done + " of " + total + " runs");
      boolean isSwept = i < specs.size();
      PolicySpec spec = isSwept ? specs.get(i) : defaults.get(i - specs.size());
      Point p = Point.of(isSwept ? values.get(i) : "", simulate(scenario.runConfig(spec)));
      (isSwept ? swept : baselines).add(p);
      monitor.ran(++done, p);
    }
    return new Result(scenario.name(), policy.trim(), param, swept, baselines);
  }

  /**
   * The parameters of a policy a sweep can range over: those that take a duration or a number
   * (not yes/no flags), and {@code max-streams} for an HTTP/2 policy. Found by building the
   * policy: the policy's own parameter reader is the only list of them.
   */
  public static List<String> parameters(String policyId) {
    PolicyInfo info = Policies.info(policyId);
    java.util.SortedSet<String> known;
    try {
      Policies.create(new PolicySpec(policyId, Map.of("?", "?"), Integer.MAX_VALUE, false));
      known = new java.util.TreeSet<>();
    } catch (PolicySpec.UnknownParameterException e) {
      known = e.known();
    }
    List<String> out = new ArrayList<>();
    for (String name : known) {
      for (String v : PROBES) {
        try {
          Policies.create(new PolicySpec(policyId, Map.of(name, v), Integer.MAX_VALUE, false));
          out.add(name);
          break;
        } catch (IllegalArgumentException e) {
          // not this kind of value; try the next
        }
      }
    }
    if (info.protocol() == io.blastradius.core.policy.Protocol.H2) out.add("max-streams");
    return List.copyOf(out);
  }

  /** Values a sweepable parameter takes at least one of (flags take none of them). */
  private static final List<String> PROBES = List.of("1ms", "2s", "30s", "2", "10", "100", "1000");

  /** Every parameter some policy can sweep, sorted. */
  public static List<String> allParameters() {
    java.util.TreeSet<String> all = new java.util.TreeSet<>();
    for (String id : Policies.ids()) all.addAll(parameters(id));
    return List.copyOf(all);
  }

  static Scorecard simulate(RunConfig config) {
    ScoringSink score = new ScoringSink();
    SimRun.run(config, score);
    return score.result(config.policy().toString());
  }
}
