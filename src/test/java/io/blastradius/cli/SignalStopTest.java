package io.blastradius.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.blastradius.core.event.Event;
import io.blastradius.core.record.Recording;
import io.blastradius.core.record.RecordingReader;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Timeout.ThreadMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real process: {@code blastradius proxy} in its own JVM, stopped with SIGTERM (what Ctrl+C
 * and service managers send). The shutdown hook closes the open flow, finishes the recording and
 * frees the port before the JVM exits.
 */
@Timeout(value = 120, threadMode = ThreadMode.SEPARATE_THREAD)
class SignalStopTest {
  @TempDir Path dir;

  @Test
  void sigtermClosesFlowsFinishesTheRecordingAndFreesThePort() throws Exception {
    Path rec = dir.resolve("signal.blastrec");
    try (ServerSocket upstream = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
      Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-cp", System.getProperty("java.class.path"), "io.blastradius.Launcher",
          "proxy", "--listen", "127.0.0.1:0", "--upstream", "127.0.0.1:" + upstream.getLocalPort(), "--record", rec.toString())
          .redirectError(dir.resolve("stderr.txt").toFile()).start();
      try {
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        Matcher m = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)").matcher(String.valueOf(line));
        assertTrue(m.find(), "first line: " + line);
        int port = Integer.parseInt(m.group(1));
        try (Socket client = new Socket(InetAddress.getLoopbackAddress(), port); Socket served = upstream.accept()) {
          client.getOutputStream().write("hello".getBytes(StandardCharsets.US_ASCII));
          assertEquals("hello", new String(served.getInputStream().readNBytes(5), StandardCharsets.US_ASCII));

          p.destroy(); // SIGTERM
          assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the process exits on SIGTERM");
          client.setSoTimeout(10_000);
          assertEquals(-1, client.getInputStream().read(), "the open flow was closed on the way out");
        }
        assertEquals(143, p.exitValue(), "128 + SIGTERM, after the shutdown hook ran");
        String err = java.nio.file.Files.readString(dir.resolve("stderr.txt"));
        assertTrue(err.contains("stopping") && err.contains("recorded " + rec), err);
        try (ServerSocket again = new ServerSocket()) {
          again.bind(new InetSocketAddress("127.0.0.1", port));
        }
      } finally {
        p.destroyForcibly();
      }
    }
    Recording r = RecordingReader.read(rec); // strict: a finished file with its summary line
    assertTrue(r.events().get(0) instanceof Event.FlowOpened, r.events().toString());
    assertTrue(r.events().get(r.events().size() - 1) instanceof Event.FlowClosed c && c.why().equals("proxy shut down"),
        r.events().toString());
  }
}
