package io.blastradius.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.blastradius.core.event.Event;
import io.blastradius.core.record.RecordingJson;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;

/**
 * What serve and proxy print as things happen: one human line per flow event on stderr, or with
 * {@code --json} one JSON object per event on stdout, typed by {@code "kind"} exactly as in a
 * recording (plus {@code "proxy"}, the proxy's name, for proxy events).
 */
final class EventOutput {
  private static final ObjectMapper MAPPER = RecordingJson.mapper();
  private static final ObjectWriter EVENT = MAPPER.writerFor(Event.class);

  private final LiveLines lines;
  private final PrintWriter out;
  private final PrintWriter err;
  private final boolean json;

  EventOutput(LiveLines lines, PrintWriter out, PrintWriter err, boolean json) {
    this.lines = lines;
    this.out = out;
    this.err = err;
    this.json = json;
  }

  boolean json() {
    return json;
  }

  /** An event; {@code proxy} null for the server's. {@code suffix} is added to the human line. */
  void event(String proxy, Event e, String suffix) {
    if (json) {
      ObjectNode n = MAPPER.createObjectNode();
      if (proxy != null) n.put("proxy", proxy);
      n.setAll((ObjectNode) MAPPER.valueToTree(tree(e)));
      lines.println(out, n.toString());
    } else {
      String text = describe(e);
      if (text != null) lines.println(err, String.format(Locale.ROOT, "%9.3fs  %s%s%s", e.t() / 1e9,
          proxy == null ? "" : proxy + " ", text, suffix == null ? "" : suffix));
    }
  }

  /** A change to a proxy (a toxic added, a proxy disabled...): a stderr line, or a JSON object on stdout. */
  void change(long t, String proxy, String what) {
    if (json) {
      ObjectNode n = MAPPER.createObjectNode();
      n.put("kind", "proxy-change");
      n.put("t", t);
      n.put("proxy", proxy);
      n.put("what", what);
      lines.println(out, n.toString());
    } else {
      lines.println(err, String.format(Locale.ROOT, "%9.3fs  %s %s", t / 1e9, proxy, what));
    }
  }

  /** A fact about the command itself (listening): a stdout line, or a JSON object. */
  void notice(String kind, Map<String, Object> fields, String text) {
    notice(kind, fields, text, out);
  }

  /** A live status line: stderr, or a JSON object on stdout. */
  void status(String kind, Map<String, Object> fields, String text) {
    notice(kind, fields, text, err);
  }

  private void notice(String kind, Map<String, Object> fields, String text, PrintWriter human) {
    if (json) {
      ObjectNode n = MAPPER.createObjectNode();
      n.put("kind", kind);
      fields.forEach((k, v) -> n.set(k, MAPPER.valueToTree(v)));
      lines.println(out, n.toString());
    } else {
      lines.println(human, text);
    }
  }

  /** A human remark (warnings, the stop line): always stderr. */
  void remark(String text) {
    lines.println(err, text);
  }

  private static Object tree(Event e) {
    try {
      return MAPPER.readTree(EVENT.writeValueAsString(e));
    } catch (JsonProcessingException ex) {
      return Map.of("kind", "unprintable", "error", String.valueOf(ex.getOriginalMessage()));
    }
  }

  static String describe(Event e) {
    if (e instanceof Event.FlowOpened f) return "flow " + f.flowId() + " opened from :" + f.clientPort();
    if (e instanceof Event.FlowFaulted f) {
      return "flow " + f.flowId() + " " + f.fault().name().toLowerCase(Locale.ROOT).replace('_', ' ')
          + (f.detail().isEmpty() ? "" : " (" + f.detail() + ")");
    }
    if (e instanceof Event.FlowClosed f) return "flow " + f.flowId() + " closed: " + f.why();
    if (e instanceof Event.WireProtocol w) return "flow " + w.flowId() + " wire: " + w.protocol();
    if (e instanceof Event.WireReset w) {
      return "flow " + w.flowId() + " wire: RST_STREAM stream " + w.streamId() + " from " + side(w.fromClient())
          + ", code " + w.errorCode();
    }
    if (e instanceof Event.WireGoAway w) {
      return "flow " + w.flowId() + " wire: GOAWAY from " + side(w.fromClient()) + ", last stream " + w.lastStreamId()
          + ", code " + w.errorCode();
    }
    if (e instanceof Event.WireUndecoded w) {
      return "flow " + w.flowId() + " wire: undecoded from byte " + w.offset() + " (" + side(w.fromClient()) + "): " + w.why();
    }
    if (e instanceof Event.ServerPingReceived p) return "server conn " + p.serverConnId() + " PING (strikes " + p.strikes() + ")";
    if (e instanceof Event.ServerGoAwaySent g) {
      return "server conn " + g.serverConnId() + " GOAWAY error " + g.errorCode() + (g.debug().isEmpty() ? "" : " " + g.debug());
    }
    return null;
  }

  private static String side(boolean fromClient) {
    return fromClient ? "client" : "server";
  }

  /** 1234567 -> "1.2 MB". */
  static String bytes(long n) {
    if (n < 1000) return n + " B";
    if (n < 1_000_000) return String.format(Locale.ROOT, "%.1f kB", n / 1e3);
    if (n < 1_000_000_000) return String.format(Locale.ROOT, "%.1f MB", n / 1e6);
    return String.format(Locale.ROOT, "%.1f GB", n / 1e9);
  }
}
