package io.blastradius.core.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.blastradius.core.event.Event;
import io.blastradius.core.score.SyntheticRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A size, not a speed: how many bytes a recorded event costs on disk. */
class RecordingSizeTest {
  @TempDir Path dir;

  @Test
  void aMillionEventsTakeAFewTensOfMegabytesAtMost() throws IOException {
    // Mostly RequestStarted/Assigned/Finished, as a real run; unplugs and redials now and then.
    List<Event> events = SyntheticRun.events(1_000_000, 10_000, 1);
    Path f = dir.resolve("million.blastrec");
    long t0 = System.nanoTime();
    Samples.record(f, events);
    long writeMs = (System.nanoTime() - t0) / 1_000_000;
    long bytes = Files.size(f);
    double perEvent = (double) bytes / events.size();
    t0 = System.nanoTime();
    RecordingReader.Replay replay = RecordingReader.replay(f);
    long replayMs = (System.nanoTime() - t0) / 1_000_000;
    System.out.printf(
        "recording: %d events, %d bytes, %.2f bytes/event; written in %d ms, replayed in %d ms%n",
        events.size(), bytes, perEvent, writeMs, replayMs);
    assertTrue(replay.matches());
    assertEquals(events.size(), replay.events());
    assertTrue(perEvent < 40, perEvent + " bytes/event");
  }
}
