package io.blastradius.cli;

import static io.blastradius.cli.CliTest.exec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.blastradius.core.record.RecordingHeader;
import io.blastradius.core.record.RecordingReader;
import io.blastradius.core.run.WireOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What only real sockets have (TLS, the wire decoder, packet capture, real client libraries, an
 * outside program) is refused on {@code --engine sim} with one line before anything runs; and
 * recordings from before the engine and wire fields still open as real, cleartext runs.
 */
class SimEngineRefusalsTest {
  @TempDir Path dir;

  /** One line on stderr naming the problem, exit 2, nothing on stdout. */
  static void assertRefused(CliTest.Result r, String mention) {
    CliTest.assertBadInput(r, mention);
    assertEquals(1, r.err().strip().lines().count(), "one line: " + r.err());
  }

  @Test
  void tlsAndTheWireDecoderNeedRealSockets() {
    assertRefused(exec("run", "--engine", "sim", "--policy", "h2-naive", "--requests", "10", "--tls"),
        "--tls needs --engine real");
    assertRefused(exec("run", "--engine", "sim", "--policy", "h1", "--requests", "10", "--tls-intercept"),
        "--tls needs --engine real");
    assertRefused(exec("compare", "--engine", "sim", "--scenario", "seed", "--policy", "h1", "--wire"),
        "--wire needs --engine real");
  }

  @Test
  void aCaptureIsRefusedAndNoFileIsLeft() throws Exception {
    Path pcap = dir.resolve("x.pcap");
    assertRefused(exec("run", "--engine", "sim", "--policy", "h1", "--requests", "10", "--pcap", pcap.toString()),
        "--pcap needs --engine real");
    assertRefused(exec("compare", "--engine", "sim", "--scenario", "seed", "--policy", "h1,h2-naive", "--pcap", pcap.toString()),
        "--pcap needs --engine real");
    try (var files = Files.list(dir)) {
      assertEquals(0, files.count(), "nothing written");
    }
  }

  @Test
  void realClientsAndOutsideProgramsNeedRealSockets() {
    assertRefused(exec("run", "--engine", "sim", "--policy", "h1,okhttp/read-timeout", "--requests", "10"),
        "is a real client library: it needs --engine real");
    assertRefused(exec("run", "--engine", "sim", "--client-cmd", "curl -s {url}", "--requests", "1"),
        "--client-cmd needs --engine real");
  }

  @Test
  void theSimulatedEngineStillRunsWithoutThem() {
    CliTest.Result r = exec("run", "--engine", "sim", "--policy", "h1", "--requests", "200", "--unplug-every", "100", "--json");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("\"failed\" : 2"), r.out());
  }

  @Test
  void aFormatOneRecordingOpensAsARealCleartextRun() throws Exception {
    Path golden = Path.of(System.getProperty("basedir", "")).resolve("assets").resolve("recordings").resolve("seed-h1.blastrec");
    try (RecordingReader reader = RecordingReader.open(golden)) {
      RecordingHeader h = reader.header();
      assertEquals(1, h.formatVersion(), "the sample predates format 2");
      assertTrue(h.formatVersion() < RecordingHeader.FORMAT_VERSION);
      assertEquals("real", h.engine());
      assertEquals(WireOptions.NONE, h.config().wire());
      assertFalse(reader.next() == null, "its events read");
    }
  }
}
