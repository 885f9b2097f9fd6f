package io.blastradius.core.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.blastradius.core.event.Fault;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** The one schedule every driver reads: which requests each step fires before, and which flow it picks. */
class FaultPlanTest {
  private static List<Long> due(FaultPlan.Step step, long requests) {
    return LongStream.range(0, requests).filter(step::dueBefore).boxed().toList();
  }

  @Test
  void theSeedsScheduleFiresBeforeRequests500_1500And2500() {
    assertEquals(List.of(500L, 1500L, 2500L), due(new FaultPlan.UnplugEvery(1000), 3000));
    assertEquals(List.of(500L, 1500L, 2500L), due(new FaultPlan.UnplugBusiestEvery(1000), 3000));
    assertEquals(List.of(0L, 1L, 2L), due(new FaultPlan.UnplugEvery(1), 3), "every 1: before every request");
  }

  @Test
  void oneShotStepsFireBeforeTheirRequestOnly() {
    assertEquals(List.of(42L), due(new FaultPlan.At(42, Fault.RESET, null, null), 100));
    assertEquals(List.of(3000L), due(new FaultPlan.UnplugBusiest(3000), 6000));
  }

  @Test
  void onlyTheBusiestStepsPickTheBusiestFlow() {
    assertTrue(new FaultPlan.UnplugBusiest(1).picksBusiest());
    assertTrue(new FaultPlan.UnplugBusiestEvery(2).picksBusiest());
    assertFalse(new FaultPlan.UnplugEvery(2).picksBusiest());
    assertFalse(new FaultPlan.At(1, Fault.UNPLUG, null, null).picksBusiest());
  }

  @Test
  void theScheduleMethodsAreNotPartOfTheJson() throws Exception {
    String json = new ObjectMapper().writeValueAsString(FaultPlan.unplugEvery(1000));
    assertEquals("{\"steps\":[{\"type\":\"unplug-every\",\"every\":1000}]}", json);
  }
}
