package io.blastradius.core.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.blastradius.core.event.Event;
import io.blastradius.core.score.SyntheticRun;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import io.blastradius.core.time.FakeClock;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordingBadInputTest {
  @TempDir Path dir;

  static final String HEADER = "{\"format\":\"blastradius-recording\",\"formatVersion\":1,\"appVersion\":\"9.9\","
      + "\"createdAt\":\"2025-01-01T00:00:00Z\",\"scenario\":\"s\",\"policy\":\"h1\",\"config\":null,"
      + "\"machine\":{\"os\":\"x\",\"arch\":\"y\",\"cores\":1,\"java\":\"17\"}}\n";
  static final String EVENT = "{\"kind\":\"request-started\",\"t\":5,\"requestId\":1,\"worker\":0}\n";

  String message(Path f) {
    return assertThrows(RecordingException.class, () -> RecordingReader.readLenient(f)).getMessage();
  }

  @Test
  void aMissingFileIsNamed() {
    Path f = dir.resolve("gone.blastrec");
    assertEquals(f + ": no such file", message(f));
  }

  @Test
  void aFileThatIsNotGzipIsNotARecording() throws IOException {
    Path f = Files.writeString(dir.resolve("x.blastrec"), "hello, world\n");
    assertEquals(f + " is not a BlastRadius recording (not gzip-compressed)", message(f));
    Path empty = Files.write(dir.resolve("empty.blastrec"), new byte[0]);
    assertEquals(empty + " is not a BlastRadius recording (it is empty or too short)", message(empty));
    assertEquals(dir + " is a directory, not a recording", message(dir));
    assertEquals("/dev/zero is not a regular file (a device, a pipe or a socket), not a recording", message(Path.of("/dev/zero")));
  }

  @Test
  void gzippedDataThatIsNotOursIsNotARecording() throws IOException {
    assertEquals(dir.resolve("a.blastrec") + " is not a BlastRadius recording",
        message(Samples.gzip(dir.resolve("a.blastrec"), "{\"format\":\"something-else\"}\n")));
    assertEquals(dir.resolve("b.blastrec") + " is not a BlastRadius recording",
        message(Samples.gzip(dir.resolve("b.blastrec"), "not json at all\nmore\n")));
    assertEquals(dir.resolve("c.blastrec") + " is not a BlastRadius recording",
        message(Samples.gzip(dir.resolve("c.blastrec"), "[1,2,3]")));
    assertEquals(dir.resolve("d.blastrec") + " is not a BlastRadius recording (it holds no data)",
        message(Samples.gzip(dir.resolve("d.blastrec"), "")));
    assertEquals(dir.resolve("e.blastrec") + " is not a BlastRadius recording (its header has no format version)",
        message(Samples.gzip(dir.resolve("e.blastrec"), "{\"format\":\"blastradius-recording\"}\n")));
    byte[] noNewline = new byte[3 << 20];
    Arrays.fill(noNewline, (byte) 'x');
    Path big = Samples.gzip(dir.resolve("f.blastrec"), new String(noNewline, StandardCharsets.US_ASCII));
    assertEquals(big + " is not a BlastRadius recording (its first line is not a header)", message(big));
  }

  @Test
  void aNewerFormatIsRefusedByVersion() throws IOException {
    int newer = RecordingHeader.FORMAT_VERSION + 1;
    Path f = Samples.gzip(dir.resolve("new.blastrec"), HEADER.replace("\"formatVersion\":1", "\"formatVersion\":" + newer)
        .replace("\"config\":null", "\"config\":{\"shape\":\"of the future\"}") + EVENT);
    assertEquals(f + " was written by a newer BlastRadius (format " + newer + "); this version reads format "
        + RecordingHeader.FORMAT_VERSION, message(f));
  }

  @Test
  void anUnknownEventKindIsNamedWithItsLine() throws IOException {
    Path f = Samples.gzip(dir.resolve("k.blastrec"), HEADER + EVENT + "{\"kind\":\"warp-drive\",\"t\":6}\n" + EVENT);
    String m = message(f);
    assertTrue(m.startsWith(f + " line 3: unknown event kind 'warp-drive' (written by BlastRadius 9.9; this version knows run-started, "), m);
    // Same when the kind is not the first field (the slow path).
    Path g = Samples.gzip(dir.resolve("k2.blastrec"), HEADER + "{\"t\":6,\"kind\":\"warp-drive\"}\n");
    assertTrue(message(g).startsWith(g + " line 2: unknown event kind 'warp-drive'"), message(g));
  }

  @Test
  void aBadEventLineIsNamedWithItsLine() throws IOException {
    Path f = Samples.gzip(dir.resolve("b.blastrec"), HEADER + EVENT + "{\"kind\":\"request-started\",\"t\":\"soon\"}\n");
    String m = message(f);
    assertTrue(m.startsWith(f + " line 3: not a valid event: "), m);
    Path g = Samples.gzip(dir.resolve("g.blastrec"), HEADER + "{\"kind\":\"request-started\",\"t\":\n" + EVENT);
    assertTrue(message(g).startsWith(g + " line 2: not a valid event: "), message(g));
    Path h = Samples.gzip(dir.resolve("h.blastrec"), HEADER + "{\"what\":1}\n");
    assertEquals(h + " line 2: neither an event nor the summary", message(h));
    Path i = Samples.gzip(dir.resolve("i.blastrec"), HEADER + "garbage\n");
    assertTrue(message(i).startsWith(i + " line 2: not valid JSON: "), message(i));
  }

  @Test
  void aMissingSummaryIsAnErrorOnlyForTheStrictReader() throws IOException {
    Path f = Samples.gzip(dir.resolve("ns.blastrec"), HEADER + EVENT + EVENT.replace("\"requestId\":1", "\"requestId\":2"));
    RecordingException e = assertThrows(RecordingException.class, () -> RecordingReader.read(f));
    assertEquals(f + " ends without its summary line (2 events read); the run may not have been closed properly", e.getMessage());
    assertEquals(2, e.partial().orElseThrow().events().size());
    Recording r = RecordingReader.readLenient(f);
    assertNull(r.summary());
    assertFalse(r.truncated());
    assertEquals(List.of(new Event.RequestStarted(5, 1, 0), new Event.RequestStarted(5, 2, 0)), r.events());
  }

  @Test
  void dataAfterTheSummaryIsAnError() throws IOException {
    Path ok = Samples.record(dir.resolve("ok.blastrec"), Samples.everyKind());
    String text = RecordingRoundTripTest.lines(ok);
    Path f = Samples.gzip(dir.resolve("after.blastrec"), text + EVENT);
    int line = Samples.everyKind().size() + 3;
    assertEquals(f + " line " + line + ": more data after the summary line", message(f));
  }

  @Test
  void aTruncatedFileKeepsEveryIntactEvent() throws IOException {
    List<Event> events = SyntheticRun.events(200_000, 10_000, 11);
    Path whole = Samples.record(dir.resolve("whole.blastrec"), events);
    byte[] bytes = Files.readAllBytes(whole);
    for (int cut : new int[] {bytes.length / 2, bytes.length / 3 + 7, bytes.length - 30}) {
      Path f = Files.write(dir.resolve("cut" + cut + ".blastrec"), Arrays.copyOf(bytes, cut));
      Recording r = RecordingReader.readLenient(f);
      assertTrue(r.truncated(), "cut at " + cut);
      assertNull(r.summary());
      int n = r.events().size();
      assertTrue(n > 0 && n <= events.size(), "cut at " + cut + ": " + n + " events");
      assertEquals(events.subList(0, n), r.events(), "the events read are exactly the first n written");
      RecordingException e = assertThrows(RecordingException.class, () -> RecordingReader.read(f));
      assertEquals(f + " is truncated: " + n + " events read intact, then the file stops (did the run crash?)", e.getMessage());
      assertEquals(r, e.partial().orElseThrow());
    }
    // Cut inside the gzip trailer: every line, the summary too, is in; the file reads whole.
    Path trailer = Files.write(dir.resolve("trailer.blastrec"), Arrays.copyOf(bytes, bytes.length - 4));
    assertEquals(events, RecordingReader.read(trailer).events());
    // Cut inside the header.
    Path head = Files.write(dir.resolve("head.blastrec"), Arrays.copyOf(bytes, 40));
    assertEquals(head + " is truncated before the end of its header: nothing to read", message(head));
  }

  @Test
  void aDamagedFileIsReadUpToTheDamage() throws IOException {
    List<Event> events = SyntheticRun.events(100_000, 10_000, 5);
    byte[] whole = Files.readAllBytes(Samples.record(dir.resolve("w.blastrec"), events));
    int inflateErrors = 0, badLines = 0;
    // Flipped bits either fail to inflate (damaged: read up to there) or inflate to text that is
    // not an event (named by line). Never a wrong event, never an exception of another kind.
    for (int k = 0; k < 40; k++) {
      byte[] bytes = whole.clone();
      int at = whole.length / 4 + k * (whole.length / 80);
      for (int i = at; i < at + 16; i++) bytes[i] ^= 0x5a;
      Path f = Files.write(dir.resolve("damaged" + k + ".blastrec"), bytes);
      try {
        Recording r = RecordingReader.readLenient(f);
        assertTrue(r.truncated());
        assertEquals(events.subList(0, r.events().size()), r.events());
        RecordingException e = assertThrows(RecordingException.class, () -> RecordingReader.read(f));
        assertTrue(e.getMessage().startsWith(f + " is damaged ("), e.getMessage());
        inflateErrors++;
      } catch (RecordingException e) {
        assertTrue(e.getMessage().startsWith(f + " line "), e.getMessage());
        badLines++;
      }
    }
    assertEquals(40, inflateErrors + badLines);
  }

  @Test
  void bytesThatDoNotInflateEndTheReadThere() throws Exception {
    FakeClock clock = new FakeClock();
    Path f = dir.resolve("w.blastrec");
    List<Event> events = SyntheticRun.events(2_100, 0, 9).subList(0, 2000);
    long flushedSize;
    try (RecordingWriter w = RecordingWriter.open(f, Samples.header(), clock, Duration.ofSeconds(1))) {
      events.subList(0, 1000).forEach(w::accept);
      RecordingRoundTripTest.awaitTrue(() -> w.eventsWritten() == 1000);
      clock.advance(Duration.ofSeconds(1));
      RecordingRoundTripTest.awaitTrue(() -> w.flushes() == 1);
      flushedSize = Files.size(f); // The first event after this starts a new deflate block.
      events.subList(1000, 2000).forEach(w::accept);
    }
    byte[] bytes = Files.readAllBytes(f);
    bytes[(int) flushedSize] = 0x07; // BFINAL=1, BTYPE=11: a block type deflate does not have.
    Path damaged = Files.write(dir.resolve("damaged.blastrec"), bytes);
    Recording r = RecordingReader.readLenient(damaged);
    // The inflater drops what it produced in the call that met the damage: at most one 4 KiB read.
    int n = r.events().size();
    assertTrue(n > 950 && n <= 1000, n + " events");
    assertTrue(r.truncated());
    assertEquals(events.subList(0, n), r.events());
    RecordingException e = assertThrows(RecordingException.class, () -> RecordingReader.read(damaged));
    assertEquals(damaged + " is damaged (invalid block type): " + n + " events read intact, then the file stops", e.getMessage());
  }

  @Test
  void anEventWithMissingFieldsIsNamedWithItsLineAndField() throws IOException {
    Path f = Samples.gzip(dir.resolve("m.blastrec"), HEADER + EVENT + "{\"kind\":\"request-finished\"}\n");
    assertEquals(f + " line 3: a request-finished event without its field 't' (required: t, requestId, connId, streamId,"
        + " outcome, latencyNanos)", message(f));
    Path g = Samples.gzip(dir.resolve("m2.blastrec"), HEADER
        + "{\"kind\":\"request-finished\",\"t\":9,\"requestId\":1,\"connId\":1,\"streamId\":1,\"error\":\"x\\\",\\\"outcome\\\":\",\"latencyNanos\":4}\n");
    assertTrue(message(g).startsWith(g + " line 2: a request-finished event without its field 'outcome'"), message(g));
    // The slow path (kind not first) checks the same.
    Path h = Samples.gzip(dir.resolve("m3.blastrec"), HEADER + "{\"t\":6,\"kind\":\"flow-fault\",\"flowId\":2}\n");
    assertEquals(h + " line 2: a flow-fault event without its field 'fault' (required: t, flowId, fault)", message(h));
    // Optional text may be absent: what the writer leaves out when it is null.
    Path ok = Samples.gzip(dir.resolve("ok.blastrec"), HEADER
        + "{\"kind\":\"request-finished\",\"t\":9,\"requestId\":1,\"connId\":1,\"streamId\":1,\"outcome\":\"OK\",\"latencyNanos\":4}\n"
        + "{\"kind\":\"flow-fault\",\"t\":10,\"flowId\":2,\"fault\":\"UNPLUG\"}\n");
    assertEquals(2, RecordingReader.readLenient(ok).events().size());
  }

  @Test
  void aFormatVersionOutOfRangeIsSaidToBeUnsupported() throws IOException {
    Path f = Samples.gzip(dir.resolve("v.blastrec"), HEADER.replace("\"formatVersion\":1", "\"formatVersion\":99999999999") + EVENT);
    assertEquals(f + " has an unsupported format version (99999999999, out of range); this version reads format " + RecordingHeader.FORMAT_VERSION, message(f));
    Path g = Samples.gzip(dir.resolve("v2.blastrec"), HEADER.replace("\"formatVersion\":1", "\"formatVersion\":\"one\"") + EVENT);
    assertEquals(g + " is not a BlastRadius recording (its format version is \"one\", not a whole number)", message(g));
  }

  @Test
  void aFlippedChecksumByteIsDamageNotAGoodRecording() throws IOException {
    List<Event> events = SyntheticRun.events(5_000, 1_000, 3);
    byte[] bytes = Files.readAllBytes(Samples.record(dir.resolve("w.blastrec"), events));
    bytes[bytes.length - 8] ^= 0x01; // The trailer: CRC-32 (4 bytes), then ISIZE (4 bytes).
    Path f = Files.write(dir.resolve("crc.blastrec"), bytes);
    RecordingException e = assertThrows(RecordingException.class, () -> RecordingReader.read(f));
    assertEquals(f + " is damaged (its gzip checksum does not match: a byte changed after it was written): "
        + events.size() + " events read, but not as they were written", e.getMessage());
    RecordingReader.Replay r = RecordingReader.replay(f);
    assertFalse(r.matches() && !r.truncated(), "not reported as a good recording");
    assertTrue(r.truncated());
  }

  @Test
  void aViewThatKeepsEventsRefusesARecordingPastItsLimit() throws IOException {
    List<Event> events = SyntheticRun.events(3_000, 1_000, 3);
    Path f = Samples.record(dir.resolve("long.blastrec"), events);
    RecordingException e = assertThrows(RecordingException.class, () -> RecordingReader.readLenient(f, 2_000));
    assertEquals(f + " holds more than 2,000 events: too many to keep in memory here; replay and export stream it"
        + " whole from the command line", e.getMessage());
    assertEquals(events, RecordingReader.readLenient(f, events.size()).events());
  }
}
