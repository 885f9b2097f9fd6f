package io.blastradius.core.scenario;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.blastradius.core.policy.Policies;
import io.blastradius.core.policy.PolicySpec;
import io.blastradius.core.event.Fault;
import io.blastradius.core.load.FaultPlan;
import io.blastradius.core.load.LoadConfig;
import io.blastradius.core.server.DelayModel;
import io.blastradius.core.server.ServerConfig;
import io.blastradius.core.util.Durations;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads and writes scenario files, and knows the presets.
 *
 * <p>The schema (JSON; every field but {@code name} optional, defaults shown):
 *
 * <pre>
 * {
 *   "name": "seed",
 *   "description": "…",
 *   "requests": 3000,            // >= 0
 *   "workers": 1,                // >= 1; 1 = sequential
 *   "timeout": "10ms",           // every request's deadline; a number with a unit (ns us ms s m h)
 *   "cancelFraction": 0.0,       // 0..1: share of requests the client cancels on purpose
 *   "thinkTime": "0ms",          // pause between a worker's requests
 *   "seed": 1,
 *   "server": {
 *     "maxConcurrentStreams": 250,
 *     "delay": "0ms",            // handler think time (fixed)
 *     "delayMax": null,          // if set: uniform between delay and delayMax
 *     "stallFraction": 0.0,      // 0..1: share of requests whose handler stalls…
 *     "stall": "0ms",            // …for this long (the application, not the network)
 *     "pingLimit": null          // or {"minInterval": "5m", "maxStrikes": 2}: gRPC's ping policing
 *   },
 *   "faults": [
 *     {"type": "unplug-every", "every": 1000},
 *     {"type": "at", "request": 1500, "fault": "latency", "latency": "200ms", "revertAfter": "2s"}
 *   ],                           // fault: unplug, unplug-upstream, unplug-downstream, latency, reset, close
 *   "policyParams": {"h2-interval-ping": "period=100ms"}   // used when the user gives the policy no parameters
 * }
 * </pre>
 *
 * Unknown fields, values of the wrong type, durations without a unit and impossible values are
 * errors that name the file, the field and the reason.
 */
public final class ScenarioFiles {
  public static final List<String> PRESETS =
      List.of("seed", "concurrent", "healthy-cancel", "slow-handler", "latency-spike", "strict-pings");

  /** Largest scenario file read ({@link ScenarioText#MAX_BYTES}). */
  public static final int MAX_BYTES = ScenarioText.MAX_BYTES;

  /** For {@link #write}: plain JSON. Reading is strict ({@link ScenarioText}). */
  private static final ObjectMapper JSON = new ObjectMapper();

  private ScenarioFiles() {}

  /** A preset by name, or a file path. */
  public static Scenario load(String nameOrFile) {
    if (PRESETS.contains(nameOrFile)) return preset(nameOrFile);
    Path p = Path.of(nameOrFile);
    if (!Files.exists(p)) {
      throw new IllegalArgumentException("no scenario '" + nameOrFile + "': not a preset (" + String.join(", ", PRESETS) + ") and no such file");
    }
    return read(p);
  }

  public static Scenario preset(String name) {
    String resource = "/assets/scenarios/" + name + ".json";
    try (InputStream in = ScenarioFiles.class.getResourceAsStream(resource)) {
      if (in == null) throw new IllegalArgumentException("no preset scenario '" + name + "' (known: " + String.join(", ", PRESETS) + ")");
      return parse(name + ".json", new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads a scenario file: see {@link ScenarioText#read} for what a file may be. */
  public static Scenario read(Path file) {
    return parse(file.toString(), ScenarioText.read(file));
  }

  /** Parses scenario JSON; {@code source} names the file in error messages. */
  public static Scenario parse(String source, String text) {
    return new Reader(source).scenario(ScenarioText.object(source, text));
  }

  /** Writes a scenario in the schema {@link #parse} reads. */
  public static String write(Scenario s) {
    ObjectNode o = JSON.createObjectNode();
    o.put("name", s.name());
    o.put("description", s.description());
    LoadConfig l = s.load();
    o.put("requests", l.requests());
    o.put("workers", l.workers());
    o.put("timeout", Durations.format(l.timeout()));
    o.put("cancelFraction", l.cancelFraction());
    o.put("thinkTime", Durations.format(l.thinkTime()));
    o.put("seed", l.seed());
    ObjectNode srv = o.putObject("server");
    ServerConfig sc = s.server();
    srv.put("maxConcurrentStreams", sc.maxConcurrentStreams());
    srv.put("delay", Durations.format(sc.delay().a()));
    if (sc.delay().kind() == DelayModel.Kind.UNIFORM) srv.put("delayMax", Durations.format(sc.delay().b()));
    srv.put("stallFraction", sc.delay().stallFraction());
    srv.put("stall", Durations.format(sc.delay().stall()));
    if (sc.pingLimit() == null) {
      srv.putNull("pingLimit");
    } else {
      ObjectNode pl = srv.putObject("pingLimit");
      pl.put("minInterval", Durations.format(sc.pingLimit().minInterval()));
      pl.put("maxStrikes", sc.pingLimit().maxStrikes());
    }
    ArrayNode faults = o.putArray("faults");
    for (FaultPlan.Step step : s.faults().steps()) {
      ObjectNode f = faults.addObject();
      if (step instanceof FaultPlan.UnplugEvery u) {
        f.put("type", "unplug-every");
        f.put("every", u.every());
      } else if (step instanceof FaultPlan.At at) {
        f.put("type", "at");
        f.put("request", at.request());
        f.put("fault", at.fault().name().toLowerCase(Locale.ROOT).replace('_', '-'));
        if (at.latency() != null) f.put("latency", Durations.format(at.latency()));
        if (at.revertAfter() != null) f.put("revertAfter", Durations.format(at.revertAfter()));
      } else if (step instanceof FaultPlan.UnplugBusiest b) {
        f.put("type", "unplug-busiest");
        f.put("request", b.request());
      } else if (step instanceof FaultPlan.UnplugBusiestEvery b) {
        f.put("type", "unplug-busiest-every");
        f.put("every", b.every());
      }
    }
    ObjectNode pp = o.putObject("policyParams");
    s.policyParams().forEach(pp::put);
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(o) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Walks the tree, checking every field, and names the field in each error. */
  private static final class Reader {
    private final String source;

    Reader(String source) {
      this.source = source;
    }

    private IllegalArgumentException error(String field, String reason) {
      return new IllegalArgumentException(source + ": field '" + field + "': " + reason);
    }

    private void allowOnly(ObjectNode o, String where, Set<String> known) {
      for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) {
        String f = it.next();
        if (!known.contains(f)) {
          throw error(where.isEmpty() ? f : where + "." + f, "unknown field (known: " + String.join(", ", known.stream().sorted().toList()) + ")");
        }
      }
    }

    Scenario scenario(ObjectNode o) {
      allowOnly(o, "", Set.of("name", "description", "requests", "workers", "timeout", "cancelFraction", "thinkTime", "seed",
          "server", "faults", "policyParams"));
      String name = text(o, "name", null);
      if (name == null || name.isBlank()) throw error("name", "required, a non-empty string");
      String description = text(o, "description", "");
      long requests = whole(o, "requests", 3000, 0, LoadConfig.MAX_REQUESTS);
      int workers = (int) whole(o, "workers", 1, 1, LoadConfig.MAX_WORKERS);
      Duration timeout = duration(o, "timeout", Duration.ofMillis(10));
      if (timeout.isZero()) throw error("timeout", "must be more than 0");
      double cancel = fraction(o, "cancelFraction", 0);
      Duration think = duration(o, "thinkTime", Duration.ZERO);
      long seed = whole(o, "seed", 1, Long.MIN_VALUE, Long.MAX_VALUE);
      LoadConfig load = new LoadConfig(requests, workers, timeout, cancel, think, seed);
      ServerConfig server = server(o.get("server"));
      FaultPlan faults = faults(o.get("faults"), requests);
      Map<String, String> params = new LinkedHashMap<>();
      JsonNode pp = o.get("policyParams");
      if (pp != null && !pp.isNull()) {
        if (!pp.isObject()) throw error("policyParams", "must be an object of policy id to \"key=value,...\"");
        for (Iterator<Map.Entry<String, JsonNode>> it = pp.fields(); it.hasNext(); ) {
          var e = it.next();
          if (!e.getValue().isTextual()) throw error("policyParams." + e.getKey(), "must be a string like \"period=100ms\"");
          checkPolicyParams("policyParams." + e.getKey(), e.getKey(), e.getValue().asText());
          params.put(e.getKey(), e.getValue().asText());
        }
      }
      return new Scenario(name, description, load, server, faults, params);
    }

    private ServerConfig server(JsonNode n) {
      ServerConfig d = ServerConfig.defaults();
      if (n == null || n.isNull()) return d;
      if (!n.isObject()) throw error("server", "must be an object");
      ObjectNode o = (ObjectNode) n;
      allowOnly(o, "server", Set.of("maxConcurrentStreams", "delay", "delayMax", "stallFraction", "stall", "pingLimit"));
      int max = (int) whole(o, "server.maxConcurrentStreams", "maxConcurrentStreams", 250, 1, Integer.MAX_VALUE);
      Duration delay = duration(o, "server.delay", "delay", Duration.ZERO);
      Duration delayMax = duration(o, "server.delayMax", "delayMax", null);
      double stallFraction = fraction(o, "server.stallFraction", "stallFraction", 0);
      Duration stall = duration(o, "server.stall", "stall", Duration.ZERO);
      if (stallFraction > 0 && stall.isZero()) throw error("server.stall", "must be more than 0 when stallFraction is set");
      if (delayMax != null && delayMax.compareTo(delay) < 0) throw error("server.delayMax", "must not be less than server.delay");
      DelayModel model = delayMax == null
          ? DelayModel.fixed(delay)
          : new DelayModel(DelayModel.Kind.UNIFORM, delay, delayMax, 0, Duration.ZERO, 1);
      model = model.withStalls(stallFraction, stall);
      ServerConfig.PingLimit limit = null;
      JsonNode pl = o.get("pingLimit");
      if (pl != null && !pl.isNull()) {
        if (!pl.isObject()) throw error("server.pingLimit", "must be null or {\"minInterval\": \"5m\", \"maxStrikes\": 2}");
        allowOnly((ObjectNode) pl, "server.pingLimit", Set.of("minInterval", "maxStrikes"));
        Duration min = duration(pl, "server.pingLimit.minInterval", "minInterval", Duration.ofMinutes(5));
        int strikes = (int) whole(pl, "server.pingLimit.maxStrikes", "maxStrikes", 2, 0, Integer.MAX_VALUE);
        limit = new ServerConfig.PingLimit(min, strikes);
      }
      return new ServerConfig(d.host(), d.port(), max, model, limit);
    }

    private FaultPlan faults(JsonNode n, long requests) {
      if (n == null || n.isNull()) return FaultPlan.none();
      if (!n.isArray()) throw error("faults", "must be an array");
      List<FaultPlan.Step> steps = new ArrayList<>();
      for (int i = 0; i < n.size(); i++) {
        String where = "faults[" + i + "]";
        JsonNode f = n.get(i);
        if (!f.isObject()) throw error(where, "must be an object with a \"type\"");
        String type = f.path("type").asText("");
        switch (type) {
          case "unplug-every" -> {
            allowOnly((ObjectNode) f, where, Set.of("type", "every"));
            if (!f.has("every")) throw error(where + ".every", "required");
            steps.add(new FaultPlan.UnplugEvery((int) whole(f, where + ".every", "every", 0, 1, Integer.MAX_VALUE)));
          }
          case "at" -> {
            allowOnly((ObjectNode) f, where, Set.of("type", "request", "fault", "latency", "revertAfter"));
            if (!f.has("request")) throw error(where + ".request", "required");
            long request = whole(f, where + ".request", "request", 0, 0, LoadConfig.MAX_REQUESTS);
            if (request >= requests && requests > 0) throw error(where + ".request", request + " is past the last request (" + (requests - 1) + ")");
            String faultName = f.path("fault").asText("");
            Fault fault;
            try {
              fault = Fault.valueOf(faultName.toUpperCase(Locale.ROOT).replace('-', '_'));
            } catch (IllegalArgumentException e) {
              throw error(where + ".fault", "'" + faultName + "' is not a fault (unplug, unplug-upstream, unplug-downstream, latency, reset, close)");
            }
            if (fault == Fault.REPLUG) throw error(where + ".fault", "replug is not scheduled on its own: give the unplug a revertAfter");
            Duration latency = duration(f, where + ".latency", "latency", null);
            if (fault == Fault.LATENCY && latency == null) throw error(where + ".latency", "required for a latency fault");
            Duration revert = duration(f, where + ".revertAfter", "revertAfter", null);
            steps.add(new FaultPlan.At(request, fault, latency, revert));
          }
          case "unplug-busiest" -> {
            allowOnly((ObjectNode) f, where, Set.of("type", "request"));
            if (!f.has("request")) throw error(where + ".request", "required");
            long request = whole(f, where + ".request", "request", 0, 0, LoadConfig.MAX_REQUESTS);
            if (request >= requests && requests > 0) throw error(where + ".request", request + " is past the last request (" + (requests - 1) + ")");
            steps.add(new FaultPlan.UnplugBusiest(request));
          }
          case "unplug-busiest-every" -> {
            allowOnly((ObjectNode) f, where, Set.of("type", "every"));
            if (!f.has("every")) throw error(where + ".every", "required");
            steps.add(new FaultPlan.UnplugBusiestEvery((int) whole(f, where + ".every", "every", 0, 1, Integer.MAX_VALUE)));
          }
          default -> throw error(where + ".type", "'" + type + "' is not a fault step (unplug-every, at, unplug-busiest, unplug-busiest-every)");
        }
      }
      return new FaultPlan(steps);
    }

    private String text(JsonNode o, String field, String dflt) {
      JsonNode v = o.get(field);
      if (v == null || v.isNull()) return dflt;
      if (!v.isTextual()) throw error(field, "must be a string");
      return v.asText();
    }

    private long whole(JsonNode o, String field, long dflt, long min, long max) {
      return whole(o, field, field, dflt, min, max);
    }

    /**
     * A whole number in [min, max]. Checked on the exact value before any narrowing, so
     * 4294967297 is an error, never a 1.
     */
    private long whole(JsonNode o, String path, String field, long dflt, long min, long max) {
      JsonNode v = o.get(field);
      if (v == null || v.isNull()) return dflt;
      if (!v.isIntegralNumber()) throw error(path, "must be a whole number, not " + v);
      java.math.BigInteger n = v.bigIntegerValue();
      if (n.compareTo(java.math.BigInteger.valueOf(min)) < 0) {
        throw error(path, "must be >= " + min + (max == Long.MAX_VALUE ? "" : " and <= " + max) + ", not " + n);
      }
      if (n.compareTo(java.math.BigInteger.valueOf(max)) > 0) {
        throw error(path, "must be <= " + max + " (allowed: " + min + ".." + max + "), not " + n);
      }
      return n.longValueExact();
    }

    /** A policy's parameters as the scenario gives them: the policy must exist and accept them. */
    private void checkPolicyParams(String path, String policyId, String params) {
      try {
        Policies.create(PolicySpec.parse(policyId + ":" + params.replace(',', ':')));
      } catch (IllegalArgumentException e) {
        throw error(path, e.getMessage());
      }
    }

    private double fraction(JsonNode o, String field, double dflt) {
      return fraction(o, field, field, dflt);
    }

    private double fraction(JsonNode o, String path, String field, double dflt) {
      JsonNode v = o.get(field);
      if (v == null || v.isNull()) return dflt;
      if (!v.isNumber()) throw error(path, "must be a number between 0 and 1, not " + v);
      double d = v.asDouble();
      if (!(d >= 0 && d <= 1)) throw error(path, "must be between 0 and 1, not " + d);
      return d;
    }

    private Duration duration(JsonNode o, String field, Duration dflt) {
      return duration(o, field, field, dflt);
    }

    private Duration duration(JsonNode o, String path, String field, Duration dflt) {
      JsonNode v = o.get(field);
      if (v == null || v.isNull()) return dflt;
      if (!v.isTextual()) throw error(path, v + " is not a duration: write a string with a unit, e.g. \"10ms\"");
      try {
        return Durations.parse(v.asText());
      } catch (IllegalArgumentException e) {
        throw error(path, e.getMessage());
      }
    }
  }
}
