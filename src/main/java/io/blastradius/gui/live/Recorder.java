package io.blastradius.gui.live;

import io.blastradius.core.record.RecordingHeader;
import io.blastradius.core.record.RecordingWriter;
import io.blastradius.core.run.RunConfig;
import io.blastradius.core.util.TempFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;

/**
 * Records every live run into a temporary {@code .blastrec} as it goes, so Run → Save recording…
 * only copies a finished file, and captures its packets into a temporary pcap for Run → Save
 * capture…. Called off the FX thread.
 */
public interface Recorder {
  /** A writer for {@code config}'s run, or null to run unrecorded. */
  RecordingWriter open(RunConfig config);

  /**
   * As {@link #open(RunConfig)} for a run on {@code engine}: the recording's header names it
   * ({@code "engine":"sim"} for a simulated run), as the CLI's {@code --record} does.
   */
  default RecordingWriter open(RunConfig config, io.blastradius.core.run.Engine engine) {
    return open(config);
  }

  /** Deletes a recording (or a capture) no longer offered for saving. */
  void discard(Path file);

  /**
   * A path, not yet existing, for {@code config}'s run to capture every flow's bytes to (a pcap
   * for Run → Save capture…), or null to run without a capture.
   */
  default Path capture(RunConfig config) {
    return null;
  }

  Recorder NONE = new Recorder() {
    @Override
    public RecordingWriter open(RunConfig config) {
      return null;
    }

    @Override
    public void discard(Path file) {}
  };

  /**
   * Temporary files in {@code dir} (the system's temp directory when null), deleted when discarded
   * and at exit. A process killed outright (SIGKILL, a crash) cannot delete its own: their names
   * carry the process id ({@code blastradius-run-PID-N.blastrec}), and starting a recorder removes,
   * on a background thread, those of processes no longer alive ({@link #sweepStale}).
   */
  static Recorder temp(Path dir) {
    Thread sweep = new Thread(() -> {
      TempFiles.sweepDeadProcesses(dir, PREFIX, SUFFIX);
      TempFiles.sweepDeadProcesses(dir, CAPTURE_PREFIX, CAPTURE_SUFFIX);
    }, "blastradius-stale-recordings");
    sweep.setDaemon(true);
    sweep.start();
    return new Recorder() {
      @Override
      public RecordingWriter open(RunConfig config) {
        return open(config, io.blastradius.core.run.Engine.REAL);
      }

      @Override
      public RecordingWriter open(RunConfig config, io.blastradius.core.run.Engine engine) {
        try {
          Path f = TempFiles.createForProcess(dir, PREFIX, SUFFIX);
          return RecordingWriter.open(f, RecordingHeader.forRun(config, engine.id(), Instant.now()));
        } catch (IOException | RuntimeException e) {
          return null; // the run goes on; there is just nothing to save
        }
      }

      @Override
      public void discard(Path file) {
        TempFiles.delete(file); // if that fails: at exit
      }

      @Override
      public Path capture(RunConfig config) {
        try {
          // Reserved under a unique name and registered for deletion at exit; the capture
          // creates the file itself (it refuses to overwrite one), so the empty reservation goes.
          Path f = TempFiles.createForProcess(dir, CAPTURE_PREFIX, CAPTURE_SUFFIX);
          java.nio.file.Files.delete(f);
          return f;
        } catch (IOException | RuntimeException e) {
          return null; // the run goes on; there is just no capture to save
        }
      }
    };
  }

  String PREFIX = "blastradius-run-";
  String SUFFIX = ".blastrec";
  String CAPTURE_PREFIX = "blastradius-capture-";
  String CAPTURE_SUFFIX = ".pcap";
}
