package io.blastradius.gui.external;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.blastradius.core.event.Event;
import io.blastradius.core.event.Fault;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Session flow ids for a recording of every proxy: unique across proxies, every flow event rewritten, bounded memory. */
class SessionFlowIdsTest {

  @Test
  void twoProxiesFlowOneBecomeTwoFlowsAndEachKeepsItsIdForAllItsEvents() {
    SessionFlowIds ids = new SessionFlowIds();
    assertEquals(new Event.FlowOpened(1, 1, 5000), ids.rewrite("a", new Event.FlowOpened(1, 1, 5000)));
    assertEquals(new Event.FlowOpened(2, 2, 6000), ids.rewrite("b", new Event.FlowOpened(2, 1, 6000)));
    assertEquals(new Event.WireHeaders(3, 2, 1, true, false), ids.rewrite("b", new Event.WireHeaders(3, 1, 1, true, false)));
    assertEquals(new Event.FlowFaulted(4, 1, Fault.UNPLUG, "hold"), ids.rewrite("a", new Event.FlowFaulted(4, 1, Fault.UNPLUG, "hold")));
    assertEquals(new Event.FlowClosed(5, 2, "closed"), ids.rewrite("b", new Event.FlowClosed(5, 1, "closed")));
    assertEquals(new Event.WireSummary(6, 2, 3, 1, 10, 0), ids.rewrite("b", new Event.WireSummary(6, 1, 3, 1, 10, 0)),
        "what the decoder reports after the close stays with its flow");
    Event noFlow = new Event.RunFinished(7, false);
    assertSame(noFlow, ids.rewrite("a", noFlow));
    assertEquals(2, ids.assigned());
  }

  @Test
  void closedFlowsAreForgottenPastTheKeptOnesSoMemoryFollowsTheOpenFlows() {
    SessionFlowIds ids = new SessionFlowIds();
    int flows = SessionFlowIds.KEEP_CLOSED * 4;
    for (int i = 1; i <= flows; i++) {
      ids.rewrite("a", new Event.FlowOpened(i, i, 1000));
      ids.rewrite("a", new Event.FlowClosed(i, i, "closed"));
    }
    ids.rewrite("b", new Event.FlowOpened(0, 1, 1000)); // open for good
    assertEquals(flows + 1, ids.assigned());
    assertEquals(SessionFlowIds.KEEP_CLOSED + 1, ids.remembered());
  }

  /** Every event of Event with a flowId component: found and rewritten, all other components kept. */
  @Test
  void everyFlowEventOfTheVocabularyIsRewritten() throws Exception {
    List<String> missed = new ArrayList<>();
    int checked = 0;
    for (Class<?> c : Event.class.getPermittedSubclasses()) {
      RecordComponent[] rc = c.getRecordComponents();
      if (rc == null || java.util.Arrays.stream(rc).noneMatch(r -> r.getName().equals("flowId"))) continue;
      Object[] args = new Object[rc.length];
      Class<?>[] types = new Class<?>[rc.length];
      for (int i = 0; i < rc.length; i++) {
        types[i] = rc[i].getType();
        args[i] = rc[i].getName().equals("flowId") ? 7 : sample(types[i], i);
      }
      Event e = (Event) c.getDeclaredConstructor(types).newInstance(args);
      checked++;
      if (SessionFlowIds.flowId(e) != 7) {
        missed.add(c.getSimpleName() + " (flowId not read)");
        continue;
      }
      Event out = SessionFlowIds.withFlowId(e, 42);
      for (int i = 0; i < rc.length; i++) {
        Object want = rc[i].getName().equals("flowId") ? 42 : args[i];
        if (!want.equals(rc[i].getAccessor().invoke(out))) missed.add(c.getSimpleName() + "." + rc[i].getName());
      }
    }
    assertTrue(checked >= 15, "the flow events: " + checked);
    assertEquals(List.of(), missed);
  }

  private static Object sample(Class<?> t, int i) {
    if (t == long.class) return 100L + i;
    if (t == int.class) return 10 + i;
    if (t == boolean.class) return true;
    if (t == String.class) return "s" + i;
    if (t.isEnum()) return t.getEnumConstants()[t.getEnumConstants().length - 1];
    throw new IllegalStateException("no sample for " + t);
  }
}
