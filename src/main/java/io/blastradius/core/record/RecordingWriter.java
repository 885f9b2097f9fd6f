package io.blastradius.core.record;

import com.fasterxml.jackson.databind.ObjectWriter;
import io.blastradius.core.event.Event;
import io.blastradius.core.event.EventSink;
import io.blastradius.core.score.ScoreAccumulator;
import io.blastradius.core.score.Scorecard;
import io.blastradius.core.time.Clock;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * Writes a run to a {@code .blastrec} file as it happens (format: {@link RecordingReader}).
 *
 * <p>Threading: {@link #accept} is called from the run's I/O threads, at 100k events/s and more.
 * It only puts the event on a lock-free queue and returns; it never blocks on the disk and never
 * throws. One writer thread, started by {@link #open}, owns the file, the line encoder ({@link
 * EventLines}) and the scorecard accumulator: it serializes events in queue order, so the summary
 * it computes is the scorecard of exactly the events in the file. {@link #close} (any thread, idempotent) makes it
 * drain the queue, write the summary line and finish the gzip stream.
 *
 * <p>Crash safety: the writer sync-flushes the gzip stream to the OS at least every {@code
 * flushInterval} (1 s), so a crashed run's file holds everything up to the last flush and reads
 * back as truncated with those events intact. (Flushes reach the OS, not the platter: a power cut
 * may lose more.) Flushing more often than needed costs compression, so it is timed, not per
 * event.
 *
 * <p>Cost: about 0.4 us of the writer thread's CPU per event in a tight loop (0.32 deflate at its
 * fastest level, 0.08 encoding), 0.6 us in a real run: 1.5-2 us per request of a sequential run
 * that spends 30-35 us per request. A few percent of the CPU, next to nothing on the run's own
 * thread (it only queues). {@code blastradius bench --recording} measures it.
 *
 * <p>The queue is bounded ({@link #MAX_QUEUED} events, about 5 s of a fast run and some tens of
 * MB): the writer outpaces a run many times over, so it only fills if the disk stalls. The
 * producers are the run's event loops, which must never wait for a disk, so {@link #accept} does
 * not wait either: an event that finds the queue full is not recorded, only counted
 * ({@link #eventsLost}). The file then says so: its summary line carries {@code "eventsLost":N}
 * next to the summary (the scorecard of the events that are in the file), and the CLI prints a
 * warning. The run itself and the scorecard it prints count every event. A producer that may wait
 * (a generator or a converter, not a run) calls {@link #put} instead, which waits for room.
 * After a write error the writer discards events, and {@link #close} throws the error.
 */
public final class RecordingWriter implements EventSink, AutoCloseable {
  /** How often the writer makes what it has written readable after a crash. */
  public static final Duration FLUSH_INTERVAL = Duration.ofSeconds(1);
  /**
   * Events queued at most; beyond it {@link #accept} counts them as lost. At 200k events/s (a fast
   * run with its wire events) that is 5 s of a stalled disk; at about 60 bytes an event, some 60 MB.
   */
  public static final int MAX_QUEUED = 1 << 20;
  /** How long the writer sleeps when the queue is empty (bounds the queue's lag and idle wakeups). */
  private static final long IDLE_PARK_NANOS = 5_000_000;
  /** Encoded bytes the writer gathers before handing them to the deflater. */
  private static final int CHUNK = 1 << 15;
  private static final byte[] SUMMARY_START = "{\"summary\":".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  private final Path file;
  private final Clock clock;
  private final long flushIntervalNanos;
  private final String policy;
  private final ConcurrentLinkedQueue<Event> queue = new ConcurrentLinkedQueue<>();
  private final AtomicLong dropped = new AtomicLong();
  /** Events in {@link #queue}: kept apart because its size() walks the whole queue. */
  private final java.util.concurrent.atomic.AtomicInteger queued = new java.util.concurrent.atomic.AtomicInteger();
  private final int maxQueued;
  private final AtomicLong lost = new AtomicLong();
  private final Thread thread;
  private volatile boolean closing;
  private volatile IOException failure;
  private volatile long written; // Written only by the writer thread.
  private volatile long flushes; // Written only by the writer thread.
  private volatile Scorecard summary; // Set by the writer thread as it finishes.

  // Confined to the writer thread (after open() hands them over).
  private final OutputStream file0;
  private final GZIPOutputStream gzip;
  private final EventLines lines = new EventLines(CHUNK + 4096);
  private final ObjectWriter valueWriter;
  private final ScoreAccumulator score = new ScoreAccumulator();
  private long lastFlush;
  private long writtenAtLastFlush;

  private RecordingWriter(Path file, OutputStream sink, RecordingHeader header, Clock clock, Duration flushInterval,
      int maxQueued) throws IOException {
    this.file = file;
    this.maxQueued = maxQueued;
    this.clock = clock;
    this.flushIntervalNanos = flushInterval.toNanos();
    this.policy = header.policy();
    this.valueWriter = RecordingJson.mapper().writer();
    this.file0 = sink;
    try {
      this.gzip = new GZIPOutputStream(file0, 1 << 16, true) {
        {
          // Fastest deflate: the writer shares the run's cores. Measured on the synthetic seed
          // stream: 13.8 bytes/event (11.7 at the default level 6) in about half the CPU time.
          def.setLevel(Deflater.BEST_SPEED);
        }
      };
      lines.raw(valueWriter.writeValueAsBytes(header));
      lines.newline();
      lines.drainTo(gzip);
      gzip.flush(); // A file with a readable header from the start.
    } catch (IOException | RuntimeException e) {
      file0.close();
      throw e;
    }
    this.lastFlush = clock.nanoTime();
    this.thread = new Thread(this::run, "blastrec-writer " + file.getFileName());
    thread.setDaemon(true); // A crash should not wait for it; it has flushed within a second.
  }

  /**
   * Creates (or replaces) {@code file}, writes the header and starts the writer thread.
   *
   * @throws IOException if the file cannot be created or the header written
   */
  public static RecordingWriter open(Path file, RecordingHeader header) throws IOException {
    return open(file, header, Clock.SYSTEM, FLUSH_INTERVAL);
  }

  /** As {@link #open(Path, RecordingHeader)}, with the clock that times flushes and their interval. */
  public static RecordingWriter open(Path file, RecordingHeader header, Clock clock, Duration flushInterval)
      throws IOException {
    return start(new RecordingWriter(file, Files.newOutputStream(file), header, clock, flushInterval, MAX_QUEUED));
  }

  /** A writer to any stream ({@code name} for messages); for tests of write failures. */
  static RecordingWriter open(Path name, OutputStream sink, RecordingHeader header, Clock clock, Duration flushInterval)
      throws IOException {
    return open(name, sink, header, clock, flushInterval, MAX_QUEUED);
  }

  /** As above, with room for {@code maxQueued} events; for tests of a stalled disk. */
  static RecordingWriter open(Path name, OutputStream sink, RecordingHeader header, Clock clock, Duration flushInterval,
      int maxQueued) throws IOException {
    return start(new RecordingWriter(name, sink, header, clock, flushInterval, maxQueued));
  }

  private static RecordingWriter start(RecordingWriter w) {
    w.thread.start();
    return w;
  }

  /**
   * Queues {@code event} for the writer thread. Never blocks, never throws; ignored after close.
   * If the queue is full (the disk has fallen {@link #MAX_QUEUED} events behind), the event is
   * counted in {@link #eventsLost} instead.
   */
  @Override
  public void accept(Event event) {
    if (closing || event == null || failure != null) {
      dropped.incrementAndGet();
      return;
    }
    if (queued.incrementAndGet() > maxQueued) {
      queued.decrementAndGet();
      lost.incrementAndGet();
      return;
    }
    queue.offer(event);
  }

  /**
   * As {@link #accept}, but waits while the queue is full instead of losing the event: for
   * producers that are not a run's event loops (generators, converters), which may go at the
   * disk's pace. Never throws; ignored after close or a write error.
   */
  public void put(Event event) {
    while (!closing && event != null && failure == null) {
      if (queued.incrementAndGet() <= maxQueued) {
        queue.offer(event);
        return;
      }
      queued.decrementAndGet();
      LockSupport.unpark(thread);
      LockSupport.parkNanos(this, 50_000);
    }
    dropped.incrementAndGet();
  }

  public Path file() {
    return file;
  }

  /** Events written to the file so far. */
  public long eventsWritten() {
    return written;
  }

  /** Events refused: after close, after a write error, or null. */
  public long eventsDropped() {
    return dropped.get();
  }

  /**
   * Events not recorded because the queue was full (the disk fell behind the run); the file's
   * summary line says how many ({@code "eventsLost"}).
   */
  public long eventsLost() {
    return lost.get();
  }

  /** Timed flushes so far (not counting the header's and the final one). */
  public long flushes() {
    return flushes;
  }

  /** The write error that stopped the writer, if one did. */
  public Optional<IOException> failure() {
    return Optional.ofNullable(failure);
  }

  /** The summary written as the last line; empty until {@link #close} has returned. */
  public Optional<Scorecard> summary() {
    return Optional.ofNullable(summary);
  }

  /**
   * Writes what is queued, then the summary line, and finishes the file. Waits for the writer
   * thread. Idempotent.
   *
   * @throws IOException if any write failed (the file is then incomplete)
   */
  @Override
  public void close() throws IOException {
    closing = true;
    LockSupport.unpark(thread);
    boolean interrupted = false;
    while (thread.isAlive()) {
      try {
        thread.join();
      } catch (InterruptedException e) {
        interrupted = true; // Finish the file anyway; a half-written one is worse.
      }
    }
    if (interrupted) Thread.currentThread().interrupt();
    IOException f = failure;
    if (f != null) throw new RecordingException(file, "could not write " + file + ": " + f.getMessage(), f);
  }

  // ---- writer thread ----

  private void run() {
    try {
      while (true) {
        drain();
        if (closing && queue.isEmpty()) break;
        LockSupport.parkNanos(this, IDLE_PARK_NANOS);
      }
      Scorecard s = score.result(policy);
      lines.raw(SUMMARY_START);
      lines.raw(valueWriter.writeValueAsBytes(s));
      long lostNow = lost.get(); // accept refuses everything once closing
      if (lostNow > 0) lines.raw((",\"eventsLost\":" + lostNow).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      lines.raw(new byte[] {'}'});
      lines.newline();
      lines.drainTo(gzip);
      gzip.close(); // Finishes the deflate stream, writes the gzip trailer, closes the file.
      summary = s;
    } catch (IOException | RuntimeException e) {
      failure = e instanceof IOException io ? io : new IOException(e.toString(), e);
      queue.clear();
      queued.set(0);
      try {
        file0.close();
      } catch (IOException ignored) {
        // The first error is the one to report.
      }
    }
  }

  private void drain() throws IOException {
    Event e;
    int n = 0;
    while ((e = queue.poll()) != null) {
      queued.decrementAndGet();
      lines.event(e); // Absent fields (an OK request's error) read back as null: left out.
      score.accept(e);
      written++;
      if (lines.size() >= CHUNK) lines.drainTo(gzip);
      if ((++n & 1023) == 0) maybeFlush();
    }
    maybeFlush();
  }

  private void maybeFlush() throws IOException {
    long now = clock.nanoTime();
    if (now - lastFlush >= flushIntervalNanos) {
      lastFlush = now;
      if (written == writtenAtLastFlush) return; // An empty sync flush still costs 5 bytes.
      writtenAtLastFlush = written;
      lines.drainTo(gzip);
      gzip.flush(); // syncFlush: deflater SYNC_FLUSH -> file.
      flushes++;
    }
  }
}
