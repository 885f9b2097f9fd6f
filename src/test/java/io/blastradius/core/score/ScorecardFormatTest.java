package io.blastradius.core.score;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScorecardFormatTest {
  static Scorecard naive() {
    Map<String, Long> g = new LinkedHashMap<>();
    g.put("NO_ERROR", 1L);
    g.put("ENHANCE_YOUR_CALM", 3L);
    return new Scorecard("h2-naive", 30000, 4998, 25002, 0, 3, 8334.0, 8334.0, 275123.456, 1, 0, g, 0, 0, 87, 310, 9876, 280000.5);
  }

  static Scorecard h1() {
    return new Scorecard("h1", 30000, 29997, 3, 0, 0, null, null, null, 4, 0, Map.of(), 0, 0, 120, 400, 1500, 2170.25);
  }

  @Test
  void columnsAreTheRecordComponentsInOrder() {
    List<String> components =
        java.util.Arrays.stream(Scorecard.class.getRecordComponents()).map(c -> c.getName()).toList();
    assertEquals(components, Scorecard.columns());
    assertEquals(components, List.copyOf(h1().asMap().keySet()));
  }

  @Test
  void tableHasOneAlignedColumnPerPolicy() {
    String expected =
        ""
            + "                        h1                        h2-naive\n"
            + "requests             30000                           30000\n"
            + "ok                   29997                            4998\n"
            + "failed                   3                           25002\n"
            + "cancelled                0                               0\n"
            + "unplugs                  0                               3\n"
            + "failuresPerUnplug        -                         8334.00\n"
            + "magnification            -                         8334.00\n"
            + "timeToEvictMillis        -                       275123.46\n"
            + "connectionsOpened        4                               1\n"
            + "pingsSent                0                               0\n"
            + "goAways                  0  ENHANCE_YOUR_CALM=3;NO_ERROR=1\n"
            + "evictions                0                               0\n"
            + "falseEvictions           0                               0\n"
            + "p50Micros              120                              87\n"
            + "p99Micros              400                             310\n"
            + "maxMicros             1500                            9876\n"
            + "wallMillis         2170.25                       280000.50\n";
    assertEquals(expected, Scorecard.table(List.of(h1(), naive())));
  }

  @Test
  void csvHasAHeaderAndOneRowPerScorecard() {
    String expected =
        "policy,requests,ok,failed,cancelled,unplugs,failuresPerUnplug,magnification,timeToEvictMillis,"
            + "connectionsOpened,pingsSent,goAways,evictions,falseEvictions,p50Micros,p99Micros,maxMicros,wallMillis\r\n"
            + "h1,30000,29997,3,0,0,,,,4,0,,0,0,120,400,1500,2170.25\r\n"
            + "h2-naive,30000,4998,25002,0,3,8334.0,8334.0,275123.456,1,0,ENHANCE_YOUR_CALM=3;NO_ERROR=1,0,0,87,310,9876,280000.5\r\n";
    assertEquals(expected, Scorecard.csv(List.of(h1(), naive())));
  }

  @Test
  void csvQuotesFieldsThatNeedIt() {
    assertEquals("\"a,b\"", ScorecardFormat.csvField("a,b"));
    assertEquals("\"say \"\"hi\"\"\"", ScorecardFormat.csvField("say \"hi\""));
    assertEquals("h2-read-idle-ping:idle=1s+retry", ScorecardFormat.csvField("h2-read-idle-ping:idle=1s+retry"));
  }
}
