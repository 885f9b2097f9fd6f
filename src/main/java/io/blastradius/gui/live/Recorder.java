package io.blastradius.gui.live;

import io.blastradius.core.record.RecordingHeader;
import io.blastradius.core.record.RecordingWriter;
import io.blastradius.core.run.RunConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * Records every live run into a temporary {@code .blastrec} as it goes, so Run → Save recording…
 * only copies a finished file. Called off the FX thread.
 */
public interface Recorder {
  /** A writer for {@code config}'s run, or null to run unrecorded. */
  RecordingWriter open(RunConfig config);

  /** Deletes a recording no longer offered for saving. */
  void discard(Path file);

  Recorder NONE = new Recorder() {
    @Override
    public RecordingWriter open(RunConfig config) {
      return null;
    }

    @Override
    public void discard(Path file) {}
  };

  /** Temporary files in {@code dir} (the system's temp directory when null), deleted at exit. */
  static Recorder temp(Path dir) {
    return new Recorder() {
      @Override
      public RecordingWriter open(RunConfig config) {
        try {
          Path f = dir == null ? Files.createTempFile("blastradius-run-", ".blastrec")
              : Files.createTempFile(dir, "blastradius-run-", ".blastrec");
          f.toFile().deleteOnExit();
          return RecordingWriter.open(f, RecordingHeader.forRun(config, Instant.now()));
        } catch (IOException | RuntimeException e) {
          return null; // the run goes on; there is just nothing to save
        }
      }

      @Override
      public void discard(Path file) {
        try {
          Files.deleteIfExists(file);
        } catch (IOException ignored) {
          // a temporary file: deleted at exit anyway
        }
      }
    };
  }
}
