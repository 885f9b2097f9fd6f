package io.blastradius.gui.common;

import io.blastradius.core.run.Runs;
import java.io.IOException;
import java.io.InterruptedIOException;

/**
 * The session's JVM warm-up, once, before its first run: {@link Runs#warmUp} with {@link
 * #REQUESTS} requests per protocol, as the CLI's {@code run} and {@code compare} do, so a cold
 * JVM does not fail the first policy's early requests with a 10 ms timeout. Blocking: called off
 * the FX thread, by {@link RunStarter#real()}.
 */
public final class WarmUp {
  static final long REQUESTS = 3000;
  private static boolean done;

  private WarmUp() {}

  static synchronized void once() throws IOException {
    if (done) return;
    try {
      Runs.warmUp(REQUESTS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while warming up");
    }
    done = true;
  }

  public static synchronized boolean done() {
    return done;
  }
}
