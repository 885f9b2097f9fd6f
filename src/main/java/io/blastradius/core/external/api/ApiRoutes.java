package io.blastradius.core.external.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.blastradius.core.external.ExternalException;
import io.blastradius.core.external.ExternalProxy;
import io.blastradius.core.external.ProxyRegistry;
import io.blastradius.core.external.ToxicSpec;
import io.blastradius.core.external.ToxicStream;
import io.blastradius.core.external.ToxicType;
import io.blastradius.core.proxy.FaultProxy.Direction;
import io.blastradius.core.proxy.FlowInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The routes: Toxiproxy's (api.go: {@code /proxies}, {@code /populate}, {@code /reset},
 * {@code /version}, {@code /proxies/{proxy}/toxics}) with its status codes, and ours under
 * {@code /proxies/{proxy}/flows}. Every method returns a reply; problems arrive as
 * {@link ExternalException} and become Toxiproxy's error shape in {@link ApiHandler}.
 *
 * <p>Threading: called on the API's event loop, one request at a time per connection; the
 * registry does its own locking. Starting and stopping proxies block that loop, which is why the
 * API has an event loop group of its own.
 */
final class ApiRoutes {
  private final ProxyRegistry registry;
  private final String version;

  ApiRoutes(ProxyRegistry registry, String version) {
    this.registry = registry;
    this.version = version;
  }

  ApiReply route(String method, List<String> path, String bodyText) {
    int n = path.size();
    if (n == 1 && path.get(0).equals("version")) return only(method, "GET", () -> ApiReply.ok(Map.of("version", version)));
    if (n == 1 && path.get(0).equals("reset")) return only(method, "POST", this::reset);
    if (n == 1 && path.get(0).equals("populate")) return only(method, "POST", () -> populate(bodyText));
    if (n == 0 || !path.get(0).equals("proxies")) return ApiReply.error(404, "not found");
    if (n == 1) {
      return switch (method) {
        case "GET" -> proxies();
        case "POST" -> createProxy(bodyText);
        default -> notAllowed();
      };
    }
    String name = path.get(1);
    if (n == 2) {
      return switch (method) {
        case "GET" -> ApiReply.ok(ApiJson.proxy(registry.get(name)));
        case "POST", "PATCH" -> updateProxy(name, bodyText);
        case "DELETE" -> {
          registry.delete(name);
          yield ApiReply.noContent();
        }
        default -> notAllowed();
      };
    }
    if (path.get(2).equals("toxics")) return toxics(method, registry.get(name), path.subList(3, n), bodyText);
    if (path.get(2).equals("flows")) return flows(method, registry.get(name), path.subList(3, n), bodyText);
    return ApiReply.error(404, "not found");
  }

  // --- proxies --------------------------------------------------------------------------------

  private ApiReply proxies() {
    Map<String, Object> all = new LinkedHashMap<>();
    registry.all().forEach((k, p) -> all.put(k, ApiJson.proxy(p)));
    return ApiReply.ok(all);
  }

  private ApiReply createProxy(String bodyText) {
    JsonNode o = ApiJson.object(ApiJson.body(bodyText), "a proxy");
    ExternalProxy p = registry.create(request(o));
    return ApiReply.created(ApiJson.proxy(p));
  }

  private static ProxyRegistry.Request request(JsonNode o) {
    return new ProxyRegistry.Request(ApiJson.string(o, "name", ""), ApiJson.string(o, "listen", ""),
        ApiJson.string(o, "upstream", ""), ApiJson.bool(o, "enabled", true));
  }

  private ApiReply updateProxy(String name, String bodyText) {
    ExternalProxy p = registry.get(name);
    JsonNode o = ApiJson.object(ApiJson.body(bodyText), "a proxy");
    p.update(ApiJson.string(o, "listen", null), ApiJson.string(o, "upstream", null), ApiJson.bool(o, "enabled", p.enabled()));
    return ApiReply.ok(ApiJson.proxy(p));
  }

  private ApiReply populate(String bodyText) {
    JsonNode body = ApiJson.body(bodyText);
    if (!body.isArray()) throw ApiJson.bad("populate takes a JSON array of proxies");
    List<ProxyRegistry.Request> requests = new ArrayList<>();
    for (JsonNode o : body) requests.add(request(ApiJson.object(o, "each proxy")));
    Map<String, Object> reply = new LinkedHashMap<>();
    List<Object> shown = new ArrayList<>();
    reply.put("proxies", shown);
    try {
      for (ExternalProxy p : registry.populate(requests)) shown.add(ApiJson.proxy(p));
      return ApiReply.created(reply);
    } catch (ProxyRegistry.PopulateException e) {
      for (ExternalProxy p : e.done()) shown.add(ApiJson.proxy(p));
      int status = ApiReply.status(e.failure().kind());
      Map<String, Object> withError = new LinkedHashMap<>();
      withError.put("error", e.getMessage());
      withError.put("status", status);
      withError.putAll(reply);
      return new ApiReply(status, withError);
    }
  }

  private ApiReply reset() {
    registry.reset();
    return ApiReply.noContent();
  }

  // --- toxics ---------------------------------------------------------------------------------

  private ApiReply toxics(String method, ExternalProxy p, List<String> rest, String bodyText) {
    if (rest.isEmpty()) {
      return switch (method) {
        case "GET" -> ApiReply.ok(p.toxics().stream().map(ApiJson::toxic).toList());
        case "POST" -> ApiReply.ok(ApiJson.toxic(p.addToxic(newToxic(p, bodyText))));
        default -> notAllowed();
      };
    }
    if (rest.size() > 1) return ApiReply.error(404, "not found");
    String toxic = rest.get(0);
    return switch (method) {
      case "GET" -> ApiReply.ok(ApiJson.toxic(p.toxic(toxic)));
      case "POST", "PATCH" -> {
        p.toxic(toxic); // 404 before the body is looked at, as Toxiproxy does
        JsonNode o = ApiJson.object(ApiJson.body(bodyText), "a toxic");
        Double toxicity = ApiJson.number(o, "toxicity", null);
        yield ApiReply.ok(ApiJson.toxic(p.updateToxic(toxic, ApiJson.attributes(o), toxicity)));
      }
      case "DELETE" -> {
        p.removeToxic(toxic);
        yield ApiReply.noContent();
      }
      default -> notAllowed();
    };
  }

  /** Toxiproxy's AddToxicJson, in its order of checks: body, stream, name, type, duplicate, attributes. */
  private static ToxicSpec newToxic(ExternalProxy p, String bodyText) {
    JsonNode o = ApiJson.object(ApiJson.body(bodyText), "a toxic");
    String streamName = ApiJson.string(o, "stream", "downstream");
    double toxicity = ApiJson.number(o, "toxicity", 1.0);
    String typeName = ApiJson.string(o, "type", "");
    String name = ApiJson.string(o, "name", "");
    ToxicStream stream;
    ToxicType type;
    try {
      stream = ToxicStream.parse(streamName);
    } catch (IllegalArgumentException e) {
      throw new ExternalException(ExternalException.Kind.BAD_REQUEST, e.getMessage());
    }
    if (name.isEmpty()) name = typeName + "_" + streamName;
    try {
      type = ToxicType.parse(typeName);
    } catch (IllegalArgumentException e) {
      throw new ExternalException(ExternalException.Kind.BAD_REQUEST, e.getMessage());
    }
    String taken = name;
    if (p.toxics().stream().anyMatch(t -> t.name().equals(taken))) {
      throw new ExternalException(ExternalException.Kind.CONFLICT, "toxic already exists");
    }
    try {
      return ToxicSpec.of(name, type, stream, toxicity, ApiJson.attributes(o));
    } catch (IllegalArgumentException e) {
      throw ApiJson.bad(e.getMessage());
    }
  }

  // --- flows (ours) ---------------------------------------------------------------------------

  private ApiReply flows(String method, ExternalProxy p, List<String> rest, String bodyText) {
    if (rest.isEmpty()) {
      if (!method.equals("GET")) return notAllowed();
      return ApiReply.ok(p.flows().stream().map(f -> ApiJson.flow(p, f)).toList());
    }
    int id;
    try {
      id = Integer.parseInt(rest.get(0));
    } catch (NumberFormatException e) {
      return ApiReply.error(404, "flow not found");
    }
    if (rest.size() == 1) return only(method, "GET", () -> ApiReply.ok(ApiJson.flow(p, p.flow(id))));
    if (rest.size() > 2) return ApiReply.error(404, "not found");
    if (!method.equals("POST")) return notAllowed();
    JsonNode o = ApiJson.object(ApiJson.body(bodyText), "the body");
    FlowInfo f = switch (rest.get(1)) {
      case "unplug" -> p.unplug(id, direction(ApiJson.string(o, "stream", "both")), drop(ApiJson.string(o, "mode", "hold")));
      case "replug" -> p.replug(id);
      case "reset" -> p.reset(id);
      case "latency" -> p.latency(id, Duration.ofMillis(millis(ApiJson.number(o, "latency", 0.0))));
      default -> throw new ExternalException(ExternalException.Kind.NOT_FOUND, "not found");
    };
    return ApiReply.ok(ApiJson.flow(p, f));
  }

  private static Direction direction(String s) {
    return switch (s) {
      case "both" -> Direction.BOTH;
      case "upstream" -> Direction.UPSTREAM;
      case "downstream" -> Direction.DOWNSTREAM;
      default -> throw ApiJson.bad("stream must be both, upstream or downstream, not \"" + s + "\"");
    };
  }

  private static boolean drop(String s) {
    return switch (s) {
      case "hold" -> false;
      case "drop" -> true;
      default -> throw ApiJson.bad("mode must be hold or drop, not \"" + s + "\"");
    };
  }

  private static long millis(double ms) {
    if (ms < 0 || ms != Math.rint(ms)) throw ApiJson.bad("latency must be a whole number of milliseconds >= 0");
    return (long) ms;
  }

  // --- helpers --------------------------------------------------------------------------------

  private static ApiReply only(String method, String allowed, java.util.function.Supplier<ApiReply> route) {
    return method.equals(allowed) ? route.get() : notAllowed();
  }

  private static ApiReply notAllowed() {
    return ApiReply.error(405, "method not allowed");
  }
}
