package io.blastradius.core.record;

import io.blastradius.core.run.RunConfig;
import java.time.Instant;
import java.util.Objects;

/**
 * Line 1 of a recording: what ran, where and when.
 *
 * @param format always {@link #FORMAT}; how a reader knows the file is a recording
 * @param formatVersion the layout of the file; a reader refuses versions newer than its own
 * @param appVersion the BlastRadius version that wrote it ("dev" outside a packaged build)
 * @param createdAt wall-clock time when the run started (its events' {@code t = 0})
 * @param scenario the scenario's name
 * @param policy the policy spec string
 * @param config the whole run configuration, or {@code null} when the run had none (a GUI run
 *     assembled by hand)
 * @param machine where it ran
 * @param engine what carried the requests: {@code real} (sockets) or {@code sim} (virtual time);
 *     files written before the field existed were all {@code real}
 */
public record RecordingHeader(
    String format,
    int formatVersion,
    String appVersion,
    Instant createdAt,
    String scenario,
    String policy,
    RunConfig config,
    Machine machine,
    String engine) {

  public static final String FORMAT = "blastradius-recording";
  /**
   * 2 added the wire events ({@code wire-*} kinds), {@code config.wire} and {@code engine}; version
   * 1 files still open (as real-engine runs without wire options).
   */
  public static final int FORMAT_VERSION = 2;

  public RecordingHeader {
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(createdAt, "createdAt");
    scenario = scenario == null ? "" : scenario;
    policy = policy == null ? "" : policy;
    appVersion = appVersion == null ? "" : appVersion;
    engine = engine == null || engine.isBlank() ? "real" : engine;
  }

  /** A header of a real-engine run (the only kind before the engine was recorded). */
  public RecordingHeader(String format, int formatVersion, String appVersion, Instant createdAt, String scenario,
      String policy, RunConfig config, Machine machine) {
    this(format, formatVersion, appVersion, createdAt, scenario, policy, config, machine, "real");
  }

  /** A header for a run of {@code config} on {@code engine} ({@code real} or {@code sim}). */
  public static RecordingHeader forRun(RunConfig config, String engine, Instant createdAt) {
    return new RecordingHeader(
        FORMAT, FORMAT_VERSION, currentAppVersion(), createdAt, config.scenario(), config.policy().toString(),
        config, Machine.current(), engine);
  }

  /** A header for a run of {@code config} starting now on this machine. */
  public static RecordingHeader forRun(RunConfig config, Instant createdAt) {
    return new RecordingHeader(
        FORMAT, FORMAT_VERSION, currentAppVersion(), createdAt, config.scenario(), config.policy().toString(),
        config, Machine.current());
  }

  /** A header for a run without a {@link RunConfig}. */
  public static RecordingHeader forRun(String scenario, String policy, Instant createdAt) {
    return new RecordingHeader(
        FORMAT, FORMAT_VERSION, currentAppVersion(), createdAt, scenario, policy, null, Machine.current());
  }

  /** This build's version, from the jar manifest; "dev" when run from classes. */
  public static String currentAppVersion() {
    String v = RecordingHeader.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }

  /** The machine a run was recorded on: numbers from it are only comparable on like machines. */
  public record Machine(String os, String arch, int cores, String java) {
    public static Machine current() {
      return new Machine(
          System.getProperty("os.name") + " " + System.getProperty("os.version"),
          System.getProperty("os.arch"),
          Runtime.getRuntime().availableProcessors(),
          System.getProperty("java.version"));
    }
  }
}
