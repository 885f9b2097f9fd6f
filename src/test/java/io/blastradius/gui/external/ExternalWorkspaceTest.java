package io.blastradius.gui.external;

import static io.blastradius.gui.external.ExternalRobotTest.fx;
import static io.blastradius.gui.external.ExternalRobotTest.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.blastradius.core.event.Event;
import io.blastradius.core.record.Recording;
import io.blastradius.core.record.RecordingReader;
import io.blastradius.core.server.EmbeddedServer;
import io.blastradius.core.tls.Certificates;
import io.blastradius.core.tls.TlsContexts;
import io.blastradius.core.wire.FlowWire;
import io.blastradius.gui.charts.CanvasChart;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.control.Labeled;
import javafx.scene.control.TextField;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * The External workspace end to end, clicked where a click needs no file dialog: tick Intercept
 * TLS, give the embedded TLS server's certificate as the upstream CA, Add proxy, Record; a JDK
 * HttpClient trusting the exported BlastRadius CA speaks h2 through the proxy; the flow's card
 * shows the decoded streams and its lane the frames, the wire chart counts streams opened and
 * answered; Stop recording; the saved recording reopens on the replay timeline with the same flow,
 * and the saved capture is a pcap tshark decodes as HTTP/2 (plaintext: intercepted).
 */
@ExtendWith(ApplicationExtension.class)
class ExternalWorkspaceTest {
  private static final int REQUESTS = 6;

  @TempDir Path dir;
  private String configBefore;
  private ExternalTabStack stack;
  private EmbeddedServer server;
  private ExternalViewModel vm;

  @Start
  void start(Stage stage) throws Exception {
    configBefore = System.getProperty("blastradius.configDir");
    stack = new ExternalTabStack(stage, true, 1200, 800);
    server = stack.server;
    vm = stack.vm;
  }

  @AfterEach
  void tearDown() {
    stack.close();
    if (configBefore == null) System.clearProperty("blastradius.configDir");
    else System.setProperty("blastradius.configDir", configBefore);
  }

  private void type(FxRobot robot, String id, String text) throws Exception {
    TextField f = robot.lookup(id).queryAs(TextField.class);
    fx(() -> {
      f.clear();
      return null;
    });
    robot.clickOn(f);
    robot.write(text);
  }

  @Test
  void interceptedFlowsDecodeDrawFramesChartStreamsAndRecordAndCaptureForReplayAndTshark(FxRobot robot) throws Exception {
    System.setProperty("blastradius.configDir", dir.resolve("conf").toString()); // the CA this test makes
    Path serverPem = Files.writeString(dir.resolve("server.pem"), Certificates.pem(server.tlsCertificate().orElseThrow()));

    // The form: Intercept TLS, with the upstream's certificate; the note says what to trust.
    assertTrue(fx(() -> robot.lookup("#external-upstream-ca").query().isDisabled()), "upstream CA only with Intercept TLS");
    robot.clickOn("#external-intercept");
    assertTrue(fx(() -> robot.lookup("#external-trust-note").query().isVisible()));
    type(robot, "#external-upstream", "127.0.0.1:" + server.address().getPort());
    type(robot, "#external-upstream-ca", serverPem.toString());
    robot.clickOn("#external-add");
    waitFor(() -> vm.proxies().size() == 1);
    ExternalSnapshot.ProxyView proxy = fx(() -> vm.proxies().get(0));
    assertTrue(proxy.intercepts(), "the proxy intercepts TLS");
    int port = Integer.parseInt(proxy.listen().substring(proxy.listen().lastIndexOf(':') + 1));

    // Export CA (what the button's dialog calls), and a client that trusts only it.
    Path caPem = dir.resolve("blastradius-ca.pem");
    assertTrue(fx(() -> vm.exportCa(caPem)).get(10, TimeUnit.SECONDS));
    X509Certificate ca = (X509Certificate) CertificateFactory.getInstance("X.509")
        .generateCertificate(new ByteArrayInputStream(Files.readAllBytes(caPem)));

    robot.clickOn("#external-record");
    waitFor(() -> vm.recordingProperty().get());
    assertEquals("Stop recording", fx(() -> robot.lookup("#external-record").queryAs(Labeled.class).getText()));

    HttpClient client = HttpClient.newBuilder().sslContext(TlsContexts.jdkTrusting(ca)).version(HttpClient.Version.HTTP_2)
        .connectTimeout(Duration.ofSeconds(10)).build();
    URI uri = URI.create("https://localhost:" + port + "/");
    for (int i = 0; i < REQUESTS; i++) {
      HttpResponse<String> r = client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20)).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(200, r.statusCode());
      assertEquals(HttpClient.Version.HTTP_2, r.version());
    }

    // The flow's card: decoded in plaintext, and its lane has the frames.
    String decoded = "wire h2 · streams open 0/";
    waitFor(() -> vm.cards().size() == 1 && vm.cards().get(0).wireProperty().get().startsWith(decoded)
        && vm.cards().get(0).wireProperty().get().endsWith("· opened " + REQUESTS + " · reset 0"));
    FlowCardModel card = fx(() -> vm.cards().get(0));
    FlowWire wire = fx(() -> card.laneProperty().get().wire());
    assertEquals(REQUESTS, wire.marks().stream().filter(m -> m.kind() == FlowWire.Kind.HEADERS && m.fromClient()).count(),
        "a HEADERS mark per request on the lane");
    assertTrue(wire.marks().stream().anyMatch(m -> m.kind() == FlowWire.Kind.HEADERS && !m.fromClient()), "and the responses'");
    Node lane = robot.lookup("#lane-" + card.proxy() + "-" + card.flowId()).query();
    waitFor(() -> drawnPixels(lane, 1) > 0); // the client's half of the lane has marks drawn
    assertTrue(fx(() -> drawnPixels(lane, 10)) > 0, "and the server's half");

    // The wire chart: the streams opened and answered, drawn once their bucket is complete.
    waitFor(() -> vm.chartProperty().get().rates().totalAnswered() == REQUESTS);
    assertEquals(REQUESTS, fx(() -> vm.chartProperty().get().rates().totalOpened()));
    assertEquals(0, fx(() -> vm.chartProperty().get().rates().totalReset()));
    CanvasChart chart = robot.lookup("#external-wire-canvas").queryAs(CanvasChart.class);
    waitFor(() -> area(chart.lines(), "opened/s") >= REQUESTS - 0.01 && area(chart.lines(), "answered/s") >= REQUESTS - 0.01);

    // Unplugged from its card, the flow swallows the next request; the client gives up on it with
    // an RST_STREAM, which the lane draws in red and the chart counts.
    robot.clickOn("#unplug-" + card.proxy() + "-" + card.flowId());
    waitFor(() -> card.unpluggedProperty().get());
    assertThrows(java.net.http.HttpTimeoutException.class, () -> client.send(
        HttpRequest.newBuilder(uri).timeout(Duration.ofMillis(300)).build(), HttpResponse.BodyHandlers.ofString()));
    waitFor(() -> card.laneProperty().get().wire() != null && card.laneProperty().get().wire().marks().stream()
        .anyMatch(m -> m.kind() == FlowWire.Kind.RST_STREAM && m.fromClient()));
    waitFor(() -> redPixels(lane, 1) > 0);
    waitFor(() -> vm.chartProperty().get().rates().totalReset() == 1);
    assertEquals(REQUESTS + 1, fx(() -> vm.chartProperty().get().rates().totalOpened()), "the swallowed request opened a stream");

    robot.clickOn("#external-record");
    waitFor(() -> vm.lastRecordingProperty().get() != null && vm.lastCaptureProperty().get() != null);
    assertTrue(fx(() -> !robot.lookup("#external-save-recording").query().isDisabled()), "Save recording… offered");
    assertTrue(fx(() -> !robot.lookup("#external-save-capture").query().isDisabled()), "Save capture… offered");
    Path rec = dir.resolve("session.blastrec");
    Path pcap = dir.resolve("session.pcap");
    assertTrue(fx(() -> vm.saveRecording(rec)).get(10, TimeUnit.SECONDS), () -> vm.messageProperty().get());
    assertTrue(fx(() -> vm.saveCapture(pcap, false)).get(10, TimeUnit.SECONDS), () -> vm.messageProperty().get());

    // The recording names its origin and holds the flow's wire events.
    Recording r = RecordingReader.read(rec);
    assertEquals("external", r.header().scenario());
    assertEquals("proxy " + proxy.listen() + " -> " + proxy.upstream(), r.header().policy());
    assertEquals(REQUESTS + 1, r.events().stream().filter(e -> e instanceof Event.WireHeaders h && h.fromClient()).count());
    assertEquals(1, r.events().stream().filter(e -> e instanceof Event.FlowFaulted f && f.fault() == io.blastradius.core.event.Fault.UNPLUG).count());

    // ... and reopens on the replay timeline: the same flow, its streams and frames, the chart.
    assertTrue(fx(() -> vm.openRecording(rec)).get(20, TimeUnit.SECONDS), () -> vm.messageProperty().get());
    assertTrue(fx(() -> robot.lookup("#external-replay-bar").query().isVisible()));
    fx(() -> {
      vm.replayTimeline().positionProperty().set(vm.replayTimeline().endProperty().get());
      return null;
    });
    waitFor(() -> vm.cards().size() == 1 && vm.cards().get(0).replayed()
        && vm.cards().get(0).wireProperty().get().endsWith("· opened " + (REQUESTS + 1) + " · reset 1"));
    FlowCardModel replayed = fx(() -> vm.cards().get(0));
    assertEquals(card.flowId(), replayed.flowId(), "the recorded flow");
    assertEquals("UNPLUGGED", fx(() -> replayed.stateProperty().get()), "unplugged, as it was");
    FlowWire recordedWire = fx(() -> card.laneProperty().get().wire());
    assertEquals(recordedWire.marks().stream().filter(m -> m.kind() == FlowWire.Kind.HEADERS).count(),
        fx(() -> replayed.laneProperty().get().wire().marks().stream().filter(m -> m.kind() == FlowWire.Kind.HEADERS).count()),
        "the same frames on its lane");
    assertEquals(REQUESTS, fx(() -> vm.chartProperty().get().rates().totalAnswered()), "the replay's chart");
    assertEquals(1, fx(() -> vm.chartProperty().get().rates().totalReset()));
    robot.clickOn("#external-replay-close");
    assertTrue(fx(() -> !vm.replayingProperty().get() && !vm.cards().get(0).replayed()), "back to the live flow");

    // The capture: HTTP/2 in plaintext, every request's HEADERS, as tshark reads it.
    assumeTrue(onPath("tshark"), "tshark is not installed (apt-get install tshark)");
    String out = tshark("-r", pcap.toString(), "-d", "tcp.port==" + port + ",http2", "-Y", "http2",
        "-T", "fields", "-E", "aggregator=,", "-e", "tcp.srcport", "-e", "http2.type");
    long clientHeaders = Arrays.stream(out.split("\n")).map(l -> l.split("\t", -1)).filter(f -> f.length == 2)
        .filter(f -> !f[0].equals(String.valueOf(port)))
        .mapToLong(f -> Arrays.stream(f[1].split(",")).filter("1"::equals).count()).sum();
    assertEquals(REQUESTS + 1, clientHeaders, "the client's HEADERS frames, decoded by tshark:\n" + out);
  }

  /** The area under a rate line: the count it stands for. */
  private static double area(List<CanvasChart.Line> lines, String name) {
    for (CanvasChart.Line l : lines) if (l.name().equals(name)) return Arrays.stream(l.values()).sum() * l.dx();
    return 0;
  }

  /** Red (RST_STREAM) pixels in row {@code y} of the lane. */
  private static int redPixels(Node lane, int y) {
    WritableImage img = lane.snapshot(null, null);
    int n = 0;
    for (int x = 0; x < (int) img.getWidth(); x++) {
      javafx.scene.paint.Color c = img.getPixelReader().getColor(x, y);
      if (c.getRed() > 0.6 && c.getGreen() < 0.35 && c.getBlue() < 0.35) n++;
    }
    return n;
  }

  /** Pixels of row {@code y} of the lane that are neither background nor the middle line. */
  private static int drawnPixels(Node lane, int y) {
    WritableImage img = lane.snapshot(null, null);
    PixelReader px = img.getPixelReader();
    int n = 0;
    for (int x = 0; x < (int) img.getWidth(); x++) {
      javafx.scene.paint.Color c = px.getColor(x, y);
      if (c.getOpacity() > 0.5 && c.getRed() < 0.55) n++; // HEADERS grey (0.45) or a coloured mark, on a light card
    }
    return n;
  }

  private static String tshark(String... args) throws Exception {
    File out = File.createTempFile("tshark", ".out");
    File err = File.createTempFile("tshark", ".err");
    try {
      String[] command = new String[args.length + 1];
      command[0] = "tshark";
      System.arraycopy(args, 0, command, 1, args.length);
      Process p = new ProcessBuilder(command).redirectOutput(out).redirectError(err).start();
      p.getOutputStream().close();
      if (!p.waitFor(90, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError("tshark did not finish within 90 s");
      }
      assertEquals(0, p.exitValue(), Files.readString(err.toPath(), StandardCharsets.UTF_8));
      return Files.readString(out.toPath(), StandardCharsets.UTF_8);
    } finally {
      out.delete();
      err.delete();
    }
  }

  private static boolean onPath(String tool) {
    for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (new File(d, tool).canExecute()) return true;
    }
    return false;
  }
}
