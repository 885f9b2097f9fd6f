package io.blastradius.core.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.blastradius.core.load.FaultPlan;
import io.blastradius.core.scenario.Scenario;
import io.blastradius.core.scenario.ScenarioFiles;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The unplug-busiest fault step in scenario files. */
class UnplugBusiestTest {

  @Test
  void readsAndWritesAsAScenarioStep() {
    Scenario s = ScenarioFiles.parse("t.json",
        "{\"name\":\"t\",\"requests\":100,\"faults\":[{\"type\":\"unplug-busiest\",\"request\":50},"
            + "{\"type\":\"unplug-busiest-every\",\"every\":20}]}");
    assertEquals(List.of(new FaultPlan.UnplugBusiest(50), new FaultPlan.UnplugBusiestEvery(20)), s.faults().steps());
    assertEquals(s.faults(), ScenarioFiles.parse("again.json", ScenarioFiles.write(s)).faults());
  }

  @Test
  void badValuesNameTheField() {
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> ScenarioFiles.parse("t.json",
            "{\"name\":\"t\",\"requests\":100,\"faults\":[{\"type\":\"unplug-busiest\",\"request\":100}]}"));
    assertTrue(e.getMessage().contains("request"), e.getMessage());
    e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> ScenarioFiles.parse("t.json", "{\"name\":\"t\",\"faults\":[{\"type\":\"unplug-busiest\",\"every\":3}]}"));
    assertTrue(e.getMessage().contains("t.json"), e.getMessage());
  }
}
