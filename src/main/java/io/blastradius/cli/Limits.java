package io.blastradius.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The checks every command makes before its first request: numbers within their documented range
 * (naming the flag and the range), and every output file usable and distinct, so bad input never
 * costs a finished run.
 */
final class Limits {
  private Limits() {}

  /** {@code value} within [min, max], else one line naming the flag and the range. */
  static long range(String flag, long value, long min, long max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(flag + " must be between " + min + " and " + max + ", not " + value);
    }
    return value;
  }

  /**
   * The recordings a command will write: each must not exist yet, must not be a directory, must
   * have an existing directory, and no two may be the same file.
   */
  static void recordings(List<Path> files) {
    Set<Path> seen = new HashSet<>();
    for (Path f : files) {
      if (f == null) continue;
      if (!seen.add(f.toAbsolutePath().normalize())) {
        throw new IllegalArgumentException("two runs would record to " + f
            + ": each policy needs its own file (is a policy named twice?)");
      }
      if (Files.isDirectory(f)) throw new IllegalArgumentException(f + " is a directory, not a recording file");
      if (Files.exists(f, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
        throw new IllegalArgumentException(f + " already exists: choose another name or delete it");
      }
      Path dir = f.toAbsolutePath().getParent();
      if (dir != null && !Files.isDirectory(dir)) {
        throw new IllegalArgumentException("cannot record to " + f + ": no such directory " + dir);
      }
    }
  }
}
