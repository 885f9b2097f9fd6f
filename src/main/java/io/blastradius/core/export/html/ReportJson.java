package io.blastradius.core.export.html;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.blastradius.core.policy.PolicyInfo;
import io.blastradius.core.policy.Policies;
import io.blastradius.core.record.RecordingHeader;
import io.blastradius.core.record.RecordingJson;
import java.io.IOException;
import java.io.Writer;
import java.util.List;

/**
 * The report's data as the page's script reads it: one JSON value, written with a streaming
 * generator. Times are nanoseconds since the run's clock started (a double holds them exactly for
 * 104 days). Lanes are sparse: {@code [bucket, ok, failed, cancelled, retried, pings, ...]} for
 * the buckets that hold anything.
 *
 * <p>Safe inside a {@code <script>} element: every non-ASCII character is escaped, and so are
 * {@code <}, {@code >} and {@code &}, so no string in a recording can close the element.
 */
final class ReportJson {
  private ReportJson() {}

  static void write(List<RunReport> runs, Writer out) throws IOException {
    ObjectMapper mapper = RecordingJson.mapper();
    JsonGenerator g = mapper.getFactory().createGenerator(out);
    g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
    g.enable(JsonWriteFeature.ESCAPE_NON_ASCII.mappedFeature());
    g.setCharacterEscapes(new ScriptSafeEscapes());
    g.writeStartObject();
    g.writeStringField("generator", "BlastRadius " + RecordingHeader.currentAppVersion());
    g.writeArrayFieldStart("columns");
    for (String c : io.blastradius.core.score.Scorecard.columns()) g.writeString(c);
    g.writeEndArray();
    g.writeArrayFieldStart("runs");
    for (RunReport r : runs) run(g, mapper, r);
    g.writeEndArray();
    g.writeEndObject();
    g.flush();
  }

  private static void run(JsonGenerator g, ObjectMapper mapper, RunReport r) throws IOException {
    RecordingHeader h = r.header();
    g.writeStartObject();
    g.writeStringField("label", r.label());
    g.writeStringField("scenario", h.scenario());
    g.writeStringField("policy", h.policy());
    g.writeStringField("appVersion", h.appVersion());
    g.writeStringField("createdAt", h.createdAt().toString());
    g.writeFieldName("machine");
    mapper.writeValue(g, h.machine());
    g.writeFieldName("config");
    mapper.writeValue(g, h.config());
    policyInfo(g, h);
    g.writeFieldName("scorecard");
    mapper.writeValue(g, r.scorecard());
    g.writeFieldName("recorded");
    mapper.writeValue(g, r.recorded());
    g.writeNumberField("events", r.events());
    g.writeNumberField("endNs", r.endNanos());
    g.writeNumberField("bucketNs", r.bucketNanos());
    g.writeFieldName("finished");
    dense(g, r.finished(), (int) (r.endNanos() / r.bucketNanos()) + 1);
    g.writeNumberField("secondNs", r.secondNanos());
    g.writeFieldName("perSecond");
    dense(g, r.perSecond(), (int) (r.endNanos() / r.secondNanos()) + 1);

    g.writeArrayFieldStart("faults");
    for (RunReport.FaultMark f : r.faults()) {
      g.writeStartObject();
      g.writeNumberField("t", f.t());
      g.writeNumberField("flow", f.flowId());
      g.writeNumberField("conn", f.connId());
      g.writeStringField("fault", f.fault() == null ? null : f.fault().name());
      g.writeStringField("detail", f.detail());
      g.writeEndObject();
    }
    g.writeEndArray();

    g.writeArrayFieldStart("connections");
    for (RunReport.Connection c : r.connections()) connection(g, c);
    g.writeEndArray();
    g.writeFieldName("unplaced");
    sparse(g, r.unplaced());
    g.writeEndObject();
  }

  private static void policyInfo(JsonGenerator g, RecordingHeader h) throws IOException {
    String id = h.config() != null ? h.config().policy().id() : h.policy().replaceAll("[:+].*", "");
    PolicyInfo info;
    try {
      info = Policies.info(id);
    } catch (IllegalArgumentException e) {
      info = null; // A policy this version does not know: the spec string still says what ran.
    }
    g.writeObjectFieldStart("policyInfo");
    g.writeStringField("id", id);
    if (info != null) {
      g.writeStringField("protocol", info.protocol().name());
      g.writeStringField("models", info.models());
      g.writeStringField("help", info.help());
    }
    g.writeEndObject();
  }

  private static void connection(JsonGenerator g, RunReport.Connection c) throws IOException {
    g.writeStartObject();
    g.writeNumberField("id", c.id());
    g.writeStringField("protocol", c.protocol() == null ? null : c.protocol().name());
    g.writeNumberField("dialed", c.dialedAt());
    g.writeNumberField("ready", c.readyAt());
    g.writeNumberField("port", c.localPort());
    g.writeNumberField("maxStreams", c.maxConcurrentStreams());
    g.writeNumberField("flow", c.flowId());
    g.writeNumberField("closed", c.closedAt());
    g.writeStringField("reason", c.closeReason() == null ? null : c.closeReason().name());
    g.writeStringField("detail", c.closeDetail());
    g.writeNumberField("ok", c.ok());
    g.writeNumberField("failed", c.failed());
    g.writeNumberField("cancelled", c.cancelled());
    g.writeNumberField("retried", c.retried());
    g.writeNumberField("pings", c.pings());
    g.writeNumberField("goAways", c.goAways());
    g.writeArrayFieldStart("statuses");
    for (RunReport.Status s : c.statuses()) {
      g.writeStartArray();
      g.writeNumber(s.t());
      g.writeString(s.status().name());
      g.writeString(s.why());
      g.writeEndArray();
    }
    g.writeEndArray();
    g.writeNumberField("statusesDropped", c.statusesDropped());
    g.writeFieldName("lane");
    sparse(g, c.lane());
    g.writeEndObject();
  }

  /** One array per channel, from bucket 0 to {@code buckets - 1}. */
  private static void dense(JsonGenerator g, RunReport.Counts counts, int buckets) throws IOException {
    g.writeStartArray();
    for (int ch = 0; ch < counts.channels(); ch++) {
      g.writeStartArray();
      for (int b = 0; b < buckets; b++) g.writeNumber(counts.count(b, ch));
      g.writeEndArray();
    }
    g.writeEndArray();
  }

  /** {@code [bucket, count per channel..., bucket, ...]} for the non-empty buckets only. */
  private static void sparse(JsonGenerator g, RunReport.Counts counts) throws IOException {
    g.writeStartArray();
    for (int i = 0; i < counts.length(); i++) {
      int b = counts.first() + i;
      boolean any = false;
      for (int ch = 0; ch < counts.channels() && !any; ch++) any = counts.count(b, ch) != 0;
      if (!any) continue;
      g.writeNumber(b);
      for (int ch = 0; ch < counts.channels(); ch++) g.writeNumber(counts.count(b, ch));
    }
    g.writeEndArray();
  }

  /** Escapes what could end a script element or open a comment in it. */
  private static final class ScriptSafeEscapes extends com.fasterxml.jackson.core.io.CharacterEscapes {
    private final int[] ascii;

    ScriptSafeEscapes() {
      ascii = standardAsciiEscapesForJSON();
      ascii['<'] = ESCAPE_STANDARD;
      ascii['>'] = ESCAPE_STANDARD;
      ascii['&'] = ESCAPE_STANDARD;
    }

    @Override
    public int[] getEscapeCodesForAscii() {
      return ascii;
    }

    @Override
    public com.fasterxml.jackson.core.SerializableString getEscapeSequence(int ch) {
      return null; // Non-ASCII: ESCAPE_NON_ASCII writes \\uXXXX.
    }
  }
}
