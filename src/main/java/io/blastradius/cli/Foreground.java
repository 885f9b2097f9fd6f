package io.blastradius.cli;

import io.blastradius.core.event.EventSink;
import io.blastradius.core.record.RecordingHeader;
import io.blastradius.core.record.RecordingWriter;
import io.blastradius.core.time.Clock;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * What serve and proxy share: their common options, and the life of a command that runs until
 * Ctrl+C or SIGTERM: its output (lines or JSON), its recording, its clock, its stop signal, and
 * the cleanup that leaves nothing behind: a run that never started deletes the recording it
 * opened and prints only its error.
 *
 * <p>Threading: the command's thread creates and closes it; {@link #output}, {@link #clock} and
 * the recording sink are used from I/O threads.
 */
final class Foreground implements AutoCloseable {
  /** The options every long-running command has (a picocli mixin). */
  static final class Options {
    @Option(names = "--json", description = "Print every event as a JSON line on stdout instead of lines on stderr.")
    boolean json;

    @Option(names = "--record", paramLabel = "FILE", description = "Record the events to FILE (.blastrec).")
    Path record;

    @Option(names = "--io-threads", defaultValue = "1", paramLabel = "N", description = "Event-loop threads. Default: ${DEFAULT-VALUE}.")
    int ioThreads;

    /** Checked before anything starts. */
    void validate() {
      if (ioThreads < 1) throw new IllegalArgumentException("--io-threads must be >= 1, not " + ioThreads);
      if (record == null) return;
      if (Files.isDirectory(record)) throw new IllegalArgumentException(record + " is a directory, not a recording file");
      if (Files.exists(record)) throw new IllegalArgumentException(record + " already exists: choose another name or delete it");
      Path dir = record.toAbsolutePath().getParent();
      if (dir != null && !Files.isDirectory(dir)) throw new IllegalArgumentException("no directory " + dir + " for " + record);
    }
  }

  final EventOutput output;
  /** Nanoseconds since the command started: the events' {@code t}. */
  final Clock clock;
  private final LiveLines lines = new LiveLines();
  private final StopSignal stop;
  private final Path record;
  private RecordingWriter writer;
  private volatile boolean running; // Read by event listeners on I/O threads.

  Foreground(Options options, PrintWriter out, PrintWriter err, StopSignal stop) {
    this.output = new EventOutput(lines, out, err, options.json);
    this.stop = stop;
    this.record = options.record;
    long t0 = System.nanoTime();
    this.clock = () -> System.nanoTime() - t0;
  }

  /** Opens the recording when --record was given; the sink to feed it (NONE otherwise). */
  EventSink recording(RecordingHeader header) throws IOException {
    if (record == null) return EventSink.NONE;
    writer = RecordingWriter.open(record, header);
    return writer;
  }

  /** Everything is up: listen for Ctrl+C / SIGTERM from now on. */
  void started() {
    running = true;
    stop.install();
    output.remark("Ctrl+C to stop");
  }

  boolean running() {
    return running;
  }

  boolean stopRequested() {
    return stop.stopRequested();
  }

  /** Blocks until Ctrl+C, SIGTERM or {@link StopSignal#stop()}, at most {@code nanos} (or for good with -1). */
  void awaitStop(long nanos) throws InterruptedException {
    if (nanos < 0) {
      stop.await();
      return;
    }
    long end = System.nanoTime() + nanos;
    while (!stop.stopRequested() && System.nanoTime() < end) {
      java.util.concurrent.locks.LockSupport.parkNanos(Math.min(50_000_000, Math.max(0, end - System.nanoTime())));
      if (Thread.interrupted()) throw new InterruptedException();
    }
  }

  /** Finishes the recording (or deletes it when the command never started), prints what is left. */
  @Override
  public void close() throws IOException {
    try {
      if (writer != null) {
        writer.close();
        if (running) output.remark("recorded " + record + " (" + writer.eventsWritten() + " events)");
        else Files.deleteIfExists(record); // it never started: leave no empty recording behind
        if (running && writer.eventsLost() > 0) {
          output.remark("blastradius: warning: the disk fell behind: " + writer.eventsLost() + " events are missing from "
              + record);
        }
      }
    } finally {
      lines.close();
      stop.close();
    }
  }
}
