package io.blastradius.core.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.blastradius.core.testutil.JavaProcess;
import io.blastradius.core.testutil.Waits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A process stopped by SIGTERM while a thread keeps making and deleting temporary files (as a
 * bench does between its measurements) leaves none behind: the exit hook refuses new files and
 * waits for one being made before it deletes what is registered.
 */
class TempFilesExitTest {
  @TempDir Path dir;

  /** The churning process: creates and deletes temporary files in {@code args[0]} until stopped. */
  public static final class Churn {
    public static void main(String[] args) throws Exception {
      Path d = Path.of(args[0]);
      Path first = TempFiles.create(d, "churn-", ".tmp");
      TempFiles.delete(first);
      System.out.println("churning");
      System.out.flush();
      while (true) {
        Path f;
        try {
          f = TempFiles.create(d, "churn-", ".tmp");
        } catch (java.io.IOException exiting) {
          Thread.onSpinWait();
          continue; // the hook has run: no file may appear any more
        }
        TempFiles.delete(f);
      }
    }
  }

  @Test
  void aSigtermDuringChurnLeavesNoTemporaryFile() throws Exception {
    for (int i = 0; i < 5; i++) {
      Path sub = Files.createDirectory(dir.resolve("run" + i));
      JavaProcess p = JavaProcess.start(dir, List.of(), Churn.class, sub.toString());
      Waits.until("the process churning temporary files", Duration.ofSeconds(60),
          () -> {
            try {
              return p.out().contains("churning");
            } catch (java.io.IOException e) {
              return false;
            }
          });
      p.process().destroy(); // SIGTERM, mid-churn
      assertNotEquals(0, p.await(Duration.ofSeconds(60)), "stopped by the signal");
      try (Stream<Path> left = Files.list(sub)) {
        assertEquals(List.of(), left.toList(), "run " + i + ": " + p.err());
      }
      p.deleteOutputs();
    }
  }
}
