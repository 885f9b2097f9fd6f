package io.blastradius.core.external.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.blastradius.core.external.ExternalException;
import io.blastradius.core.external.ExternalProxy;
import io.blastradius.core.external.ToxicSpec;
import io.blastradius.core.proxy.FlowInfo;
import io.blastradius.core.wire.FlowWire;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The API's JSON: Toxiproxy's shapes out (field names and order as its Go structs marshal them),
 * and request bodies in, with Toxiproxy's error messages ("bad request body: ...", "missing
 * required field: ...").
 */
final class ApiJson {
  static final ObjectMapper MAPPER = new ObjectMapper();

  private ApiJson() {}

  /** {@code {"name","listen","upstream","enabled","toxics":[...]}}. */
  static Map<String, Object> proxy(ExternalProxy p) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", p.name());
    m.put("listen", p.listen());
    m.put("upstream", p.upstream());
    m.put("enabled", p.enabled());
    List<Object> toxics = new ArrayList<>();
    for (ToxicSpec t : p.toxics()) toxics.add(toxic(t));
    m.put("toxics", toxics);
    return m;
  }

  /** {@code {"attributes":{...},"name","type","stream","toxicity"}}. */
  static Map<String, Object> toxic(ToxicSpec t) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("attributes", t.attributes());
    m.put("name", t.name());
    m.put("type", t.type().apiName());
    m.put("stream", t.stream().apiName());
    m.put("toxicity", t.toxicity());
    return m;
  }

  /**
   * Ours: one flow through a proxy, with {@code "wire"} when the proxy decodes: the streams open on
   * the wire and the counts the decoder folded (see {@link #wire}).
   */
  static Map<String, Object> flow(ExternalProxy p, FlowInfo f) {
    Map<String, Object> m = flow(f);
    p.wire(f.id()).ifPresent(w -> m.put("wire", wire(w)));
    return m;
  }

  /**
   * The wire's view of one flow: {@code protocol} ("h2", "h2c-upgrade", "http/1.1", "" while
   * unknown), {@code undecoded} (why decoding stopped, or null), {@code open_streams},
   * {@code streams_opened}, {@code server_max_streams} (-1 unknown), resets either way, PINGs, PING
   * ACKs and GOAWAYs.
   */
  static Map<String, Object> wire(FlowWire w) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("protocol", w.protocol());
    m.put("undecoded", w.undecoded());
    m.put("open_streams", w.openStreams());
    m.put("streams_opened", w.streamsOpened());
    m.put("server_max_streams", w.serverMaxStreams());
    m.put("resets_from_client", w.resetsFromClient());
    m.put("resets_from_server", w.resetsFromServer());
    m.put("pings", w.pingsFromClient());
    m.put("ping_acks", w.pingAcksToClient());
    m.put("goaways", w.goAwaysFromServer());
    return m;
  }

  /** Ours: one flow through a proxy, without the wire. */
  static Map<String, Object> flow(FlowInfo f) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", f.id());
    m.put("client_port", f.clientPort());
    m.put("state", f.state().name().toLowerCase(Locale.ROOT));
    m.put("latency", f.latencyNanos() / 1_000_000);
    m.put("up_bytes", f.upBytes());
    m.put("down_bytes", f.downBytes());
    m.put("held_bytes", f.heldBytes());
    return m;
  }

  // --- request bodies -------------------------------------------------------------------------

  /** The body as JSON; 400 "bad request body: ..." when it is not. An empty body is {@code {}}. */
  static JsonNode body(String text) {
    if (text.isBlank()) return MAPPER.createObjectNode();
    try {
      JsonNode n = MAPPER.readTree(text);
      return n == null ? MAPPER.createObjectNode() : n;
    } catch (JsonProcessingException e) {
      throw bad(e.getOriginalMessage());
    }
  }

  static JsonNode object(JsonNode n, String what) {
    if (!n.isObject()) throw bad(what + " must be a JSON object");
    return n;
  }

  /** A string field, or {@code dflt} when absent or null. */
  static String string(JsonNode o, String field, String dflt) {
    JsonNode v = o.get(field);
    if (v == null || v.isNull()) return dflt;
    if (!v.isTextual()) throw bad(field + " must be a string");
    return v.asText();
  }

  static Boolean bool(JsonNode o, String field, Boolean dflt) {
    JsonNode v = o.get(field);
    if (v == null || v.isNull()) return dflt;
    if (!v.isBoolean()) throw bad(field + " must be true or false");
    return v.asBoolean();
  }

  static Double number(JsonNode o, String field, Double dflt) {
    JsonNode v = o.get(field);
    if (v == null || v.isNull()) return dflt;
    if (!v.isNumber()) throw bad(field + " must be a number");
    return v.asDouble();
  }

  /** The {@code attributes} object as plain Java values (Long, Double, String, Boolean), or null. */
  static Map<String, Object> attributes(JsonNode o) {
    JsonNode v = o.get("attributes");
    if (v == null || v.isNull()) return null;
    if (!v.isObject()) throw bad("attributes must be a JSON object");
    Map<String, Object> m = new LinkedHashMap<>();
    v.fields().forEachRemaining(e -> m.put(e.getKey(), plain(e.getValue())));
    return m;
  }

  private static Object plain(JsonNode v) {
    if (v.isIntegralNumber()) return v.canConvertToLong() ? (Object) v.asLong() : v.bigIntegerValue();
    if (v.isNumber()) return v.decimalValue();
    if (v.isTextual()) return v.asText();
    if (v.isBoolean()) return v.asBoolean();
    return v.toString();
  }

  static ExternalException bad(String why) {
    String line = why == null ? "invalid JSON" : why.lines().findFirst().orElse(why);
    return new ExternalException(ExternalException.Kind.BAD_REQUEST, "bad request body: " + line);
  }
}
