package io.blastradius.core.policy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Every policy the product ships, by id. */
public final class Policies {
  private static final Map<String, PolicyInfo> ALL = new LinkedHashMap<>();

  static {
    register(H1Policy.INFO);
    register(H2NaivePolicy.INFO);
    register(H2TaintPolicy.INFO);
    register(H2GoPendingResetsPolicy.INFO);
    register(H2OkHttpDegradedPolicy.INFO);
    register(H2ReadIdlePingPolicy.INFO);
    register(H2IntervalPingPolicy.INFO);
    register(EndpointAccrualPolicy.INFO);
    register(H2AdaptivePolicy.INFO);
    register(H2OkHttpCallTimeoutPolicy.INFO);
    register(H2JettyPolicy.INFO);
    register(H2ReactorNettyPolicy.INFO);
    register(H2GrpcKeepAlivePolicy.INFO);
  }

  private Policies() {}

  private static void register(PolicyInfo info) {
    ALL.put(info.id(), info);
  }

  public static List<PolicyInfo> all() {
    return Collections.unmodifiableList(new ArrayList<>(ALL.values()));
  }

  public static List<String> ids() {
    return List.copyOf(ALL.keySet());
  }

  public static PolicyInfo info(String id) {
    PolicyInfo info = ALL.get(id);
    if (info == null) {
      throw new IllegalArgumentException(
          "unknown policy '" + id + "' (known: " + String.join(", ", ALL.keySet()) + ")");
    }
    return info;
  }

  /** Builds a policy from its spec, checking its id, parameters and modifiers. */
  public static PoolPolicy create(PolicySpec spec) {
    PolicyInfo info = info(spec.id());
    if (info.protocol() == Protocol.H1 && (spec.retry() || spec.maxStreams() != Integer.MAX_VALUE)) {
      throw new IllegalArgumentException(
          "policy " + spec.id() + ": the max-streams and retry modifiers apply to HTTP/2 policies only");
    }
    return info.factory().apply(spec);
  }

  public static PoolPolicy create(String spec) {
    return create(PolicySpec.parse(spec));
  }

  /** Parses a comma-separated list; {@code all} means every policy. */
  public static List<PolicySpec> parseList(String text) {
    List<PolicySpec> specs = new ArrayList<>();
    for (String part : text.split(",")) {
      if (part.isBlank()) continue;
      if (part.trim().equals("all")) {
        ALL.keySet().forEach(id -> specs.add(PolicySpec.of(id)));
        continue;
      }
      PolicySpec spec = PolicySpec.parse(part);
      create(spec); // validate now, before anything starts
      specs.add(spec);
    }
    if (specs.isEmpty()) throw new IllegalArgumentException("no policy named");
    return specs;
  }
}
