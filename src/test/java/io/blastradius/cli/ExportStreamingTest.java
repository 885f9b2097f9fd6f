package io.blastradius.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.blastradius.Launcher;
import io.blastradius.core.record.RecordingReader;
import io.blastradius.core.record.RecordingWriter;
import io.blastradius.core.record.RecordingJson;
import io.blastradius.core.record.Samples;
import io.blastradius.core.score.ChurnStream;
import io.blastradius.core.testutil.JavaProcess;
import io.blastradius.core.testutil.Waits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code export} streams a recording: a long one exports in a JVM whose heap could not hold its
 * events, and a SIGTERM in the middle leaves neither the output nor its temporary file.
 */
@Timeout(300)
class ExportStreamingTest {
  static final long REQUESTS = 300_000;

  @TempDir static Path shared;
  static Path big;
  static long events;

  @TempDir Path dir;

  /** 300,000 requests, about a million events: some 40 MB of event records held as a list. */
  @BeforeAll
  static void record() throws Exception {
    big = shared.resolve("big.blastrec");
    RecordingWriter w = RecordingWriter.open(big, Samples.header());
    events = ChurnStream.generate(REQUESTS, 4, 20, 1_000, 5, w::put);
    w.close();
    assertEquals(events, w.eventsWritten());
  }

  List<String> files(Path d) throws IOException {
    try (Stream<Path> s = Files.list(d)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void aRecordingWhoseEventsDoNotFitTheHeapExportsAsHarAndCsv() throws Exception {
    Path har = dir.resolve("big.har");
    Path csv = dir.resolve("big.csv");
    JavaProcess p = JavaProcess.start(dir, List.of("-Xmx32m", "-XX:+UseSerialGC"), Launcher.class,
        "export", big.toString(), "--har", har.toString(), "--csv", csv.toString());
    assertEquals(0, p.await(Duration.ofMinutes(4)), p.err());
    assertEquals("", p.err());
    assertTrue(p.out().startsWith("Wrote " + har + " (" + REQUESTS + " requests)"), p.out());

    // Read back as a stream too: every request once, oldest first.
    long entries = 0;
    String last = "";
    try (JsonParser j = RecordingJson.mapper().getFactory().createParser(har.toFile())) {
      JsonToken t;
      while ((t = j.nextToken()) != null) {
        if (t == JsonToken.FIELD_NAME && j.currentName().equals("startedDateTime")) {
          j.nextToken();
          String at = j.getText();
          assertTrue(at.compareTo(last) >= 0, at + " after " + last);
          last = at;
          entries++;
        }
      }
    }
    assertEquals(REQUESTS, entries);
    assertEquals(RecordingReader.replay(big).rescored().failed(),
        Long.parseLong(Files.readAllLines(csv).get(1).split(",")[3]), "the CSV is the scorecard");
    p.deleteOutputs();
    assertEquals(List.of("big.csv", "big.har"), files(dir));
  }

  @Test
  void sigtermDuringExportLeavesNoTemporaryFile() throws Exception {
    Path har = dir.resolve("big.har");
    JavaProcess p = JavaProcess.start(dir, List.of("-Xmx64m"), Launcher.class,
        "export", big.toString(), "--har", har.toString());
    // The hidden temporary file appears as soon as writing starts; stop the export then.
    Waits.until("the temporary HAR file", Duration.ofSeconds(60), () -> {
      try {
        return files(dir).stream().anyMatch(f -> f.startsWith(".big.har.") && f.endsWith(".tmp"));
      } catch (IOException e) {
        return false;
      }
    });
    p.process().destroy(); // SIGTERM
    int code = p.await(Duration.ofSeconds(60));
    assertTrue(code != 0, "stopped before it finished: " + code);
    p.deleteOutputs();
    assertEquals(List.of(), files(dir), "neither the output nor its temporary file");
    assertFalse(Files.exists(har));
  }
}
