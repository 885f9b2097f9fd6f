package io.blastradius.core.record;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.blastradius.core.event.Event;
import io.blastradius.core.event.Outcome;
import io.blastradius.core.score.SyntheticRun;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The hand encoder writes exactly the bytes databind writes: format version 1 is one format. */
class EventLinesTest {
  static final ObjectWriter DATABIND =
      RecordingJson.mapper().copy().setDefaultPropertyInclusion(JsonInclude.Include.NON_NULL).writerFor(Event.class);

  static String databind(Event e) throws IOException {
    return new String(DATABIND.writeValueAsBytes(e), StandardCharsets.UTF_8) + "\n";
  }

  static String encoded(Event e) throws IOException {
    EventLines lines = new EventLines(16); // Small: growth is exercised too.
    lines.event(e);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    lines.drainTo(out);
    return out.toString(StandardCharsets.UTF_8);
  }

  static void assertSame(Event e) throws IOException {
    assertEquals(databind(e), encoded(e), e.toString());
  }

  @Test
  void everyKindIsByteForByteDatabind() throws IOException {
    for (Event e : Samples.everyKind()) assertSame(e);
  }

  @Test
  void extremeNumbersAndEveryBoolean() throws IOException {
    long[] longs = {0, 1, 9, 10, 99, 100, -1, -10, 1234567890123L, Long.MAX_VALUE, Long.MIN_VALUE, Long.MIN_VALUE + 1};
    int[] ints = {0, 7, -7, Integer.MAX_VALUE, Integer.MIN_VALUE};
    for (long l : longs) {
      for (int i : ints) {
        assertSame(new Event.RequestStarted(l, l, i));
        assertSame(new Event.RequestAssigned(l, -l, l, i));
        assertSame(new Event.RequestFinished(l, l, l, i, Outcome.TIMEOUT, "timeout", l));
        assertSame(new Event.StreamReset(l, l, i, l, true));
        assertSame(new Event.StreamReset(l, l, i, l, false));
        assertSame(new Event.PingSent(l, l, l));
        assertSame(new Event.PingAcked(l, l, l, l));
        assertSame(new Event.ServerPingReceived(l, l, i));
        assertSame(new Event.SlotsHeld(l, l, i));
        assertSame(new Event.RequestRetried(l, l, l, "why"));
      }
    }
  }

  @Test
  void stringsNeedingEscapesNullsAndNonAscii() throws IOException {
    StringBuilder controls = new StringBuilder();
    for (char c = 0; c < 0x80; c++) controls.append(c);
    List<String> texts = new ArrayList<>(List.of(
        "", "timeout", "say \"hi\"", "back\\slash", "tab\tnew\nline\r", controls.toString(), "/slash/",
        "caf\u00e9", "evicted \u2014 ping timeout", "emoji \uD83D\uDCA5", "\u007f del"));
    texts.add(null);
    for (String s : texts) {
      assertSame(new Event.RequestFinished(5, 1, 2, 3, Outcome.ERROR, s, 4));
      assertSame(new Event.RequestRetried(5, 1, 2, s));
    }
    assertSame(new Event.RequestFinished(5, 1, 2, 3, null, null, 4));
    for (Outcome o : Outcome.values()) assertSame(new Event.RequestFinished(5, 1, 2, 3, o, null, 4));
  }

  @Test
  void aSyntheticRunEncodesAsDatabindWould() throws IOException {
    EventLines lines = new EventLines(1 << 10);
    StringBuilder expected = new StringBuilder();
    for (Event e : SyntheticRun.events(50_000, 3_000, 9)) {
      lines.event(e);
      expected.append(databind(e));
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    lines.drainTo(out);
    assertEquals(expected.toString(), out.toString(StandardCharsets.UTF_8));
  }
}
