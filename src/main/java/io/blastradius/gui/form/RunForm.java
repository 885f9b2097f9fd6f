package io.blastradius.gui.form;

import io.blastradius.core.load.LoadConfig;
import io.blastradius.core.policy.Policies;
import io.blastradius.core.policy.PolicySpec;
import io.blastradius.core.run.RunConfig;
import io.blastradius.core.scenario.Scenario;
import io.blastradius.core.server.DelayModel;
import io.blastradius.core.server.ServerConfig;
import java.time.Duration;

/**
 * The values of the scenario form, as plain data.
 *
 * @param faultParam unplug every N requests, or unplug at request N, per the preset's fault kind
 * @param decode the fault proxy decodes every flow into wire events (the cards' {@code wire: N open}
 *     and frame lane); real client libraries are always decoded
 * @param tls the pool speaks TLS with ALPN ({@code h2}, or {@code http/1.1} for h1) to the embedded
 *     server, as {@code --tls} does; with {@code decode} the proxy also terminates it with the
 *     BlastRadius CA ({@code --tls-intercept}) so the wire stays readable. The product's pool only
 */
public record RunForm(
    Preset preset, String policy, int workers, int requests, int timeoutMs, int delayMs,
    int maxStreams, int faultParam, boolean decode, boolean tls) {

  /** A cleartext form (no TLS). */
  public RunForm(Preset preset, String policy, int workers, int requests, int timeoutMs, int delayMs,
      int maxStreams, int faultParam, boolean decode) {
    this(preset, policy, workers, requests, timeoutMs, delayMs, maxStreams, faultParam, decode, false);
  }

  /**
   * Whether a form decodes the wire when nobody said: on. The decoder costs 3 to 5 % of a
   * flow's CPU per request (README, "What decoding costs"), small beside what it shows.
   */
  public static final boolean DECODE_BY_DEFAULT = true;

  /** A form with the wire decoded per {@link #DECODE_BY_DEFAULT}. */
  public RunForm(Preset preset, String policy, int workers, int requests, int timeoutMs, int delayMs,
      int maxStreams, int faultParam) {
    this(preset, policy, workers, requests, timeoutMs, delayMs, maxStreams, faultParam, DECODE_BY_DEFAULT);
  }

  /** The demo's small seed: 1,500 sequential requests, 10 ms timeout, an unplug every 500. */
  public static RunForm demoSeed(String policy) {
    return new RunForm(Preset.byId("seed"), policy, 1, 1_500, 10, 0, 250, 500);
  }

  /** The preset's own values with this policy. */
  public static RunForm of(Preset p, String policy) {
    return new RunForm(p, policy, p.workers(), p.requests(), p.timeoutMs(), p.delayMs(), p.maxStreams(), p.faultParam());
  }

  /**
   * The form a recording was made with, so someone reading a recording sees its scenario and
   * policy (and Start runs it again live). The preset is the recorded scenario's when it is one of
   * ours; a CLI recording ("cli") maps to seed when it unplugged on a schedule, else manual.
   */
  public static RunForm fromRecording(io.blastradius.core.record.RecordingHeader h) {
    io.blastradius.core.run.RunConfig c = h.config();
    if (c == null) return null;
    String id = h.scenario();
    boolean known = Preset.all().stream().anyMatch(p -> p.id().equals(id));
    boolean every = c.faults().steps().stream().anyMatch(st -> st instanceof io.blastradius.core.load.FaultPlan.UnplugEvery);
    Preset preset = Preset.byId(known ? id : every ? "seed" : "manual");
    int fault = preset.faultParam();
    for (io.blastradius.core.load.FaultPlan.Step st : c.faults().steps()) {
      if (preset.faultKind() == Preset.FaultKind.EVERY && st instanceof io.blastradius.core.load.FaultPlan.UnplugEvery u) fault = u.every();
      if (preset.faultKind() == Preset.FaultKind.AT && st instanceof io.blastradius.core.load.FaultPlan.At at) fault = (int) at.request();
    }
    return new RunForm(preset, h.policy(), c.load().workers(), (int) Math.min(Integer.MAX_VALUE, c.load().requests()),
        (int) Math.max(1, c.load().timeout().toMillis()), (int) c.server().delay().a().toMillis(),
        c.server().maxConcurrentStreams(), fault, c.wire().decode(), c.wire().tls());
  }

  public RunForm withPolicy(String p) {
    return new RunForm(preset, p, workers, requests, timeoutMs, delayMs, maxStreams, faultParam, decode, tls);
  }

  public RunForm withDecode(boolean on) {
    return new RunForm(preset, policy, workers, requests, timeoutMs, delayMs, maxStreams, faultParam, on, tls);
  }

  public RunForm withTls(boolean on) {
    return new RunForm(preset, policy, workers, requests, timeoutMs, delayMs, maxStreams, faultParam, decode, on);
  }

  /**
   * The run configuration: the preset's scenario with the form's values, and the policy (with the
   * scenario's parameters for it when the user named none).
   *
   * @throws IllegalArgumentException with a message fit for the status bar
   */
  public RunConfig toRunConfig() {
    PolicySpec spec = PolicySpec.parse(policy);
    if (timeoutMs < 1) throw new IllegalArgumentException("timeout must be at least 1 ms");
    Scenario base = preset.base();
    LoadConfig l = base.load();
    LoadConfig load = new LoadConfig(Math.max(0, requests), Math.max(1, workers), Duration.ofMillis(timeoutMs),
        l.cancelFraction(), l.thinkTime(), l.seed());
    DelayModel d = base.server().delay();
    Duration delay = Duration.ofMillis(Math.max(0, delayMs));
    DelayModel delayModel = d.kind() == DelayModel.Kind.FIXED || delayMs != preset.delayMs()
        ? new DelayModel(DelayModel.Kind.FIXED, delay, delay, d.stallFraction(), d.stall(), d.seed())
        : d; // untouched: keep the preset's distribution
    ServerConfig server = base.server().withMaxConcurrentStreams(Math.max(1, maxStreams)).withDelay(delayModel);
    RunConfig cfg = base.withLoad(load).withServer(server).withFaults(preset.faults(faultParam)).runConfig(spec);
    cfg = cfg.withWire(cfg.wire().withDecode(decode));
    // TLS decoded means TLS intercepted: the decoder reads plaintext only (the CLI's --tls-intercept).
    if (tls) cfg = cfg.withWire(cfg.wire().withTls(true).withIntercept(decode));
    if (io.blastradius.core.clients.RealClients.isClient(spec)) {
      if (tls) {
        throw new IllegalArgumentException("TLS is for the product's pool: " + spec.id()
            + " speaks cleartext (h2c or HTTP/1.1) to the proxy. Untick TLS to run it");
      }
      return cfg.withPolicy(io.blastradius.core.clients.RealClients.validate(cfg.policy())); // a real client library
    }
    Policies.create(cfg.policy()); // checks id, parameters and modifiers before anything starts
    return cfg;
  }
}
