package io.blastradius.cli;

import static io.blastradius.cli.CliTest.assertBadInput;
import static io.blastradius.cli.CliTest.exec;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code --tls}, {@code --wire}, {@code --pcap} on run and compare, and {@code bench --wire}. */
@Timeout(180)
class WireCliTest {

  @Test
  void runOverTlsSucceedsForBothProtocols() throws Exception {
    CliTest.Result r = exec("run", "--policy", "h1,h2-naive", "--requests", "50", "--timeout", "5s", "--tls",
        "--warmup", "0", "--json");
    assertEquals(0, r.code(), r.err());
    for (JsonNode o : new ObjectMapper().readTree(r.out())) assertEquals(50, o.get("ok").asLong(), r.out());
  }

  @Test
  void pcapWritesOneCaptureAndSaysHowToReadIt(@TempDir Path dir) throws Exception {
    Path pcap = dir.resolve("run.pcap");
    CliTest.Result r = exec("run", "--policy", "h2-naive", "--requests", "30", "--timeout", "5s", "--wire",
        "--warmup", "0", "--pcap", pcap.toString());
    assertEquals(0, r.code(), r.err());
    byte[] head = Arrays.copyOf(Files.readAllBytes(pcap), 4);
    assertArrayEquals(new byte[] {(byte) 0xa1, (byte) 0xb2, (byte) 0xc3, (byte) 0xd4}, head, "classic pcap magic, big-endian");
    assertTrue(r.err().contains("tshark -r " + pcap) && r.err().contains(",http2"), r.err());
  }

  @Test
  void pcapPerPolicyWhenComparingSeveral(@TempDir Path dir) throws Exception {
    Path pcap = dir.resolve("cmp.pcap");
    CliTest.Result r = exec("compare", "--scenario", "seed", "--policy", "h1,h2-naive", "--requests", "20",
        "--warmup", "0", "--pcap", pcap.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(Files.size(dir.resolve("cmp-h1.pcap")) > 24);
    assertTrue(Files.size(dir.resolve("cmp-h2-naive.pcap")) > 24);
    assertFalse(Files.exists(pcap));
  }

  @Test
  void anExistingPcapIsNeverOverwritten(@TempDir Path dir) throws Exception {
    Path pcap = Files.writeString(dir.resolve("mine.pcap"), "precious");
    assertBadInput(exec("run", "--policy", "h1", "--requests", "5", "--warmup", "0", "--pcap", pcap.toString()), "already exists");
    assertEquals("precious", Files.readString(pcap));
  }

  @Test
  void aPcapInAMissingDirectoryIsRejectedBeforeAnyRun(@TempDir Path dir) {
    assertBadInput(exec("run", "--requests", "5", "--warmup", "0", "--pcap", dir.resolve("no/such/x.pcap").toString()),
        "--pcap");
  }

  @Test
  void caPrintsAndExportsTheInterceptionCa(@TempDir Path dir) throws Exception {
    String before = System.getProperty("blastradius.configDir");
    System.setProperty("blastradius.configDir", dir.resolve("conf").toString());
    try {
      CliTest.Result printed = exec("ca");
      assertEquals(0, printed.code(), printed.err());
      assertTrue(printed.out().startsWith("-----BEGIN CERTIFICATE-----"), printed.out());
      Path out = dir.resolve("ca-export.pem");
      CliTest.Result exported = exec("ca", "--export", out.toString());
      assertEquals(0, exported.code(), exported.err());
      assertEquals(printed.out(), Files.readString(out), "the same CA, created once");
      assertBadInput(exec("ca", "--export", out.toString()), "already exists");
    } finally {
      if (before == null) System.clearProperty("blastradius.configDir");
      else System.setProperty("blastradius.configDir", before);
    }
  }

  @Test
  void interceptedRunCapturesPlaintext(@TempDir Path dir) throws Exception {
    String before = System.getProperty("blastradius.configDir");
    System.setProperty("blastradius.configDir", dir.resolve("conf").toString());
    try {
      Path pcap = dir.resolve("i.pcap");
      CliTest.Result r = exec("run", "--policy", "h2-naive", "--requests", "20", "--timeout", "10s", "--tls-intercept",
          "--warmup", "0", "--pcap", pcap.toString());
      assertEquals(0, r.code(), r.err());
      String bytes = new String(Files.readAllBytes(pcap), java.nio.charset.StandardCharsets.ISO_8859_1);
      assertTrue(bytes.contains("PRI * HTTP/2.0"), "the HTTP/2 preface in the clear: the capture is of the plaintext side");
    } finally {
      if (before == null) System.clearProperty("blastradius.configDir");
      else System.setProperty("blastradius.configDir", before);
    }
  }

  @Test
  void benchMeasuresTheDecoderOffAndOnInOneRun() {
    CliTest.Result r = exec("bench", "--wire", "--policy", "h2-naive", "--requests", "300", "--warmup", "0", "--rounds", "1");
    assertEquals(0, r.code(), r.err());
    String[] lines = r.out().strip().split("\n");
    assertTrue(lines[0].contains("wire req/s") && lines[0].contains("on/off"), lines[0]);
    assertTrue(lines[1].startsWith("h2-naive") && !lines[1].contains("failed"), lines[1]);
  }
}
