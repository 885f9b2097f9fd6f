package io.blastradius.core.record;

import io.blastradius.core.event.CloseReason;
import io.blastradius.core.event.Event;
import io.blastradius.core.event.Fault;
import io.blastradius.core.event.Outcome;
import io.blastradius.core.load.FaultPlan;
import io.blastradius.core.load.LoadConfig;
import io.blastradius.core.policy.PolicySpec;
import io.blastradius.core.policy.Protocol;
import io.blastradius.core.run.RunConfig;
import io.blastradius.core.server.DelayModel;
import io.blastradius.core.server.ServerConfig;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/** Fixed inputs for recording tests. */
public final class Samples {
  private Samples() {}

  public static final Instant CREATED = Instant.parse("2025-03-04T05:06:07.123456Z");

  /** A config that exercises every part: params and modifiers, stalls, a ping limit, both steps. */
  public static RunConfig config() {
    return new RunConfig(
        "seed",
        PolicySpec.parse("h2-read-idle-ping:idle=1s:timeout=500ms+max-streams=100+retry"),
        new LoadConfig(30_000, 4, Duration.ofMillis(10), 0.25, Duration.ofNanos(1500), 42),
        ServerConfig.defaults()
            .withDelay(DelayModel.fixed(Duration.ofMillis(2)).withStalls(0.01, Duration.ofSeconds(3)))
            .withPingLimit(ServerConfig.PingLimit.grpcDefaults()),
        new FaultPlan(List.of(
            new FaultPlan.UnplugEvery(10_000),
            new FaultPlan.At(500, Fault.LATENCY, Duration.ofMillis(200), Duration.ofSeconds(2)),
            new FaultPlan.At(700, Fault.UNPLUG_UPSTREAM, null, null))),
        0,
        2);
  }

  public static RecordingHeader header() {
    RunConfig c = config();
    return new RecordingHeader(
        RecordingHeader.FORMAT, 1, "0.1.0-test", CREATED, c.scenario(), c.policy().toString(), c,
        new RecordingHeader.Machine("Linux 6.1", "amd64", 2, "17.0.15"));
  }

  /** One event of every kind, with nulls where the model allows them. */
  public static List<Event> everyKind() {
    return List.of(
        new Event.RunStarted(0, "h2-naive", "seed"),
        new Event.ConnectionDialed(10, 1, Protocol.H2),
        new Event.FlowOpened(20, 1, 50123),
        new Event.ConnectionReady(30, 1, 50123, 250),
        new Event.RequestStarted(40, 1, 0),
        new Event.RequestAssigned(50, 1, 1, 1),
        new Event.RequestFinished(60, 1, 1, 1, Outcome.OK, null, 20),
        new Event.RequestStarted(70, 2, 1),
        new Event.RequestAssigned(80, 2, 1, 3),
        new Event.FlowFaulted(90, 1, Fault.UNPLUG, ""),
        new Event.FlowFaulted(91, 1, Fault.LATENCY, "200ms"),
        new Event.StreamReset(100, 1, 3, 8, true),
        new Event.RequestRetried(110, 2, 1, "connection evicted — ping timeout"),
        new Event.ConnectionStatusChanged(120, 1, Event.ConnStatus.SUSPECT, "stream timeout"),
        new Event.SlotsHeld(130, 1, 1),
        new Event.PingSent(140, 1, 0x0123456789abcdefL),
        new Event.PingAcked(150, 1, 0x0123456789abcdefL, 10),
        new Event.GoAwayReceived(160, 1, 0xb, 3),
        new Event.ServerPingReceived(170, 7, 3),
        new Event.ServerGoAwaySent(180, 7, 0xb, "too_many_pings"),
        new Event.ConnectionClosed(190, 1, CloseReason.EVICTED, null),
        new Event.FlowClosed(200, 1, "client closed"),
        new Event.FlowOutside(205, 2, 50999),
        new Event.RunStalled(207, "no request ended for 30s after 2 of 3; stopped with the results so far"),
        new Event.RequestFinished(210, 2, 0, 0, Outcome.TIMEOUT, "timeout after 10ms", 140),
        new Event.WireProtocol(211, 1, "h2"),
        new Event.WireSettings(212, 1, false, 250),
        new Event.WireHeaders(213, 1, 1, true, true),
        new Event.WireData(214, 1, 1, false, 3, true),
        new Event.WireReset(215, 1, 3, true, 8),
        new Event.WirePing(216, 1, true, false, 0x42),
        new Event.WireGoAway(217, 1, false, 3, 0xb),
        new Event.WireWindowUpdate(218, 1, false, 0, 65535),
        new Event.WireHttp1(219, 2, false, 200),
        new Event.WireUndecoded(219, 3, true, 0, "TLS (not intercepted): only encrypted records cross the proxy"),
        new Event.WireSummary(219, 1, 9, 1, 3, 1),
        new Event.RunFinished(220, false));
  }

  /** Writes {@code text} gzip-compressed to {@code file}. */
  public static Path gzip(Path file, String text) throws IOException {
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
    return file;
  }

  /** Writes a whole recording of {@code events} and returns the file. */
  public static Path record(Path file, List<Event> events) throws IOException {
    try (RecordingWriter w = RecordingWriter.open(file, header())) {
      events.forEach(w::accept);
    }
    return file;
  }
}
