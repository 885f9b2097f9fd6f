package io.blastradius.gui.live;

import io.blastradius.core.record.RecordingHeader;
import io.blastradius.core.record.RecordingWriter;
import io.blastradius.core.run.RunConfig;
import io.blastradius.core.util.TempFiles;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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

  /**
   * Temporary files in {@code dir} (the system's temp directory when null), deleted when discarded
   * and at exit. A process killed outright (SIGKILL, a crash) cannot delete its own: their names
   * carry the process id ({@code blastradius-run-PID-N.blastrec}), and starting a recorder removes,
   * on a background thread, those of processes no longer alive ({@link #sweepStale}).
   */
  static Recorder temp(Path dir) {
    Thread sweep = new Thread(() -> sweepStale(dir == null ? Path.of(System.getProperty("java.io.tmpdir")) : dir),
        "blastradius-stale-recordings");
    sweep.setDaemon(true);
    sweep.start();
    return new Recorder() {
      @Override
      public RecordingWriter open(RunConfig config) {
        try {
          String prefix = PREFIX + ProcessHandle.current().pid() + "-";
          Path f = TempFiles.create(dir, prefix, SUFFIX);
          return RecordingWriter.open(f, RecordingHeader.forRun(config, Instant.now()));
        } catch (IOException | RuntimeException e) {
          return null; // the run goes on; there is just nothing to save
        }
      }

      @Override
      public void discard(Path file) {
        TempFiles.delete(file); // if that fails: at exit
      }
    };
  }

  String PREFIX = "blastradius-run-";
  String SUFFIX = ".blastrec";

  /**
   * Deletes the live-run recordings in {@code dir} left by processes that are no longer alive
   * (their id is in the name); keeps this process's, a live one's and any other file. Returns
   * what it deleted. Never throws.
   */
  static List<Path> sweepStale(Path dir) {
    Pattern name = Pattern.compile(Pattern.quote(PREFIX) + "(\\d+)-\\d+" + Pattern.quote(SUFFIX));
    List<Path> deleted = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, PREFIX + "*" + SUFFIX)) {
      for (Path f : files) {
        Matcher m = name.matcher(f.getFileName().toString());
        if (!m.matches()) continue;
        long pid;
        try {
          pid = Long.parseLong(m.group(1));
        } catch (NumberFormatException e) {
          continue;
        }
        boolean alive = ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        if (!alive && Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS) && TempFiles.delete(f)) deleted.add(f);
      }
    } catch (IOException | RuntimeException e) {
      // A temp directory we cannot list: nothing to clean.
    }
    return deleted;
  }
}
