package io.blastradius.core.record;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import io.blastradius.core.event.Event;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which fields an event line must carry. The writer leaves out only fields that are null, and
 * only these may be: free text ({@code error}, {@code why}, {@code detail}, {@code debug}) and
 * the run's labels ({@code policy}, {@code scenario}). Every other component of an {@link Event}
 * record (numbers, flags, outcomes, faults, reasons) is required, so a line such as
 * {@code {"kind":"request-finished"}} is an error naming the field instead of a request that
 * finished at time 0 with no outcome.
 *
 * <p>Thread-safe (immutable tables built once).
 */
final class EventFields {
  /** Components that may be null, hence absent from a line. */
  private static final Set<String> OPTIONAL = Set.of("error", "why", "detail", "debug", "policy", "scenario");

  private static final Map<Class<?>, List<String>> REQUIRED = new HashMap<>();
  private static final Map<Class<?>, String> KIND = new HashMap<>();

  static {
    for (JsonSubTypes.Type t : Event.class.getAnnotation(JsonSubTypes.class).value()) {
      List<String> req = new ArrayList<>();
      for (RecordComponent c : t.value().getRecordComponents()) {
        if (!OPTIONAL.contains(c.getName())) req.add(c.getName());
      }
      REQUIRED.put(t.value(), List.copyOf(req));
      KIND.put(t.value(), t.name());
    }
  }

  private EventFields() {}

  static List<String> required(Class<?> kind) {
    return REQUIRED.getOrDefault(kind, List.of());
  }

  static String kind(Class<?> type) {
    return KIND.getOrDefault(type, type.getSimpleName());
  }

  /** The first required field of {@code kind} not in {@code present}, or null. */
  static String firstMissing(Class<?> kind, Set<String> present) {
    for (String f : required(kind)) {
      if (!present.contains(f)) return f;
    }
    return null;
  }

  /**
   * The keys of a flat JSON object held in {@code b[from, to)}: an event line, whose values are
   * numbers, booleans, null or strings (escapes honoured). Only called on lines Jackson has just
   * parsed as an event, so the syntax is known to be valid.
   */
  static Set<String> keys(byte[] b, int from, int to) {
    Set<String> keys = new HashSet<>(16);
    boolean expectKey = true;
    for (int i = from; i < to; i++) {
      byte c = b[i];
      if (c == '"') {
        int start = i + 1;
        int j = start;
        boolean escaped = false;
        while (j < to && (b[j] != '"' || escaped)) {
          escaped = !escaped && b[j] == '\\';
          j++;
        }
        if (expectKey) {
          keys.add(new String(b, start, j - start, java.nio.charset.StandardCharsets.UTF_8));
          expectKey = false;
        }
        i = j;
      } else if (c == ',' || c == '{') {
        expectKey = true;
      } else if (c == ':') {
        expectKey = false;
      }
    }
    return keys;
  }
}
