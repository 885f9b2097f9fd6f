package io.blastradius.core.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import de.sstoehr.harreader.HarReader;
import de.sstoehr.harreader.HarReaderMode;
import de.sstoehr.harreader.model.Har;
import de.sstoehr.harreader.model.HarEntry;
import io.blastradius.core.event.Event;
import io.blastradius.core.event.Outcome;
import io.blastradius.core.policy.Protocol;
import io.blastradius.core.record.Recording;
import io.blastradius.core.record.RecordingHeader;
import io.blastradius.core.record.RecordingJson;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

class HarExporterTest {
  static final long MS = 1_000_000;
  static final Instant START = Instant.parse("2025-03-04T05:06:07Z");

  static RecordingHeader header() {
    return new RecordingHeader(RecordingHeader.FORMAT, 1, "0.1.0", START, "seed", "h2-naive+retry", null,
        new RecordingHeader.Machine("Linux", "amd64", 2, "17"));
  }

  static List<Event> events() {
    return List.of(
        new Event.RunStarted(0, "h2-naive+retry", "seed"),
        new Event.RequestStarted(1 * MS, 1, 0),
        new Event.ConnectionDialed(1 * MS, 7, Protocol.H2),
        new Event.FlowOpened(2 * MS, 3, 41000),
        new Event.ConnectionReady(2 * MS, 7, 41000, 250),
        new Event.RequestAssigned(2 * MS, 1, 7, 1),
        new Event.RequestStarted(3 * MS, 2, 1),
        new Event.RequestAssigned(3 * MS + 250_000, 2, 7, 3),
        // Finished out of start order: the HAR lists oldest first.
        new Event.RequestFinished(4 * MS, 2, 7, 3, Outcome.TIMEOUT, "timeout after 10ms", 1 * MS),
        new Event.RequestFinished(5 * MS + 123_456, 1, 7, 1, Outcome.OK, null, 4 * MS + 123_456),
        // HTTP/1 connection 8 with the proxy's accept logged after the pool's connect.
        new Event.ConnectionDialed(6 * MS, 8, Protocol.H1),
        new Event.ConnectionReady(6 * MS, 8, 41001, 1),
        new Event.FlowOpened(6 * MS, 4, 41001),
        new Event.RequestStarted(6 * MS, 3, 0),
        new Event.RequestAssigned(6 * MS, 3, 8, 0),
        new Event.RequestFinished(7 * MS, 3, 8, 0, Outcome.CANCELLED, null, 1 * MS),
        // Never reached a connection.
        new Event.RequestStarted(8 * MS, 4, 2),
        new Event.RequestFinished(9 * MS, 4, 0, 0, Outcome.ERROR, "no connection", 1 * MS),
        // Started, never finished: no entry.
        new Event.RequestStarted(9 * MS, 5, 0),
        new Event.RunFinished(10 * MS, true));
  }

  static byte[] export() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    HarExporter.write(new Recording(header(), events(), null, false), out);
    return out.toByteArray();
  }

  @Test
  void anIndependentHarReaderReadsEntriesConnectionsAndCustomFields() throws Exception {
    Har har = new HarReader().readFromBytes(export(), HarReaderMode.STRICT);
    assertEquals("1.2", har.log().version());
    assertEquals("BlastRadius", har.log().creator().name());
    List<HarEntry> entries = har.log().entries();
    assertEquals(4, entries.size());

    HarEntry first = entries.get(0);
    assertEquals(ZonedDateTime.parse("2025-03-04T05:06:07.001Z").toInstant(), first.startedDateTime().toInstant());
    assertEquals("GET", first.request().method());
    assertEquals("http://127.0.0.1/", first.request().url());
    assertEquals("HTTP/2.0", first.request().httpVersion());
    assertEquals(200, first.response().status());
    assertEquals("7", first.connection());
    assertEquals(1, first.additional().get("_requestId"));
    assertEquals(1, first.additional().get("_streamId"));
    assertEquals("OK", first.additional().get("_outcome"));
    assertEquals("h2-naive+retry", first.additional().get("_policy"));
    assertEquals(3, first.additional().get("_flowId"));
    assertEquals(1L, first.timings().blocked()); // 1 ms until assigned

    HarEntry second = entries.get(1);
    assertEquals(2, second.additional().get("_requestId"));
    assertEquals(0, second.response().status());
    assertEquals("timeout after 10ms", second.response().additional().get("_error"));
    assertEquals("TIMEOUT", second.additional().get("_outcome"));
    assertEquals(3, second.additional().get("_streamId"));

    HarEntry h1 = entries.get(2);
    assertEquals("HTTP/1.1", h1.request().httpVersion());
    assertEquals("HTTP/1.1", h1.response().httpVersion());
    assertEquals("8", h1.connection());
    assertEquals(4, h1.additional().get("_flowId"));
    assertEquals("CANCELLED", h1.additional().get("_outcome"));
    assertEquals("cancelled", h1.response().additional().get("_error"));

    HarEntry orphan = entries.get(3);
    assertNull(orphan.connection());
    assertFalse(orphan.additional().containsKey("_flowId"));
    assertEquals("HTTP/2.0", orphan.request().httpVersion());
    assertEquals("no connection", orphan.response().additional().get("_error"));
  }

  @Test
  void timesAreMillisecondsWithMicrosecondDecimalsAndAddUp() throws Exception {
    JsonNode entries = RecordingJson.mapper().readTree(export()).path("log").path("entries");
    JsonNode ok = entries.get(0);
    assertEquals("2025-03-04T05:06:07.001000Z", ok.path("startedDateTime").asText());
    assertEquals(4.123, ok.path("time").asDouble()); // 4.123456 ms, to the microsecond
    assertEquals(1.0, ok.path("timings").path("blocked").asDouble());
    assertEquals(3.123, ok.path("timings").path("wait").asDouble());
    assertEquals(-1, ok.path("timings").path("connect").asInt());
    JsonNode timeout = entries.get(1);
    assertEquals(0.25, timeout.path("timings").path("blocked").asDouble());
    assertEquals(0.75, timeout.path("timings").path("wait").asDouble());
    JsonNode orphan = entries.get(3);
    assertEquals(1.0, orphan.path("timings").path("blocked").asDouble(), "never assigned: all blocked");
    assertEquals(0.0, orphan.path("timings").path("wait").asDouble());
    for (JsonNode e : entries) {
      JsonNode t = e.path("timings");
      double sum = t.path("blocked").asDouble() + t.path("send").asDouble() + t.path("wait").asDouble() + t.path("receive").asDouble();
      assertEquals(e.path("time").asDouble(), sum, 1e-9);
    }
  }

  @Test
  void anEmptyRunIsAValidEmptyLog() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    HarExporter.write(header(), List.of(), out);
    Har har = new HarReader().readFromBytes(out.toByteArray(), HarReaderMode.STRICT);
    assertEquals(List.of(), har.log().entries());
  }
}
