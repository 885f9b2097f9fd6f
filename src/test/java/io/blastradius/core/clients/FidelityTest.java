package io.blastradius.core.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.blastradius.core.load.FaultPlan;
import io.blastradius.core.load.LoadConfig;
import io.blastradius.core.policy.PolicySpec;
import io.blastradius.core.run.Runs;
import io.blastradius.core.scenario.Scenario;
import io.blastradius.core.scenario.ScenarioFiles;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every model that names a real client, measured against that client on the same schedule:
 * failures per unplug on the seed (600 sequential requests, an unplug every 200) and failures on
 * the concurrent scenario (1,200 requests, 32 workers, one unplug before request 600), within
 * {@link Fidelity#agrees}: 10 % or 2 per unplug.
 *
 * <p>A full cascade fails every request after the unplug whatever the timing, so those pairs use
 * the seed's 10 ms timeout. OkHttp's degraded ping is bounded by time (its 1 s pong timeout), so
 * its failures per unplug are 1 s divided by the time each failing request takes: at 10 ms a
 * scheduler stall of a few ms on a shared machine moves that by a third. OkHttp's read timeout
 * also starts only once the request is written (the model's deadline starts at the call), which
 * makes each real failure a millisecond or so longer. That pair uses 100 ms: about 10 failures
 * per unplug, which the 2-per-unplug tolerance covers whatever the load.
 *
 * <p>Both schedules unplug the busiest live flow ({@link FaultPlan.UnplugBusiestEvery}, {@link
 * FaultPlan.UnplugBusiest}) rather than a random one: Jetty and reactor-netty open a connection per
 * request that finds none ready (the concurrent burst; on the seed, a first request whose 10 ms run
 * out while Jetty was still connecting), and a random pick then unplugs an idle spare on one side
 * and the working connection on the other. With one connection the two are the same. On
 * concurrent the timeout is 200 ms: at 50 ms, 32 workers on a loaded 2-core machine time out
 * healthy requests on both sides.
 *
 * <p>The JDK client reaches HTTP/2 with an h2c Upgrade on each new connection's first request (a
 * GET, which has no body: the JDK offers the Upgrade only then); a timed-out stream is reset and
 * the connection kept, with no PING of its own (OpenJDK 17u {@code Stream.cancelImpl}), so it is
 * checked against {@code h2-naive}, and every pair must have spoken the protocol its model assumes.
 *
 * <p>grpc-java's call deadline resets the stream and keeps the connection: with keepalive off (its
 * default) that is {@code h2-naive}; with keepAliveTime (10 s at least) and a 1 s keepAliveTimeout
 * it is {@code h2-grpc-keepalive:time=10s:timeout=1s} (grpc-java's KeepAliveManager), whose first
 * PING comes after these short runs (the full seed and concurrent show it: see the README's
 * fidelity table).
 *
 * <p>On concurrent the assertion is on failures, the numerator of magnification: its denominator,
 * the requests in flight on the unplugged connection at that instant, depends on how much of each
 * request a client spends queued inside itself rather than on the wire, which the two sides do
 * not share (both are reported by {@code fidelity}).
 */
@Tag("fidelity")
class FidelityTest {

  @BeforeAll
  static void warmUp() throws Exception {
    Runs.warmUp(1000);
  }

  static Scenario seed(Duration timeout) {
    Scenario s = ScenarioFiles.preset("seed");
    LoadConfig l = s.load();
    return s.withLoad(new LoadConfig(600, l.workers(), timeout, l.cancelFraction(), l.thinkTime(), l.seed()))
        .withFaults(new FaultPlan(java.util.List.of(new FaultPlan.UnplugBusiestEvery(200))));
  }

  static Scenario concurrent() {
    Scenario s = ScenarioFiles.preset("concurrent");
    LoadConfig l = s.load();
    return s.withLoad(new LoadConfig(1200, l.workers(), Duration.ofMillis(200), l.cancelFraction(), l.thinkTime(), l.seed()))
        .withFaults(new FaultPlan(java.util.List.of(new FaultPlan.UnplugBusiest(600))));
  }

  @ParameterizedTest(name = "{0} on seed ({1})")
  @CsvSource({
    "okhttp/call-timeout, 10ms",
    "okhttp/read-timeout, 100ms",
    "okhttp/ping-interval, 10ms",
    "jetty/http2, 10ms",
    "reactor-netty/h2c, 10ms",
    "reactor-netty/liveness, 10ms",
    "jdk/http2, 10ms",
    "grpc-java/deadline, 10ms",
    "grpc-java/keepalive, 10ms",
  })
  void failuresPerUnplugOnTheSeedMatchTheModel(String client, String timeout) throws Exception {
    PolicySpec spec = PolicySpec.parse(client);
    Fidelity.warmUp(spec, 500);
    Fidelity.Comparison c = Fidelity.compare(seed(Duration.ofMillis(Long.parseLong(timeout.replace("ms", "")))), spec);
    String both = c.client() + "\n" + c.model();
    assertEquals(600, c.client().requests(), both);
    assertTrue(c.client().unplugs() >= 1, "the schedule unplugged the client's flow: " + both);
    assertEquals("", c.note(), "the client spoke the protocol its model assumes: " + both);
    // Every client and model resets a stream it gave up on: the client's resets are read from the wire.
    assertTrue(c.clientResets() >= 1 && c.modelResets() >= 1, "resets " + c.clientResets() + " vs " + c.modelResets());
    assertTrue(c.agrees(), "failures per unplug " + c.client().failuresPerUnplug() + " (client) vs "
        + c.model().failuresPerUnplug() + " (model): " + both);
  }

  @ParameterizedTest(name = "{0} on concurrent")
  @CsvSource({
    "okhttp/call-timeout",
    "okhttp/read-timeout",
    "jetty/http2",
    "reactor-netty/h2c",
    "reactor-netty/liveness",
    "okhttp/ping-interval",
    "jdk/http2",
    "grpc-java/deadline",
    "grpc-java/keepalive",
  })
  void failuresOnConcurrentMatchTheModel(String client) throws Exception {
    PolicySpec spec = PolicySpec.parse(client);
    Fidelity.warmUp(spec, 500);
    Fidelity.Comparison c = Fidelity.compare(concurrent(), spec);
    String both = c.client() + "\n" + c.model();
    assertEquals(1, c.client().unplugs(), both);
    assertEquals("", c.note(), "the client spoke the protocol its model assumes: " + both);
    assertTrue(c.agrees(), "failed " + c.client().failed() + " (client, magnification " + c.client().magnification()
        + ") vs " + c.model().failed() + " (model, magnification " + c.model().magnification() + "): " + both);
  }
}
