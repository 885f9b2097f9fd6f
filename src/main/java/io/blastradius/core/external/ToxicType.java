package io.blastradius.core.external;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The toxics the API knows: Toxiproxy's seven (github.com/Shopify/toxiproxy, toxics/*.go), with
 * their attribute names, units and defaults, and ours, {@code blackhole}.
 *
 * <p>Attributes are validated more strictly than Toxiproxy does: a number must be a whole number
 * >= 0 (Toxiproxy rejects only the wrong JSON type). Attributes a type does not have are ignored,
 * as Toxiproxy ignores them.
 */
public enum ToxicType {
  /** Every chunk waits {@code latency} ms, plus or minus up to {@code jitter} ms. */
  LATENCY("latency", List.of("latency", "jitter")),
  /** At most {@code rate} KB/s (1 KB = 1000 bytes, as Toxiproxy computes it). */
  BANDWIDTH("bandwidth", List.of("rate")),
  /** The FIN is passed on {@code delay} ms after it arrives. */
  SLOW_CLOSE("slow_close", List.of("delay")),
  /** Every byte is dropped; the connection is closed {@code timeout} ms after the toxic applies (0: never). Removing it closes the connection. */
  TIMEOUT("timeout", List.of("timeout")),
  /** On the first chunk, drop it and everything after, and reset (RST) the connection {@code timeout} ms later. */
  RESET_PEER("reset_peer", List.of("timeout")),
  /** Chunks are cut into pieces of about {@code average_size} bytes (+/- {@code size_variation}), {@code delay} us apart. */
  SLICER("slicer", List.of("average_size", "size_variation", "delay")),
  /** The connection is closed once {@code bytes} bytes have passed. */
  LIMIT_DATA("limit_data", List.of("bytes")),
  /**
   * Ours: a silent unplug. Nothing is closed and nothing reaches the peer; {@code mode} "hold"
   * keeps the bytes (and stops the sender by TCP backpressure) and delivers them when the toxic is
   * removed, "drop" discards them. {@code both}: true acts on both directions, not only
   * {@code stream}.
   */
  BLACKHOLE("blackhole", List.of("mode", "both"));

  private final String apiName;
  private final List<String> attributeNames;

  ToxicType(String apiName, List<String> attributeNames) {
    this.apiName = apiName;
    this.attributeNames = attributeNames;
  }

  public String apiName() {
    return apiName;
  }

  public List<String> attributeNames() {
    return attributeNames;
  }

  /** The type named {@code s} in the API; IllegalArgumentException("invalid toxic type") otherwise. */
  public static ToxicType parse(String s) {
    for (ToxicType t : values()) {
      if (t.apiName.equals(s)) return t;
    }
    throw new IllegalArgumentException("invalid toxic type");
  }

  /** Every attribute at its default: 0, or for blackhole mode "hold" and both false. */
  public Map<String, Object> defaults() {
    Map<String, Object> m = new LinkedHashMap<>();
    for (String a : attributeNames) m.put(a, 0L);
    if (this == BLACKHOLE) {
      m.put("mode", "hold");
      m.put("both", false);
    }
    return m;
  }

  /**
   * {@code base} with {@code given} overlaid, validated.
   *
   * @throws IllegalArgumentException naming the attribute and what it must be
   */
  public Map<String, Object> attributes(Map<String, Object> base, Map<String, ?> given) {
    Map<String, Object> out = new LinkedHashMap<>(base);
    if (given == null) return out;
    for (String a : attributeNames) {
      if (!given.containsKey(a)) continue;
      Object v = given.get(a);
      out.put(a, switch (a) {
        case "mode" -> mode(v);
        case "both" -> flag(a, v);
        default -> wholeNumber(a, v);
      });
    }
    if (this == SLICER && ((Number) out.get("average_size")).longValue() < 1) {
      throw new IllegalArgumentException("average_size must be >= 1");
    }
    return out;
  }

  private static long wholeNumber(String name, Object v) {
    long n;
    if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
      n = ((Number) v).longValue();
    } else if (v instanceof BigInteger b && b.bitLength() < 64) {
      n = b.longValue();
    } else if (v instanceof Number num && !(v instanceof BigInteger)) {
      BigDecimal d = new BigDecimal(num.toString());
      if (d.stripTrailingZeros().scale() > 0) throw new IllegalArgumentException(name + " must be a whole number, not " + v);
      n = d.longValueExact();
    } else {
      throw new IllegalArgumentException(name + " must be a whole number, not " + describe(v));
    }
    if (n < 0) throw new IllegalArgumentException(name + " must be >= 0, not " + n);
    return n;
  }

  private static String mode(Object v) {
    if ("hold".equals(v) || "drop".equals(v)) return (String) v;
    throw new IllegalArgumentException("mode must be \"hold\" or \"drop\", not " + describe(v));
  }

  private static boolean flag(String name, Object v) {
    if (v instanceof Boolean b) return b;
    throw new IllegalArgumentException(name + " must be true or false, not " + describe(v));
  }

  private static String describe(Object v) {
    return v instanceof String s ? "\"" + s + "\"" : String.valueOf(v).toLowerCase(Locale.ROOT);
  }
}
