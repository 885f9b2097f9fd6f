package io.blastradius.core.clients;

import io.blastradius.core.event.EventSink;
import io.blastradius.core.load.FaultPlan;
import io.blastradius.core.load.LoadConfig;
import io.blastradius.core.policy.Policies;
import io.blastradius.core.policy.PolicySpec;
import io.blastradius.core.run.RunConfig;
import io.blastradius.core.run.Runs;
import io.blastradius.core.scenario.Scenario;
import io.blastradius.core.score.Scorecard;
import io.blastradius.core.server.ServerConfig;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A model against the real client it names: the same scenario (load, server, fault schedule) once
 * under the model on the product's pool, once under the client library, each on a fresh stack.
 */
public final class Fidelity {
  /** A run that takes longer than this is stopped: a stuck client must not hang a comparison. */
  private static final long LIMIT_MILLIS = 600_000;

  private Fidelity() {}

  /**
   * One scenario, one client, its model.
   *
   * @param ratio the client's failures over the model's (null when the model had none)
   * @param note what the reader must know to read the pair (empty when nothing), e.g. that the
   *     client ended up on HTTP/1.1
   * @param clientResets RST_STREAM frames the client sent, read from the wire
   * @param modelResets RST_STREAM frames the model's pool sent
   */
  public record Comparison(String scenario, Scorecard client, Scorecard model, Double ratio, boolean agrees,
      String note, long clientResets, long modelResets) {
    public Map<String, Object> asMap() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("scenario", scenario);
      m.put("client", client.policy());
      m.put("model", model.policy());
      m.put("ratio", ratio);
      m.put("agrees", agrees);
      m.put("note", note);
      m.put("clientResets", clientResets);
      m.put("modelResets", modelResets);
      m.put("clientScorecard", client.asMap());
      m.put("modelScorecard", model.asMap());
      return m;
    }
  }

  /**
   * Whether two failure counts agree: within 10 % of the larger, or within 2 per unplug (at least
   * 2), whichever is looser. The per-unplug slack is one scheduler stall per side on a shared
   * machine; the 10 % covers the timing of a ping or health check measured in milliseconds.
   */
  public static boolean agrees(long clientFailed, long modelFailed, long unplugs) {
    long diff = Math.abs(clientFailed - modelFailed);
    double slack = Math.max(0.10 * Math.max(clientFailed, modelFailed), 2.0 * Math.max(1, unplugs));
    return diff <= slack;
  }

  /** Runs {@code client} and its model in scenario {@code s}. */
  public static Comparison compare(Scenario s, PolicySpec client) throws IOException, InterruptedException {
    PolicySpec clientSpec = RealClients.validate(client);
    RealClients.Info info = RealClients.info(clientSpec);
    Policies.create(info.modelFor(clientSpec));
    ResetCount clientResets = new ResetCount();
    RealClients.Result run = RealClients.run(s.runConfig(clientSpec), clientResets, LIMIT_MILLIS);
    Scorecard c = run.card();
    // A client asked for HTTP/2 that spoke HTTP/1.1 (no h2c Upgrade on the server) is an h1 client.
    PolicySpec modelSpec = info.modelFor(clientSpec, run.spoken());
    ResetCount modelResets = new ResetCount();
    Scorecard m = Runs.score(s.runConfig(modelSpec), modelResets, LIMIT_MILLIS);
    Double ratio = m.failed() == 0 ? null : (double) c.failed() / m.failed();
    long unplugs = Math.max(c.unplugs(), m.unplugs());
    String note = run.spoken() != info.protocol()
        ? "the client spoke " + (run.spoken() == io.blastradius.core.policy.Protocol.H1 ? "HTTP/1.1" : "HTTP/2")
            + " (the server took no h2c Upgrade), so its model is " + modelSpec
        : "";
    return new Comparison(s.name(), c, m, ratio, agrees(c.failed(), m.failed(), unplugs), note, clientResets.sent(),
        modelResets.sent());
  }

  /** Runs a real client's config to its end and scores it. */
  public static Scorecard runClient(RunConfig config) throws IOException, InterruptedException {
    PolicySpec spec = RealClients.validate(config.policy());
    return RealClients.run(config.withPolicy(spec), EventSink.NONE, LIMIT_MILLIS).card();
  }

  /**
   * Healthy sequential requests through {@code client} on a throwaway stack, so the measured run
   * meets JIT-compiled library code (the models get the same from {@link Runs#warmUp}).
   */
  public static void warmUp(PolicySpec client, long requests) throws IOException, InterruptedException {
    if (requests <= 0) return;
    RunConfig warm = RunConfig.of("warm-up", RealClients.validate(client),
        LoadConfig.sequential(requests, Duration.ofSeconds(5)), ServerConfig.defaults(), FaultPlan.none());
    RealClients.run(warm, EventSink.NONE, 60_000);
  }

  /** Counts the stream resets a client side sends ({@code StreamReset(sent)}): a pool's own, a real client's from the wire. */
  private static final class ResetCount implements EventSink {
    private final java.util.concurrent.atomic.AtomicLong sent = new java.util.concurrent.atomic.AtomicLong();

    @Override
    public void accept(io.blastradius.core.event.Event e) {
      if (e instanceof io.blastradius.core.event.Event.StreamReset r && r.sent()) sent.incrementAndGet();
    }

    long sent() {
      return sent.get();
    }
  }
}
