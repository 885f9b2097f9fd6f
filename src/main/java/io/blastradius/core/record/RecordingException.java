package io.blastradius.core.record;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A recording could not be read (or written) as asked. The message names the file and the
 * problem in one line, fit to show a user as is.
 */
public final class RecordingException extends IOException {
  private final transient Path file;
  private final transient Recording partial;

  public RecordingException(Path file, String message) {
    this(file, message, null, null);
  }

  public RecordingException(Path file, String message, Throwable cause) {
    this(file, message, cause, null);
  }

  RecordingException(Path file, String message, Throwable cause, Recording partial) {
    super(message, cause);
    this.file = file;
    this.partial = partial;
  }

  public Path file() {
    return file;
  }

  /**
   * What could be read before the problem, when that is worth having: a truncated file's intact
   * events, or a file without its summary line.
   */
  public Optional<Recording> partial() {
    return Optional.ofNullable(partial);
  }
}
