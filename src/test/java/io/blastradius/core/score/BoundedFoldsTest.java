package io.blastradius.core.score;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.blastradius.core.event.Event;
import io.blastradius.core.event.EventLog;
import io.blastradius.core.testutil.JavaProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Summaries are folds over the event stream: memory does not grow with the length of a run. */
class BoundedFoldsTest {
  @TempDir Path dir;

  @Test
  void theScoreHoldsWhatIsOpenNotEveryConnectionTheRunEverHad() {
    ScoreAccumulator acc = new ScoreAccumulator();
    List<Integer> retained = new ArrayList<>();
    long[] n = {0};
    // 200,000 requests over 10,000 connections and flows, 200 unplugs.
    ChurnStream.generate(200_000, 4, 20, 1_000, 1, e -> {
      acc.accept(e);
      if (++n[0] % 10_000 == 0) retained.add(acc.retained());
    });
    int max = retained.stream().mapToInt(Integer::intValue).max().orElseThrow();
    assertTrue(max <= 64, "at most a few entries per worker at any time, not per connection: " + max);
    Scorecard card = acc.result("h1");
    assertEquals(200_000, card.requests());
    assertEquals(200, card.unplugs());
    assertEquals(200, card.failed());
    assertEquals(200, card.evictions());
    assertEquals(0, card.falseEvictions(), "every evicted connection's flow had been unplugged");
  }

  @Test
  void forgettingClosedConnectionsScoresExactlyAsKeepingThemWould() {
    // Same stream, scored as a whole list by the one-pass accumulator and as it streams.
    List<Event> events = new ArrayList<>();
    ChurnStream.generate(20_000, 3, 7, 250, 3, events::add);
    ScoringSink sink = new ScoringSink();
    events.forEach(sink::accept);
    Scorecard streamed = sink.result("h1");
    assertEquals(Scorecard.of("h1", events), streamed);
    assertEquals(80, streamed.unplugs());
    assertEquals(80, streamed.failed());
    assertEquals(1.0, streamed.magnification());
  }

  @Test
  void theEventLogIsBoundedAndSaysSoInsteadOfReturningAHoleyList() {
    EventLog log = new EventLog(3);
    for (int i = 0; i < 5; i++) log.accept(new Event.RequestStarted(i, i, 0));
    assertEquals(3, log.size());
    assertEquals(2, log.dropped());
    IllegalStateException e = assertThrows(IllegalStateException.class, log::snapshot);
    assertTrue(e.getMessage().contains("at most 3 events"), e.getMessage());
  }

  /**
   * A million requests (3.3 million events, 50,000 connections) through the scorecard, the
   * window's model and a HAR export, in a JVM with a 40 MB heap. Kept as a list, the events alone
   * would need about 130 MB.
   */
  @Test
  @Timeout(300)
  void aLongStreamGoesThroughEveryFoldInASmallHeap() throws Exception {
    JavaProcess p = JavaProcess.start(dir, List.of("-Xmx40m", "-XX:+UseSerialGC"), FoldSoak.class, "1000000");
    int code = p.await(Duration.ofMinutes(4));
    assertEquals(0, code, p.err());
    String out = p.out().trim();
    assertTrue(out.matches("events=\\d+ requests=1000000 failed=1000 unplugs=1000 entries=1000000"), out);
    long events = Long.parseLong(out.substring("events=".length(), out.indexOf(' ')));
    assertTrue(events > 3_000_000, out);
  }
}
