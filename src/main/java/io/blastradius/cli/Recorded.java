package io.blastradius.cli;

import io.blastradius.core.event.Event;
import io.blastradius.core.event.EventSink;
import io.blastradius.core.policy.PolicySpec;
import io.blastradius.core.record.RecordingHeader;
import io.blastradius.core.record.RecordingWriter;
import io.blastradius.core.run.Engine;
import io.blastradius.core.run.RunConfig;
import io.blastradius.core.run.Runs;
import io.blastradius.core.score.Scorecard;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

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

  static Scorecard run(RunConfig config, Path record, PrintWriter err) throws Exception {
    return run(config, Engine.REAL, record, err);
  }

  static Scorecard run(RunConfig config, Engine engine, Path record, PrintWriter err) throws Exception {
    if (record == null) {
      return Scorecard.of(config.policy().toString(), Runs.collect(config, engine, EventSink.NONE, Long.MAX_VALUE / 4));
    }
    if (Files.isDirectory(record)) throw new IllegalArgumentException(record + " is a directory, not a recording file");
    if (Files.exists(record)) throw new IllegalArgumentException(record + " already exists: choose another name or delete it");
    RecordingWriter writer = RecordingWriter.open(record, RecordingHeader.forRun(config, engine.id(), Instant.now()));
    List<Event> events;
    try {
      events = Runs.collect(config, engine, writer, Long.MAX_VALUE / 4);
    } finally {
      writer.close();
    }
    err.printf("recorded %s (%d events)%n", record, writer.eventsWritten());
    return Scorecard.of(config.policy().toString(), events);
  }

}
