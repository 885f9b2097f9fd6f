package io.blastradius.core.record;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.blastradius.core.event.Event;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The writer's line buffer: recording lines as UTF-8 bytes, ready for the gzip stream.
 *
 * <p>The events a run emits by the hundred thousand (requests, resets, pings) are encoded here by
 * hand, straight into bytes: Jackson's databind costs about as much again as the deflate that
 * follows it, and the writer shares the run's cores. The bytes are exactly those databind writes
 * for the same event (the {@code kind} first, then the record components in order, nulls left
 * out, no spaces): a test holds the two to byte equality for every kind, and the golden recordings
 * were written by databind. Every other kind, and any event with a string that is not plain
 * printable ASCII, goes through databind ({@link #fallback}).
 *
 * <p>Not thread-safe: the writer thread's alone.
 */
final class EventLines {
  private static final byte[] REQUEST_STARTED = ascii("{\"kind\":\"request-started\",\"t\":");
  private static final byte[] REQUEST_ASSIGNED = ascii("{\"kind\":\"request-assigned\",\"t\":");
  private static final byte[] REQUEST_FINISHED = ascii("{\"kind\":\"request-finished\",\"t\":");
  private static final byte[] REQUEST_RETRIED = ascii("{\"kind\":\"request-retried\",\"t\":");
  private static final byte[] STREAM_RESET = ascii("{\"kind\":\"stream-reset\",\"t\":");
  private static final byte[] PING_SENT = ascii("{\"kind\":\"ping-sent\",\"t\":");
  private static final byte[] PING_ACKED = ascii("{\"kind\":\"ping-acked\",\"t\":");
  private static final byte[] SERVER_PING = ascii("{\"kind\":\"server-ping\",\"t\":");
  private static final byte[] SLOTS_HELD = ascii("{\"kind\":\"slots-held\",\"t\":");
  private static final byte[] REQUEST_ID = ascii(",\"requestId\":");
  private static final byte[] WORKER = ascii(",\"worker\":");
  private static final byte[] CONN_ID = ascii(",\"connId\":");
  private static final byte[] FROM_CONN_ID = ascii(",\"fromConnId\":");
  private static final byte[] STREAM_ID = ascii(",\"streamId\":");
  private static final byte[] OUTCOME = ascii(",\"outcome\":");
  private static final byte[] ERROR = ascii(",\"error\":");
  private static final byte[] WHY = ascii(",\"why\":");
  private static final byte[] LATENCY = ascii(",\"latencyNanos\":");
  private static final byte[] ERROR_CODE = ascii(",\"errorCode\":");
  private static final byte[] SENT = ascii(",\"sent\":");
  private static final byte[] PAYLOAD = ascii(",\"payload\":");
  private static final byte[] RTT = ascii(",\"rttNanos\":");
  private static final byte[] SERVER_CONN_ID = ascii(",\"serverConnId\":");
  private static final byte[] STRIKES = ascii(",\"strikes\":");
  private static final byte[] HELD = ascii(",\"held\":");
  private static final byte[] TRUE = ascii("true");
  private static final byte[] FALSE = ascii("false");

  /** Jackson's escapes for ASCII control characters: the five short forms, else {@code \\u00XX}. */
  private static final byte[][] CONTROL_ESCAPES = new byte[32][];

  static {
    for (int c = 0; c < 32; c++) CONTROL_ESCAPES[c] = ascii(String.format("\\u%04X", c));
    CONTROL_ESCAPES['\b'] = ascii("\\b");
    CONTROL_ESCAPES['\t'] = ascii("\\t");
    CONTROL_ESCAPES['\n'] = ascii("\\n");
    CONTROL_ESCAPES['\f'] = ascii("\\f");
    CONTROL_ESCAPES['\r'] = ascii("\\r");
  }

  /** Databind, for the kinds not encoded by hand: nulls left out, as every event line. */
  private final ObjectWriter fallback =
      RecordingJson.mapper().copy().setDefaultPropertyInclusion(JsonInclude.Include.NON_NULL).writerFor(Event.class);

  private byte[] buf;
  private int len;

  EventLines(int capacity) {
    buf = new byte[capacity];
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  /** Bytes buffered so far. */
  int size() {
    return len;
  }

  /** Writes the buffered bytes to {@code out} and empties the buffer. */
  void drainTo(OutputStream out) throws IOException {
    if (len > 0) out.write(buf, 0, len);
    len = 0;
  }

  /** Appends {@code bytes} (a line's content made elsewhere: header, summary). */
  void raw(byte[] bytes) {
    ensure(bytes.length);
    System.arraycopy(bytes, 0, buf, len, bytes.length);
    len += bytes.length;
  }

  void newline() {
    ensure(1);
    buf[len++] = '\n';
  }

  /** Appends {@code e} as one line, newline included. */
  void event(Event e) throws JsonProcessingException {
    int mark = len;
    if (!encode(e)) {
      len = mark;
      raw(fallback.writeValueAsBytes(e));
    }
    newline();
  }

  /** Encodes the hot kinds by hand; false (with whatever it appended) for the others. */
  private boolean encode(Event e) {
    if (e instanceof Event.RequestStarted s) {
      head(REQUEST_STARTED, s.t());
      field(REQUEST_ID, s.requestId());
      field(WORKER, s.worker());
    } else if (e instanceof Event.RequestAssigned a) {
      head(REQUEST_ASSIGNED, a.t());
      field(REQUEST_ID, a.requestId());
      field(CONN_ID, a.connId());
      field(STREAM_ID, a.streamId());
    } else if (e instanceof Event.RequestFinished f) {
      head(REQUEST_FINISHED, f.t());
      field(REQUEST_ID, f.requestId());
      field(CONN_ID, f.connId());
      field(STREAM_ID, f.streamId());
      if (f.outcome() != null) {
        raw(OUTCOME);
        if (!string(f.outcome().name())) return false;
      }
      if (f.error() != null) {
        raw(ERROR);
        if (!string(f.error())) return false;
      }
      field(LATENCY, f.latencyNanos());
    } else if (e instanceof Event.StreamReset r) {
      head(STREAM_RESET, r.t());
      field(CONN_ID, r.connId());
      field(STREAM_ID, r.streamId());
      field(ERROR_CODE, r.errorCode());
      raw(SENT);
      raw(r.sent() ? TRUE : FALSE);
    } else if (e instanceof Event.RequestRetried r) {
      head(REQUEST_RETRIED, r.t());
      field(REQUEST_ID, r.requestId());
      field(FROM_CONN_ID, r.fromConnId());
      if (r.why() != null) {
        raw(WHY);
        if (!string(r.why())) return false;
      }
    } else if (e instanceof Event.PingSent p) {
      head(PING_SENT, p.t());
      field(CONN_ID, p.connId());
      field(PAYLOAD, p.payload());
    } else if (e instanceof Event.PingAcked p) {
      head(PING_ACKED, p.t());
      field(CONN_ID, p.connId());
      field(PAYLOAD, p.payload());
      field(RTT, p.rttNanos());
    } else if (e instanceof Event.ServerPingReceived p) {
      head(SERVER_PING, p.t());
      field(SERVER_CONN_ID, p.serverConnId());
      field(STRIKES, p.strikes());
    } else if (e instanceof Event.SlotsHeld h) {
      head(SLOTS_HELD, h.t());
      field(CONN_ID, h.connId());
      field(HELD, h.held());
    } else {
      return false;
    }
    ensure(1);
    buf[len++] = '}';
    return true;
  }

  private void head(byte[] kindAndT, long t) {
    raw(kindAndT);
    number(t);
  }

  private void field(byte[] name, long value) {
    raw(name);
    number(value);
  }

  private void number(long v) {
    ensure(20);
    if (v < 0) {
      if (v == Long.MIN_VALUE) {
        raw(ascii(Long.toString(v)));
        return;
      }
      buf[len++] = '-';
      v = -v;
    }
    int digits = 1;
    for (long x = v; x >= 10; x /= 10) digits++;
    int end = len + digits;
    for (int i = end - 1; i >= len; i--) {
      buf[i] = (byte) ('0' + (v % 10));
      v /= 10;
    }
    len = end;
  }

  /**
   * A JSON string as Jackson writes it, when {@code s} is ASCII: quotes and backslashes escaped,
   * control characters as above. False for anything else (the caller falls back to databind, so
   * non-ASCII text, surrogates included, is exactly Jackson's).
   */
  private boolean string(String s) {
    int n = s.length();
    ensure(6 * n + 2); // The longest escape, a backslash-u one, is 6 bytes.
    byte[] b = buf;
    int at = len;
    b[at++] = '"';
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c >= 0x80) return false;
      if (c < 32) {
        byte[] esc = CONTROL_ESCAPES[c];
        System.arraycopy(esc, 0, b, at, esc.length);
        at += esc.length;
      } else if (c == '"' || c == '\\') {
        b[at++] = '\\';
        b[at++] = (byte) c;
      } else {
        b[at++] = (byte) c;
      }
    }
    b[at++] = '"';
    len = at;
    return true;
  }

  private void ensure(int more) {
    if (len + more > buf.length) buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + more));
  }
}
