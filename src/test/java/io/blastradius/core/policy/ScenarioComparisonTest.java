package io.blastradius.core.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The product's preset scenarios, as shipped, for every HTTP/2 policy in the real pool core on
 * the simulated network: h2-adaptive must meet every bar, and every other policy must miss at
 * least one (that is the point of comparing).
 */
class ScenarioComparisonTest {

  static Map<String, Boolean> bars(String policy) {
    Map<String, Boolean> m = new LinkedHashMap<>();
    m.put("seed", SimCase.preset("seed", policy).maxFailuresPerUnplug() <= 1);
    Double magnification = SimCase.preset("concurrent", policy).card().magnification();
    m.put("concurrent", magnification != null && magnification <= 1.1);
    m.put("healthy-cancel", SimCase.preset("healthy-cancel", policy).dials() == 1);
    m.put("strict-pings", SimCase.preset("strict-pings", policy).card().goAways().isEmpty());
    m.put("slow-handler", SimCase.preset("slow-handler", policy).card().falseEvictions() == 0);
    SimCase spike = SimCase.preset("latency-spike", policy);
    m.put("latency-spike", spike.card().falseEvictions() == 0 && spike.failed() < 100);
    return m;
  }

  @Test
  void adaptiveMeetsEveryBar() {
    Map<String, Boolean> m = bars("h2-adaptive");
    assertFalse(m.containsValue(false), "h2-adaptive: " + m);
  }

  @Test
  void adaptiveNumbers() {
    SimCase s = SimCase.preset("seed", "h2-adaptive");
    assertEquals(List.of(0L, 1L, 1L, 1L), s.failuresPerUnplug(), s.toString());
    assertEquals(3, s.pings(), "one ping per dead flow");
    SimCase c = SimCase.preset("concurrent", "h2-adaptive");
    assertTrue(c.card().magnification() <= 1.05, "about the requests in flight at the unplug: " + c);
    SimCase h = SimCase.preset("healthy-cancel", "h2-adaptive");
    assertEquals(0, h.pings(), "cancels cost nothing");
    assertEquals(0, SimCase.preset("strict-pings", "h2-adaptive").card().goAways().size());
  }

  @Test
  void everyOtherPolicyMissesAtLeastOneBar() {
    List<String> report = new ArrayList<>();
    for (PolicyInfo info : Policies.all()) {
      if (info.protocol() != Protocol.H2 || info.id().equals("h2-adaptive")) continue;
      Map<String, Boolean> m = bars(info.id());
      report.add(info.id() + " " + m);
      assertTrue(m.containsValue(false), info.id() + " meets every bar? " + m);
    }
    System.out.println(String.join("\n", report));
  }

  @Test
  void theBarsSeparateTheKnownFailures() {
    assertFalse(bars("h2-naive").get("seed"));
    assertFalse(bars("h2-taint").get("healthy-cancel"), "golang/go#60818");
    assertFalse(bars("h2-go-pending-resets").get("seed"), "250 per dead flow");
    assertFalse(bars("h2-okhttp-degraded").get("seed"));
    assertFalse(bars("h2-read-idle-ping").get("strict-pings"), "GOAWAY(ENHANCE_YOUR_CALM)");
  }
}
