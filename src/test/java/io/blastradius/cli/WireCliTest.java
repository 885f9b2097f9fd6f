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
  void aPcapInAMissingDirectoryIsRejectedBeforeAnyRun(@TempDir Path dir) {
    assertBadInput(exec("run", "--requests", "5", "--warmup", "0", "--pcap", dir.resolve("no/such/x.pcap").toString()),
        "--pcap");
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
