package io.blastradius.core.score;

import io.blastradius.core.export.HarExporter;
import io.blastradius.core.export.HarWriter;
import io.blastradius.core.live.LiveModel;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Instant;

/**
 * Runs a long churning event stream ({@link ChurnStream}) through every fold a front end uses as
 * a run streams: the scorecard ({@link ScoringSink}), the window's {@link LiveModel} (sampled as
 * the UI does) and a HAR export to nowhere. Run by {@link BoundedFoldsTest} in a JVM with a small
 * heap: if any of them kept the events, or state per connection or per request, it would run out
 * of memory. Prints the scorecard's request count and what the folds still hold.
 */
public final class FoldSoak {
  public static void main(String[] args) throws IOException {
    long requests = Long.parseLong(args[0]);
    ScoringSink score = new ScoringSink();
    LiveModel live = new LiveModel();
    HarWriter har = HarWriter.open(new HarExporter.Run(Instant.EPOCH, "h1", "127.0.0.1", "test", null),
        OutputStream.nullOutputStream());
    long[] n = {0};
    long events = ChurnStream.generate(requests, 4, 20, 1_000, 7, e -> {
      score.accept(e);
      live.accept(e);
      try {
        har.accept(e);
      } catch (IOException x) {
        throw new UncheckedIOException(x);
      }
      if (++n[0] % 100_000 == 0) live.snapshot(e.t()); // The UI samples once per pulse.
    });
    long entries = har.finish();
    Scorecard card = score.result("h1");
    System.out.println("events=" + events + " requests=" + card.requests() + " failed=" + card.failed()
        + " unplugs=" + card.unplugs() + " entries=" + entries);
  }
}
