package io.blastradius.core.export;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;
import io.blastradius.core.util.TempFiles;

/**
 * Writes a file so that it never exists half-written: the content goes to a hidden temporary file
 * in the same directory, is forced to disk, and is then moved onto the target in one rename.
 * If anything fails, the temporary file is removed and the target is as it was; if the process
 * is stopped meanwhile (SIGTERM, Ctrl+C), a shutdown hook removes it ({@link TempFiles}).
 */
public final class AtomicFile {
  private AtomicFile() {}

  /** Writes the content to a stream; the stream is closed by {@link AtomicFile}. */
  @FunctionalInterface
  public interface Body {
    void write(OutputStream out) throws IOException;
  }

  /**
   * Writes {@code target} with what {@code body} writes.
   *
   * @param replace whether an existing {@code target} may be replaced; if not and it exists (even
   *     if it appears while writing), {@link FileAlreadyExistsException} and nothing changes
   * @throws NoSuchFileException if the target's directory does not exist
   */
  public static void write(Path target, boolean replace, Body body) throws IOException {
    Path abs = target.toAbsolutePath();
    Path dir = abs.getParent();
    if (!replace && Files.exists(abs)) throw new FileAlreadyExistsException(target.toString());
    if (!Files.isDirectory(dir)) throw new NoSuchFileException(dir.toString(), null, "no such directory");
    Path tmp = dir.resolve("." + abs.getFileName() + "." + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 1) + ".tmp");
    boolean moved = false;
    TempFiles.deleteOnExit(tmp);
    try {
      // CREATE_NEW: the default permissions (umask), not a temp file's owner-only ones.
      try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), 1 << 16)) {
        body.write(out);
      }
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        ch.force(true); // The rename must not land before the bytes do.
      }
      if (replace) {
        try {
          Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
        }
      } else {
        try {
          // A hard link is created atomically and never replaces: no window to clobber a file
          // that appeared meanwhile.
          Files.createLink(abs, tmp);
        } catch (UnsupportedOperationException | FileSystemException e) {
          if (e instanceof FileAlreadyExistsException) throw e;
          Files.move(tmp, abs); // No link support: a plain no-replace move.
        }
        Files.deleteIfExists(tmp);
      }
      moved = true;
    } finally {
      if (moved) TempFiles.keep(tmp); // Renamed away (or linked and deleted): nothing left to remove.
      else TempFiles.delete(tmp); // The write's own error is the one to report.
    }
  }
}
