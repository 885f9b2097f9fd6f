package io.blastradius.gui.external;

import io.blastradius.core.event.EventSink;
import io.blastradius.core.server.DelayModel;
import io.blastradius.core.server.EmbeddedServer;
import io.blastradius.core.server.ServerConfig;
import io.blastradius.core.time.Clock;
import io.blastradius.core.tls.CertAuthority;
import io.blastradius.core.tls.Certificates;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.stage.Stage;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The External workspace at 1024x768 with a TLS-intercepting proxy in front of the embedded TLS
 * server (15% of its responses stall), three JDK HttpClients (HTTP/2, an 800 ms request
 * timeout) through it while Record runs, one flow unplugged, one with latency: for layout
 * work and the README's screenshot:
 * {@code Xvfb :91 -screen 0 1024x768x24 & DISPLAY=:91 java -cp ... io.blastradius.gui.external.ExternalShowcase OUT.png}.
 * The CA it makes lives in a temporary directory. Knobs for looking into client behaviour:
 * {@code SHOWCASE_THREADS} (requests in flight per client, 1), {@code SHOWCASE_STALLS} (0.15),
 * {@code SHOWCASE_PLAIN} (no interception: the clients trust the server), {@code SHOWCASE_PRESENTER}
 * (the window's presenter-mode font and style class), {@code SHOWCASE_DEBUG}
 * (stop recording and print why the flows closed).
 */
public final class ExternalShowcase {
  public static void main(String[] args) throws Exception {
    Path conf = Files.createTempDirectory("blastradius-showcase");
    System.setProperty("blastradius.configDir", conf.toString());
    var group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    ServerConfig sc = ServerConfig.defaults().withPort(8443)
        .withDelay(DelayModel.fixed(Duration.ofMillis(5)).withStalls(Double.parseDouble(System.getenv().getOrDefault("SHOWCASE_STALLS", "0.15")), Duration.ofSeconds(3)));
    EventSink serverEvents = System.getenv("SHOWCASE_DEBUG") == null ? EventSink.NONE : e -> {
      if (e instanceof io.blastradius.core.event.Event.ServerGoAwaySent g) System.out.println("server: " + g);
    };
    EmbeddedServer server = EmbeddedServer.start(sc, group, Clock.SYSTEM, serverEvents, EmbeddedServer.selfSignedIdentity());
    Path serverPem = Files.writeString(conf.resolve("server.pem"), Certificates.pem(server.tlsCertificate().orElseThrow()));
    var background = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "showcase-bg");
      t.setDaemon(true);
      return t;
    });
    CountDownLatch started = new CountDownLatch(1);
    Platform.startup(started::countDown);
    started.await();
    ExternalViewModel vm = new ExternalViewModel(background, Platform::runLater);
    CompletableFuture<Void> shown = new CompletableFuture<>();
    Platform.runLater(() -> {
      Stage stage = new Stage();
      stage.setTitle("BlastRadius: External");
      javafx.scene.layout.BorderPane root = new javafx.scene.layout.BorderPane(new ExternalView(vm));
      if (System.getenv("SHOWCASE_PRESENTER") != null) { // as the window's presenter mode styles its views
        root.setStyle("-fx-font-size: 20px;");
        root.getStyleClass().add("presenter");
      }
      Scene scene = new Scene(root, 1024, 768);
      java.net.URL theme = ExternalShowcase.class.getResource("/atlantafx/base/theme/primer-light.css");
      if (theme != null) javafx.application.Application.setUserAgentStylesheet(theme.toExternalForm());
      java.net.URL css = ExternalShowcase.class.getResource("/assets/css/workbench.css");
      if (css != null) scene.getStylesheets().add(css.toExternalForm());
      stage.setScene(scene);
      stage.setX(0);
      stage.setY(0);
      stage.show();
      vm.listenProperty().set("127.0.0.1:9443");
      vm.upstreamProperty().set("127.0.0.1:8443");
      boolean intercept = System.getenv("SHOWCASE_PLAIN") == null;
      vm.interceptProperty().set(intercept);
      if (intercept) vm.upstreamCaProperty().set(serverPem.toString());
      vm.apiAddressProperty().set("127.0.0.1:8474");
      shown.complete(null);
    });
    shown.get();
    onFx(vm::addProxy).get(10, TimeUnit.SECONDS);
    onFx(vm::startApi).get(10, TimeUnit.SECONDS);
    onFx(() -> vm.startRecording()).get(10, TimeUnit.SECONDS);

    CertAuthority ca = CertAuthority.loadOrCreate(conf);
    KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
    ks.load(null, null);
    ks.setCertificateEntry("blastradius", ca.certificate());
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(ks);
    SSLContext ssl = SSLContext.getInstance("TLS");
    ssl.init(null, tmf.getTrustManagers(), null);
    AtomicBoolean going = new AtomicBoolean(true);
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      java.net.http.HttpClient client = java.net.http.HttpClient.newBuilder()
          .version(java.net.http.HttpClient.Version.HTTP_2)
          .sslContext(System.getenv("SHOWCASE_PLAIN") == null ? ssl : io.blastradius.core.tls.TlsContexts.jdkTrusting(server.tlsCertificate().orElseThrow()))
          .build(); // a connection of its own: a flow each
      for (int k = 0; k < Integer.parseInt(System.getenv().getOrDefault("SHOWCASE_THREADS", "1")); k++) {
        Thread t = new Thread(() -> {
          while (going.get()) {
            try {
              client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("https://localhost:9443/"))
                  .timeout(Duration.ofMillis(800)).build(), java.net.http.HttpResponse.BodyHandlers.discarding());
            } catch (Exception timedOut) {
              // the request timeout: the client resets the stream
              // A connect timeout is one too (the request timeout covers connecting): shown, since each
              // closes a connection being set up and the next request opens another.
              if (System.getenv("SHOWCASE_DEBUG") != null && (!(timedOut instanceof java.net.http.HttpTimeoutException)
                  || timedOut instanceof java.net.http.HttpConnectTimeoutException)) {
                System.out.println("client: " + timedOut);
              }
            }
          }
        }, "showcase-client");
        t.setDaemon(true);
        t.start();
        threads.add(t);
      }
      Thread.sleep(300); // one connection after the other: flows 1, 2, 3
    }
    Thread.sleep(2500);
    onFx(() -> vm.toggleUnplug(vm.cards().get(1))).get(10, TimeUnit.SECONDS);
    onFx(() -> vm.latency(vm.cards().get(2), 150)).get(10, TimeUnit.SECONDS);
    Thread.sleep(4000); // the dead flow piles up HEADERS and RST_STREAMs; a few pulses
    if (System.getenv("SHOWCASE_DEBUG") != null) {
      onFx(vm::stopRecording).get(10, TimeUnit.SECONDS);
      Thread.sleep(1000);
      Path rec = vm.lastRecordingProperty().get();
      var recording = io.blastradius.core.record.RecordingReader.readLenient(rec);
      java.util.Map<String, Integer> why = new java.util.TreeMap<>();
      for (var e : recording.events()) if (e instanceof io.blastradius.core.event.Event.FlowClosed c) why.merge(c.why(), 1, Integer::sum);
      System.out.println("closed: " + why);
      long pings = recording.events().stream().filter(e -> e instanceof io.blastradius.core.event.Event.WirePing).count();
      long goaways = recording.events().stream().filter(e -> e instanceof io.blastradius.core.event.Event.WireGoAway).count();
      System.out.println("pings " + pings + " goaways " + goaways);
      System.out.println("server: accepted " + server.connectionsAccepted() + ", handshake timeouts " + server.handshakeTimeouts()
          + ", connection errors " + server.connectionErrors() + ", GOAWAYs " + server.goAwaysSent());
      recording.events().stream().filter(e -> e instanceof io.blastradius.core.event.Event.WireGoAway).limit(3).forEach(System.out::println);
    }
    if (args.length > 0) {
      Process p = new ProcessBuilder("import", "-window", "root", "-crop", "1024x768+0+0", args[0]).inheritIO().start();
      p.waitFor(30, TimeUnit.SECONDS);
      going.set(false);
      background.execute(vm::close);
      Thread.sleep(500);
      server.close();
      group.shutdownGracefully();
      Platform.exit();
      System.exit(0);
    }
  }

  private static <T> CompletableFuture<T> onFx(java.util.function.Supplier<CompletableFuture<T>> command) {
    CompletableFuture<T> f = new CompletableFuture<>();
    Platform.runLater(() -> command.get().whenComplete((v, e) -> {
      if (e != null) f.completeExceptionally(e);
      else f.complete(v);
    }));
    return f;
  }
}
