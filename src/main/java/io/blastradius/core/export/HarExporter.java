package io.blastradius.core.export;

import com.fasterxml.jackson.core.JsonGenerator;
import io.blastradius.core.event.Event;
import io.blastradius.core.event.Outcome;
import io.blastradius.core.record.Recording;
import io.blastradius.core.record.RecordingException;
import io.blastradius.core.record.RecordingHeader;
import io.blastradius.core.record.RecordingReader;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Objects;

/**
 * Writes a run's requests as a HAR 1.2 log (http://www.softwareishard.com/blog/har-12-spec/), so
 * browser dev tools and HAR viewers can show the waterfall of a run.
 *
 * <p>One entry per finished request, oldest first: {@code startedDateTime} is the run's
 * wall-clock start plus the request's {@code RequestStarted.t}; {@code time} its latency;
 * {@code timings.blocked} the wait for a connection (start to the last assignment; all of it if
 * the request never got one), {@code timings.wait} the rest (the client does not see send and
 * receive apart: both 0; dns, connect, ssl -1). The request is {@code GET http://HOST/} in
 * HTTP/1.1 or HTTP/2.0 after the connection's protocol. The response is 200 for OK, else status
 * 0 with {@code _error}. {@code connection} is the pool's connection id. Custom fields:
 * {@code _requestId}, {@code _worker}, {@code _streamId}, {@code _outcome}, {@code _policy} and
 * {@code _flowId} (the proxy flow carrying the connection, when known). Times are milliseconds
 * with microsecond decimals.
 *
 * <p>A pure function of events, written as they stream in one pass ({@link HarWriter}): what is
 * held is the requests in flight and the finished entries waiting for an older request still in
 * flight (so the log comes out oldest first), at most {@link HarWriter#MAX_HELD} of them; never
 * the run's events nor a JSON tree. A recording of any length exports in bounded memory.
 */
public final class HarExporter {
  static final DateTimeFormatter DATE =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSXXX").withZone(ZoneOffset.UTC);

  private HarExporter() {}

  /** Exports a recording read back. Does not close {@code out}. */
  public static void write(Recording recording, OutputStream out) throws IOException {
    write(recording.header(), recording.events(), out);
  }

  /**
   * Exports a recording as it is read, event by event; returns the entries written. Does not
   * close {@code out}.
   *
   * @throws RecordingException for a line that is not an event (what was written is incomplete)
   */
  public static long write(RecordingReader reader, OutputStream out) throws IOException {
    HarWriter w = HarWriter.open(run(reader.header()), out);
    Event e;
    while ((e = reader.next()) != null) w.accept(e);
    return w.finish();
  }

  /** Exports events under a recording header (run start, policy, host). Does not close {@code out}. */
  public static void write(RecordingHeader header, Iterable<? extends Event> events, OutputStream out)
      throws IOException {
    write(run(header), events, out);
  }

  /** What a HAR log of the run recorded under {@code header} says beyond its events. */
  public static Run run(RecordingHeader header) {
    String host = header.config() == null ? "127.0.0.1" : header.config().server().host();
    return new Run(header.createdAt(), header.policy(), host, header.appVersion(),
        "scenario " + header.scenario() + ", policy " + header.policy());
  }

  /**
   * What a HAR log says about the run beyond its events.
   *
   * @param start wall-clock time of the events' {@code t = 0}
   * @param policy the policy spec, for {@code _policy}
   * @param host the server's host, for the request URL
   * @param appVersion for the log's creator
   * @param comment the log's comment
   */
  public record Run(Instant start, String policy, String host, String appVersion, String comment) {
    public Run {
      Objects.requireNonNull(start, "start");
      Objects.requireNonNull(policy, "policy");
      Objects.requireNonNull(host, "host");
    }
  }

  /** Exports events of a live or recorded run. Does not close {@code out}. */
  public static void write(Run run, Iterable<? extends Event> events, OutputStream out) throws IOException {
    HarWriter w = HarWriter.open(run, out);
    for (Event e : events) w.accept(e);
    w.finish();
  }

  /** One finished request, as much as HAR needs. */
  record Entry(
      long requestId, int worker, long startedAt, long assignedAt, long latencyNanos, long connId,
      int streamId, Outcome outcome, String error, String httpVersion, Integer flowId) {}

  static void writeEntry(JsonGenerator g, Run run, String url, Entry e) throws IOException {
    long totalMicros = Math.max(0, Math.round(e.latencyNanos() / 1e3));
    long blockedMicros = e.assignedAt() < 0
        ? totalMicros
        : Math.min(totalMicros, Math.max(0, Math.round((e.assignedAt() - e.startedAt()) / 1e3)));
    boolean ok = e.outcome() == Outcome.OK;
    g.writeStartObject();
    g.writeStringField("startedDateTime", DATE.format(run.start().plusNanos(e.startedAt())));
    g.writeNumberField("time", totalMicros / 1e3);

    g.writeObjectFieldStart("request");
    g.writeStringField("method", "GET");
    g.writeStringField("url", url);
    g.writeStringField("httpVersion", e.httpVersion());
    emptyArrays(g, "cookies", "headers", "queryString");
    g.writeNumberField("headersSize", -1);
    g.writeNumberField("bodySize", 0);
    g.writeEndObject();

    g.writeObjectFieldStart("response");
    g.writeNumberField("status", ok ? 200 : 0);
    g.writeStringField("statusText", ok ? "OK" : "");
    g.writeStringField("httpVersion", e.httpVersion());
    emptyArrays(g, "cookies", "headers");
    g.writeObjectFieldStart("content");
    g.writeNumberField("size", 0);
    g.writeStringField("mimeType", "");
    g.writeEndObject();
    g.writeStringField("redirectURL", "");
    g.writeNumberField("headersSize", -1);
    g.writeNumberField("bodySize", -1);
    if (!ok) {
      String error = e.error() != null ? e.error() : e.outcome() == null ? "unknown" : e.outcome().name().toLowerCase(java.util.Locale.ROOT);
      g.writeStringField("_error", error);
    }
    g.writeEndObject();

    g.writeObjectFieldStart("cache");
    g.writeEndObject();

    g.writeObjectFieldStart("timings");
    g.writeNumberField("blocked", blockedMicros / 1e3);
    g.writeNumberField("dns", -1);
    g.writeNumberField("connect", -1);
    g.writeNumberField("send", 0);
    g.writeNumberField("wait", (totalMicros - blockedMicros) / 1e3);
    g.writeNumberField("receive", 0);
    g.writeNumberField("ssl", -1);
    g.writeEndObject();

    if (e.connId() != 0) g.writeStringField("connection", Long.toString(e.connId()));
    g.writeNumberField("_requestId", e.requestId());
    if (e.worker() >= 0) g.writeNumberField("_worker", e.worker());
    g.writeNumberField("_streamId", e.streamId());
    g.writeStringField("_outcome", e.outcome() == null ? null : e.outcome().name());
    g.writeStringField("_policy", run.policy());
    if (e.flowId() != null) g.writeNumberField("_flowId", e.flowId());
    g.writeEndObject();
  }

  static void emptyArrays(JsonGenerator g, String... names) throws IOException {
    for (String n : names) {
      g.writeArrayFieldStart(n);
      g.writeEndArray();
    }
  }
}
