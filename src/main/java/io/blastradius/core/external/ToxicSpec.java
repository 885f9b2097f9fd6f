package io.blastradius.core.external;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One toxic as the API shows it: Toxiproxy's {@code {"name", "type", "stream", "toxicity",
 * "attributes"}}. Immutable; an update makes a new one.
 *
 * @param toxicity the probability that the toxic applies to a given connection (0..1), 
 *     per connection and direction when the toxic is installed or updated
 * @param attributes every attribute of {@code type} (see {@link ToxicType}), in Toxiproxy's order,
 *     values Long, String or Boolean
 */
public record ToxicSpec(String name, ToxicType type, ToxicStream stream, double toxicity, Map<String, Object> attributes) {

  public ToxicSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(stream, "stream");
    if (name.isEmpty()) throw new IllegalArgumentException("name must not be empty");
    if (!(toxicity >= 0 && toxicity <= 1)) throw new IllegalArgumentException("toxicity must be between 0 and 1, not " + toxicity);
    attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
  }

  /** A toxic with {@code type}'s defaults overlaid with {@code given} (validated). */
  public static ToxicSpec of(String name, ToxicType type, ToxicStream stream, double toxicity, Map<String, ?> given) {
    return new ToxicSpec(name, type, stream, toxicity, type.attributes(type.defaults(), given));
  }

  /** Attribute {@code key} as a long (every numeric attribute is one). */
  public long number(String key) {
    Object v = attributes.get(key);
    return v instanceof Number n ? n.longValue() : 0;
  }

  /** This toxic with {@code given} attributes overlaid on its own, and a new toxicity. */
  public ToxicSpec updated(Map<String, ?> given, double newToxicity) {
    return new ToxicSpec(name, type, stream, newToxicity, type.attributes(attributes, given));
  }
}
