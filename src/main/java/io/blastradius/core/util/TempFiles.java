package io.blastradius.core.util;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Temporary files the process deletes however it ends short of a hard kill: explicitly when done
 * ({@link #delete}), or by one shutdown hook on a normal exit, an uncaught error or a SIGTERM/SIGINT
 * (a finally block does not run then on the other threads). Unlike {@link java.io.File#deleteOnExit},
 * a file deleted normally is forgotten, so a long session does not accumulate entries.
 *
 * <p>Thread-safe.
 */
public final class TempFiles {
  private static final Set<Path> LIVE = ConcurrentHashMap.newKeySet();
  /** Set once the process is exiting: no new temporary file may appear after the hook has run. */
  private static volatile boolean closing;
  /** Calls of {@link #create} between their check of {@link #closing} and the file's creation. */
  private static final java.util.concurrent.atomic.AtomicInteger CREATING = new java.util.concurrent.atomic.AtomicInteger();

  static {
    Thread hook = new Thread(TempFiles::deleteAll, "blastradius-temp-cleanup");
    Runtime.getRuntime().addShutdownHook(hook);
  }

  private TempFiles() {}

  /**
   * Creates a new empty file {@code dir/prefix<digits>suffix} (the system's temp directory when
   * {@code dir} is null), readable by its owner only, registered for deletion at exit before it
   * exists: a signal can never leave it behind between creation and registration.
   */
  public static Path create(Path dir, String prefix, String suffix) throws IOException {
    // Another thread may still be creating files while the exit hook runs (a run winding down
    // starts its next measurement): counted in CREATING before closing is checked, so the hook
    // either sees this file registered and deletes it, or this call sees closing and makes none.
    CREATING.incrementAndGet();
    try {
      if (closing) throw new IOException("the process is exiting: no new temporary file in " + dir);
      return createRegistered(dir, prefix, suffix);
    } finally {
      CREATING.decrementAndGet();
    }
  }

  private static Path createRegistered(Path dir, String prefix, String suffix) throws IOException {
    Path d = dir != null ? dir : Path.of(System.getProperty("java.io.tmpdir"));
    boolean posix = d.getFileSystem().supportedFileAttributeViews().contains("posix");
    for (int attempt = 0; ; attempt++) {
      Path f = d.resolve(prefix + Long.toUnsignedString(java.util.concurrent.ThreadLocalRandom.current().nextLong()) + suffix);
      deleteOnExit(f);
      try {
        return posix
            ? Files.createFile(f, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")))
            : Files.createFile(f);
      } catch (java.nio.file.FileAlreadyExistsException e) {
        keep(f); // Someone else's: not ours to delete.
        if (attempt >= 100) throw e;
      } catch (IOException | RuntimeException e) {
        keep(f);
        throw e;
      }
    }
  }

  /**
   * As {@link #create}, with this process's id in the name ({@code prefix<pid>-<digits>suffix}),
   * so that {@link #sweepDeadProcesses} can tell, on a later start, the files of a process that
   * was killed outright (SIGKILL, a crash: no hook runs) from those of one still running.
   */
  public static Path createForProcess(Path dir, String prefix, String suffix) throws IOException {
    return create(dir, prefix + ProcessHandle.current().pid() + "-", suffix);
  }

  /**
   * Deletes the files {@link #createForProcess} made in {@code dir} (the system's temp directory
   * when null) with {@code prefix} and {@code suffix} for processes that are no longer alive;
   * keeps this process's, a live one's, and any other file. Returns what it deleted. Never throws.
   */
  public static List<Path> sweepDeadProcesses(Path dir, String prefix, String suffix) {
    Path d = dir != null ? dir : Path.of(System.getProperty("java.io.tmpdir"));
    Pattern name = Pattern.compile(Pattern.quote(prefix) + "(\\d{1,18})-\\d+" + Pattern.quote(suffix));
    List<Path> deleted = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(d, prefix + "*" + suffix)) {
      for (Path f : files) {
        Matcher m = name.matcher(f.getFileName().toString());
        if (!m.matches()) continue;
        long pid = Long.parseLong(m.group(1));
        boolean alive = ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        if (!alive && Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS) && delete(f)) deleted.add(f);
      }
    } catch (IOException | RuntimeException e) {
      // A directory we cannot list: nothing to clean.
    }
    return deleted;
  }

  /** Registers {@code file} for deletion at exit; returns it. */
  public static Path deleteOnExit(Path file) {
    LIVE.add(file.toAbsolutePath());
    return file;
  }

  /** The file is no longer temporary (it was renamed into place, or the caller keeps it). */
  public static void keep(Path file) {
    LIVE.remove(file.toAbsolutePath());
  }

  /** Deletes {@code file} now, if it exists, and forgets it. Never throws; false if it could not. */
  public static boolean delete(Path file) {
    try {
      Files.deleteIfExists(file);
      keep(file);
      return true;
    } catch (IOException | RuntimeException e) {
      return false; // Still registered: the hook tries again at exit.
    }
  }

  /** Files registered and not yet deleted or kept; for tests. */
  public static boolean isRegistered(Path file) {
    return LIVE.contains(file.toAbsolutePath());
  }

  /**
   * The exit hook: refuses new files, waits (bounded) for those being created, deletes every
   * registered one. Package-private for tests, which call it as the hook would.
   */
  static void deleteAll() {
    closing = true;
    long until = System.nanoTime() + 1_000_000_000L;
    while (CREATING.get() > 0 && System.nanoTime() < until) Thread.onSpinWait();
    for (Path p : LIVE) {
      try {
        Files.deleteIfExists(p);
      } catch (IOException | RuntimeException ignored) {
        // Exiting: nothing else to do about it.
      }
    }
  }
}
