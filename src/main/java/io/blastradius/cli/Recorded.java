package io.blastradius.cli;

import io.blastradius.core.event.EventSink;
import io.blastradius.core.policy.PolicySpec;
import io.blastradius.core.record.RecordingHeader;
import io.blastradius.core.record.RecordingWriter;
import io.blastradius.core.run.Engine;
import io.blastradius.core.run.Run;
import io.blastradius.core.run.RunConfig;
import java.util.function.Consumer;
import io.blastradius.core.run.Runs;
import io.blastradius.core.score.Scorecard;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/** Runs a config to its end, optionally recording it, and scores it. Shared by run and compare. */
final class Recorded {
  private Recorded() {}

  /** FILE itself for one policy; FILE-policy.blastrec for several. */
  static Path fileFor(Path record, PolicySpec p, int policies) {
    if (record == null || policies == 1) return record;
    String name = record.getFileName().toString();
    String base = name.endsWith(".blastrec") ? name.substring(0, name.length() - ".blastrec".length()) : name;
    String safe = p.toString().replaceAll("[^A-Za-z0-9._=-]", "_");
    return record.resolveSibling(base + "-" + safe + ".blastrec");
  }

  /**
   * Runs {@code config} and returns its scorecard, folded as the events stream (nothing keeps
   * them); with {@code record}, the events also go to that file, the run's full history.
   */
  static Scorecard run(RunConfig config, Path record, PrintWriter err) throws Exception {
    return run(config, Engine.REAL, record, err, new StallWatch());
  }

  /** As above on {@code engine}. */
  static Scorecard run(RunConfig config, Engine engine, Path record, PrintWriter err) throws Exception {
    return run(config, engine, record, err, new StallWatch());
  }

  /** As above; {@code stall} learns whether the run stalled (the line on {@code err} says so too). */
  static Scorecard run(RunConfig config, Path record, PrintWriter err, StallWatch stall) throws Exception {
    return run(config, Engine.REAL, record, err, stall);
  }

  /** As above on {@code engine} (a simulated run has no sockets, so no capture and no stall). */
  static Scorecard run(RunConfig config, Engine engine, Path record, PrintWriter err, StallWatch stall)
      throws Exception {
    int[] proxyPort = {0};
    Consumer<Run> started = run -> proxyPort[0] = run.proxy().address().getPort();
    Scorecard card;
    try {
      card = run0(config, engine, record, err, stall, started);
    } finally {
      Path pcap = config.wire().pcap();
      if (pcap != null && proxyPort[0] != 0) {
        err.printf("captured %s (every flow is a TCP conversation with port %d: tshark -r %s -d tcp.port==%d,http2)%n",
            pcap, proxyPort[0], pcap, proxyPort[0]);
      }
    }
    if (stall.why() != null) {
      err.println("blastradius: " + config.policy() + " stalled: " + stall.why());
      err.flush();
    }
    return card;
  }

  private static Scorecard run0(RunConfig config, Engine engine, Path record, PrintWriter err, StallWatch stall,
      Consumer<Run> started) throws Exception {
    if (record == null) return score(config, engine, stall, started);
    if (Files.isDirectory(record)) throw new IllegalArgumentException(record + " is a directory, not a recording file");
    if (Files.exists(record)) throw new IllegalArgumentException(record + " already exists: choose another name or delete it");
    RecordingWriter writer = RecordingWriter.open(record, RecordingHeader.forRun(config, engine.id(), Instant.now()));
    Scorecard card;
    try {
      card = score(config, engine, EventSink.tee(writer, stall), started);
    } finally {
      writer.close();
    }
    err.printf("recorded %s (%d events)%n", record, writer.eventsWritten());
    warnIfLost(writer, err);
    return card;
  }

  /** The disk fell behind the run: the recording misses events (the scorecard printed has them all). */
  static void warnIfLost(RecordingWriter writer, PrintWriter err) {
    if (writer.eventsLost() == 0) return;
    err.printf("blastradius: warning: the disk fell behind: %d events are missing from %s (its summary line says"
        + " \"eventsLost\":%d); the results printed count every event%n", writer.eventsLost(), writer.file(),
        writer.eventsLost());
  }

  /** The scorecard of a run of the pool under a policy, or of the real client the spec names. */
  private static Scorecard score(RunConfig config, Engine engine, EventSink also, Consumer<Run> started)
      throws Exception {
    if (engine == Engine.SIM) return Runs.score(config, engine, also, Long.MAX_VALUE / 4, started);
    return io.blastradius.core.clients.RealClients.isClient(config.policy())
        ? io.blastradius.core.clients.RealClients.score(config, also, Long.MAX_VALUE / 4, started)
        : Runs.score(config, also, Long.MAX_VALUE / 4, started);
  }
}
