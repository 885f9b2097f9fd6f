package io.blastradius.core.record;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.ZipException;

/**
 * The {@code \n}-terminated lines of a recording's inflated stream, one at a time, in a reused
 * buffer (no line is copied), and how the stream ended: cleanly, cut short, or damaged. What the
 * ending means for the recording is {@link RecordingReader}'s call.
 *
 * <p>Not thread-safe.
 */
final class GzipLines {
  /** No line of ours comes near this; a longer one means the file is something else. */
  static final int MAX_LINE = 1 << 20;
  /** Bytes asked of the inflater at a time. */
  private static final int READ_CHUNK = 4096;

  /** What {@link #next} found. */
  enum Step {
    /** A line, in [{@link #lineStart}, {@link #lineEnd}) of {@link #buf}. */
    LINE,
    /** The end of the stream ({@link #pendingBytes} left over without a newline, if any). */
    END,
    /** The deflate stream or its trailer stops short: a crash, a copy cut off. */
    CUT,
    /**
     * Bytes that do not inflate, or a trailer whose CRC-32 or length does not match what
     * inflated ({@link #damage} says which).
     */
    DAMAGED
  }

  private final Path file;
  private final InputStream in;
  private byte[] buf = new byte[1 << 16];
  private int start; // First unread byte of buf.
  private int end; // One past the last byte read into buf.
  private int lineStart, lineEnd; // The line just read.
  private long lineNo;
  private String damage;

  GzipLines(Path file, InputStream in) {
    this.file = file;
    this.in = in;
  }

  /** Reads the next line. */
  Step next() throws RecordingException {
    int scanFrom = start;
    while (true) {
      for (int i = scanFrom; i < end; i++) {
        if (buf[i] == '\n') {
          lineStart = start;
          lineEnd = i;
          start = i + 1;
          lineNo++;
          return Step.LINE;
        }
      }
      if (end - start > MAX_LINE) {
        throw new RecordingException(file, file + " line " + (lineNo + 1) + " is longer than " + (MAX_LINE >> 20)
            + " MiB: the file is damaged or not a BlastRadius recording");
      }
      scanFrom = end;
      if (start > 0 && end == buf.length) {
        System.arraycopy(buf, start, buf, 0, end - start);
        scanFrom -= start;
        end -= start;
        start = 0;
      }
      if (end == buf.length) buf = Arrays.copyOf(buf, buf.length * 2);
      int n;
      try {
        // Small reads: when bytes fail to inflate, the inflater drops what it had produced in
        // that call, so this bounds the intact events lost to damage (truncation loses none).
        n = in.read(buf, end, Math.min(READ_CHUNK, buf.length - end));
      } catch (EOFException e) {
        return Step.CUT;
      } catch (ZipException e) {
        damage = e.getMessage();
        return Step.DAMAGED;
      } catch (IOException e) {
        throw new RecordingException(file, file + ": cannot read: "
            + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
      }
      if (n < 0) return Step.END;
      end += n;
    }
  }

  byte[] buf() {
    return buf;
  }

  int lineStart() {
    return lineStart;
  }

  int lineEnd() {
    return lineEnd;
  }

  /** Lines returned so far: the number of the line just read. */
  long lineNo() {
    return lineNo;
  }

  /** What the inflater said when the stream was {@link Step#DAMAGED}. */
  String damage() {
    return damage;
  }

  /** Bytes read after the last newline. */
  int pendingBytes() {
    return end - start;
  }

  /** The first bytes read after the last newline, as text, for messages. */
  String pendingHead(int max) {
    return new String(buf, start, Math.min(end - start, max), StandardCharsets.UTF_8);
  }

  boolean lineStartsWith(byte[] prefix) {
    if (lineEnd - lineStart < prefix.length) return false;
    for (int i = 0; i < prefix.length; i++) {
      if (buf[lineStart + i] != prefix[i]) return false;
    }
    return true;
  }
}
