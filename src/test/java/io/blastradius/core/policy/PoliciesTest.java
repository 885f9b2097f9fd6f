package io.blastradius.core.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** The registry: every policy builds, documents itself, checks its parameters and honours the modifiers. */
class PoliciesTest {
  static Stream<String> ids() {
    return Policies.ids().stream();
  }

  static Stream<String> h2Ids() {
    return Policies.all().stream().filter(i -> i.protocol() == Protocol.H2).map(PolicyInfo::id);
  }

  @Test
  void registersEveryPolicyOfTheTable() {
    assertEquals(
        List.of("h1", "h2-naive", "h2-taint", "h2-go-pending-resets", "h2-okhttp-degraded",
            "h2-read-idle-ping", "h2-interval-ping", "endpoint-accrual", "h2-adaptive",
            "h2-okhttp-call-timeout", "h2-jetty", "h2-reactor-netty", "h2-grpc-keepalive"),
        Policies.ids());
  }

  @ParameterizedTest
  @MethodSource("ids")
  void buildsFromItsIdWithDefaults(String id) {
    PoolPolicy p = Policies.create(id);
    assertEquals(id, p.id());
    assertEquals(Policies.info(id).protocol(), p.protocol());
    assertFalse(p.retryOnEviction());
    PolicyInfo info = Policies.info(id);
    assertFalse(info.models().isBlank());
    assertTrue(info.help().contains("Parameter"), id + " help names its parameters: " + info.help());
  }

  @ParameterizedTest
  @MethodSource("ids")
  void rejectsAnUnknownParameterByName(String id) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Policies.create(id + ":bogus-knob=3"));
    assertTrue(e.getMessage().contains("'bogus-knob'"), e.getMessage());
    assertTrue(e.getMessage().contains(id), e.getMessage());
  }

  @ParameterizedTest
  @MethodSource("h2Ids")
  void everyH2PolicyHonoursMaxStreams(String id) {
    PolicyHarness h = new PolicyHarness(id + "+max-streams=2");
    Conn c = h.readyConn(100);
    assertNotNull(h.placeAndOpen(), "first stream fits under max-streams=2");
    assertNotNull(h.placeAndOpen(), "second stream fits under max-streams=2");
    assertEquals(2, c.activeStreams());
    assertInstanceOf(Placement.Dial.class, h.place(), id + ": a third stream must not go on " + c);
    // And without the cap, the same connection takes it.
    PolicyHarness free = new PolicyHarness(id);
    Conn d = free.readyConn(100);
    free.open(d);
    free.open(d);
    assertEquals(new Placement.Use(d), free.place());
  }

  @ParameterizedTest
  @MethodSource("h2Ids")
  void everyH2PolicyTakesTheRetryModifier(String id) {
    assertTrue(Policies.create(id + "+retry").retryOnEviction());
    assertFalse(Policies.create(id).retryOnEviction());
  }

  @Test
  void h1RefusesTheH2Modifiers() {
    assertThrows(IllegalArgumentException.class, () -> Policies.create("h1+retry"));
    assertThrows(IllegalArgumentException.class, () -> Policies.create("h1+max-streams=4"));
  }

  @Test
  void parametersAreTypedAndChecked() {
    assertThrows(IllegalArgumentException.class, () -> Policies.create("h2-read-idle-ping:idle=soon"));
    assertThrows(IllegalArgumentException.class, () -> Policies.create("endpoint-accrual:failures=0"));
    assertThrows(IllegalArgumentException.class, () -> Policies.create("h2-go-pending-resets:strict=maybe"));
    assertThrows(IllegalArgumentException.class, () -> Policies.create("h2-adaptive:min-grace=2s:max-grace=1s"));
    Policies.create("h2-go-pending-resets:strict=true");
    Policies.create("h2-adaptive:rtt-factor=8:min-grace=5ms:quarantine=10s:unproven-pings=0+retry+max-streams=100");
  }
}
