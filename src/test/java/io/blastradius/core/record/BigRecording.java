package io.blastradius.core.record;

import io.blastradius.core.score.ChurnStream;
import java.nio.file.Path;

/**
 * Writes a long synthetic recording ({@link ChurnStream}) for measuring export and replay in
 * bounded memory: {@code BigRecording FILE REQUESTS}. Prints the events written.
 */
public final class BigRecording {
  public static void main(String[] args) throws Exception {
    RecordingWriter w = RecordingWriter.open(Path.of(args[0]), Samples.header());
    long n = ChurnStream.generate(Long.parseLong(args[1]), 4, 20, 1_000, 5, w::put);
    w.close();
    System.out.println(n + " events, " + w.eventsWritten() + " written");
  }
}
