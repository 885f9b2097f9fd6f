package io.blastradius.core.policy;

import io.blastradius.core.util.Durations;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A policy as a user names it: {@code ID[:key=value...][+modifier[=value]...]}, for example
 * {@code h2-read-idle-ping:idle=1s:timeout=500ms+retry+max-streams=100}.
 *
 * <p>Modifiers (any HTTP/2 policy): {@code max-streams=N}, a client-side cap on streams per
 * connection; {@code retry}, place an idempotent request once more on another connection when
 * the policy judged its connection dead.
 */
public record PolicySpec(String id, Map<String, String> params, int maxStreams, boolean retry) {

  public PolicySpec {
    params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
  }

  public static PolicySpec of(String id) {
    return new PolicySpec(id, Map.of(), Integer.MAX_VALUE, false);
  }

  public static PolicySpec parse(String text) {
    String t = text.trim();
    if (t.isEmpty()) throw new IllegalArgumentException("empty policy name");
    String[] plus = t.split("\\+");
    String[] colon = plus[0].split(":");
    String id = colon[0].trim();
    Map<String, String> params = new LinkedHashMap<>();
    for (int i = 1; i < colon.length; i++) {
      String[] kv = colon[i].split("=", 2);
      if (kv.length != 2 || kv[0].isBlank() || kv[1].isBlank()) {
        throw new IllegalArgumentException(
            "policy '" + text + "': parameter '" + colon[i] + "' must be key=value");
      }
      params.put(kv[0].trim(), kv[1].trim());
    }
    int maxStreams = Integer.MAX_VALUE;
    boolean retry = false;
    for (int i = 1; i < plus.length; i++) {
      String mod = plus[i].trim();
      if (mod.equals("retry")) {
        retry = true;
      } else if (mod.startsWith("max-streams=")) {
        String v = mod.substring("max-streams=".length());
        try {
          maxStreams = Integer.parseInt(v);
        } catch (NumberFormatException e) {
          maxStreams = 0;
        }
        if (maxStreams < 1) {
          throw new IllegalArgumentException(
              "policy '" + text + "': max-streams must be a whole number >= 1, not '" + v + "'");
        }
      } else {
        throw new IllegalArgumentException(
            "policy '" + text + "': unknown modifier '" + mod + "' (known: max-streams=N, retry)");
      }
    }
    return new PolicySpec(id, params, maxStreams, retry);
  }

  /** The canonical text, which {@link #parse} reads back to an equal spec. */
  @Override
  public String toString() {
    StringBuilder b = new StringBuilder(id);
    params.forEach((k, v) -> b.append(':').append(k).append('=').append(v));
    if (maxStreams != Integer.MAX_VALUE) b.append("+max-streams=").append(maxStreams);
    if (retry) b.append("+retry");
    return b.toString();
  }

  /** Reads typed parameters, remembering which were used so leftovers can be reported. */
  public final class Params {
    private final java.util.Set<String> used = new java.util.HashSet<>();

    public Duration duration(String key, Duration dflt) {
      used.add(key);
      String v = params.get(key);
      if (v == null) return dflt;
      try {
        return Durations.parse(v);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("policy " + id + ": " + key + ": " + e.getMessage());
      }
    }

    public int integer(String key, int dflt, int min) {
      used.add(key);
      String v = params.get(key);
      if (v == null) return dflt;
      int n;
      try {
        n = Integer.parseInt(v);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("policy " + id + ": " + key + " must be a whole number, not '" + v + "'");
      }
      if (n < min) throw new IllegalArgumentException("policy " + id + ": " + key + " must be >= " + min + ", not " + n);
      return n;
    }

    /** A yes/no parameter: {@code true}/{@code false} (also {@code yes}/{@code no}, {@code on}/{@code off}). */
    public boolean flag(String key, boolean dflt) {
      used.add(key);
      String v = params.get(key);
      if (v == null) return dflt;
      switch (v.toLowerCase(java.util.Locale.ROOT)) {
        case "true", "yes", "on", "1": return true;
        case "false", "no", "off", "0": return false;
        default:
          throw new IllegalArgumentException("policy " + id + ": " + key + " must be true or false, not '" + v + "'");
      }
    }

    public double decimal(String key, double dflt, double min, double max) {
      used.add(key);
      String v = params.get(key);
      if (v == null) return dflt;
      double d;
      try {
        d = Double.parseDouble(v);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("policy " + id + ": " + key + " must be a number, not '" + v + "'");
      }
      if (d < min || d > max) throw new IllegalArgumentException("policy " + id + ": " + key + " must be in [" + min + ", " + max + "], not " + v);
      return d;
    }

    /** Throws if the spec named a parameter the policy did not read. */
    public void checkAllUsed() {
      for (String k : params.keySet()) {
        if (!used.contains(k)) {
          throw new UnknownParameterException("policy " + id + " has no parameter '" + k + "'" + (used.isEmpty() ? " (it takes none)" : " (it takes: " + String.join(", ", new java.util.TreeSet<>(used)) + ")"), used);
        }
      }
    }
  }

  /** A parameter the policy does not take; {@link #known()} names those it does (for sweeps and help). */
  public static final class UnknownParameterException extends IllegalArgumentException {
    private final java.util.SortedSet<String> known;

    UnknownParameterException(String message, java.util.Set<String> known) {
      super(message);
      this.known = java.util.Collections.unmodifiableSortedSet(new java.util.TreeSet<>(known));
    }

    public java.util.SortedSet<String> known() {
      return known;
    }
  }

  public Params reader() {
    return new Params();
  }
}
