package io.blastradius.core.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.blastradius.core.event.Event;
import io.blastradius.core.time.FakeClock;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A disk that stops taking writes: the run's threads must neither wait for it nor fill the heap.
 * The writer's queue holds a bounded number of events; the rest are counted as lost, and the
 * file says how many.
 */
@Timeout(60)
class RecordingStalledDiskTest {
  static final int ROOM = 100;

  @TempDir Path dir;

  /** A file whose writes block, once {@link #stall} is set, until {@link #release} opens. */
  static final class StallingFile extends FilterOutputStream {
    volatile boolean stall;
    final CountDownLatch blocked = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);

    StallingFile(OutputStream out) {
      super(out);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      if (stall) {
        blocked.countDown();
        try {
          release.await();
        } catch (InterruptedException e) {
          throw new IOException("interrupted", e);
        }
      }
      out.write(b, off, len);
    }
  }

  @Test
  void aStalledDiskCostsEventsNotMemoryAndTheFileSaysHowMany() throws Exception {
    Path f = dir.resolve("stalled.blastrec");
    StallingFile disk = new StallingFile(Files.newOutputStream(f));
    // Flush after every batch, so the first event already reaches the (stalled) disk.
    RecordingWriter w = RecordingWriter.open(f, disk, Samples.header(), new FakeClock(), Duration.ZERO, ROOM);
    disk.stall = true;
    w.accept(new Event.RequestStarted(0, 0, 0));
    assertTrue(disk.blocked.await(10, TimeUnit.SECONDS), "the writer reached the disk");

    // The producer (a run's event loop) goes on at full speed: it never waits for the disk.
    for (long id = 1; id <= 1_000; id++) w.accept(new Event.RequestStarted(id, id, 0));
    assertEquals(1_000 - ROOM, w.eventsLost(), "only the queue's room is kept while the disk is stalled");

    // A generator that may wait uses put: it waits for room instead of losing its event.
    Thread generator = new Thread(() -> w.put(new Event.RequestStarted(5_000, 5_000, 0)));
    generator.start();
    generator.join(200);
    assertTrue(generator.isAlive(), "put waits while the queue is full");

    disk.release.countDown();
    generator.join(10_000);
    assertFalse(generator.isAlive());
    w.close();
    assertEquals(1_000 - ROOM, w.eventsLost(), "put lost nothing");

    List<Long> ids = new ArrayList<>();
    long lost;
    try (RecordingReader r = RecordingReader.open(f)) {
      Event e;
      while ((e = r.next()) != null) ids.add(((Event.RequestStarted) e).requestId());
      assertTrue(r.summary().isPresent(), "the file is complete");
      assertEquals(ROOM + 2, r.summary().get().requests(), "the summary is the scorecard of the events in the file");
      lost = r.eventsLost();
    }
    List<Long> expected = new ArrayList<>();
    for (long id = 0; id <= ROOM; id++) expected.add(id);
    expected.add(5_000L);
    assertEquals(expected, ids, "the first events in order, then the generator's");
    assertEquals(1_000 - ROOM, lost, "the summary line says how many events are missing");
  }

  @Test
  void aFileWithNothingLostSaysNothing() throws Exception {
    Path f = dir.resolve("ok.blastrec");
    try (RecordingWriter w = RecordingWriter.open(f, Samples.header())) {
      for (long id = 0; id < 1_000; id++) w.accept(new Event.RequestStarted(id, id, 0));
    }
    try (RecordingReader r = RecordingReader.open(f)) {
      while (r.next() != null) {
        // read to the summary line
      }
      assertEquals(0, r.eventsLost());
    }
    String summaryLine = new String(new java.util.zip.GZIPInputStream(Files.newInputStream(f)).readAllBytes(),
        java.nio.charset.StandardCharsets.UTF_8).lines().reduce((a, b) -> b).orElseThrow();
    assertFalse(summaryLine.contains("eventsLost"), summaryLine);
  }
}
