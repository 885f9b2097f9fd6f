package io.blastradius.gui.external;

import io.blastradius.core.event.EventSink;
import io.blastradius.core.server.EmbeddedServer;
import io.blastradius.core.server.ServerConfig;
import io.blastradius.core.testutil.RawHttp1;
import io.blastradius.core.time.Clock;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.net.InetAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.stage.Stage;

/**
 * The External workspace with a real proxy in front of the embedded server, four client
 * connections (one unplugged with a request held, one with latency, one reset), for layout work
 * and the README's screenshot:
 * {@code xvfb-run -a -s "-screen 0 1280x720x24" java -cp ... io.blastradius.gui.external.ExternalShowcase OUT.png}.
 */
public final class ExternalShowcase {
  public static void main(String[] args) throws Exception {
    var group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    EmbeddedServer server = EmbeddedServer.start(ServerConfig.defaults().withPort(8080), group, Clock.SYSTEM, EventSink.NONE);
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
      Scene scene = new Scene(new ExternalView(vm), 1280, 720);
      java.net.URL theme = ExternalShowcase.class.getResource("/atlantafx/base/theme/primer-light.css");
      if (theme != null) javafx.application.Application.setUserAgentStylesheet(theme.toExternalForm());
      java.net.URL css = ExternalShowcase.class.getResource("/assets/css/workbench.css");
      if (css != null) scene.getStylesheets().add(css.toExternalForm());
      stage.setScene(scene);
      stage.setX(0);
      stage.setY(0);
      stage.show();
      vm.listenProperty().set("127.0.0.1:9000");
      vm.apiAddressProperty().set("127.0.0.1:8474");
      shown.complete(null);
    });
    shown.get();
    onFx(vm::addProxy).get(10, TimeUnit.SECONDS);
    onFx(vm::startApi).get(10, TimeUnit.SECONDS);
    List<Socket> clients = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      Socket s = new Socket(InetAddress.getLoopbackAddress(), 9000);
      s.setSoTimeout(10_000);
      for (int r = 0; r <= i * 3; r++) {
        RawHttp1.get(s.getOutputStream(), "/");
        RawHttp1.read(s.getInputStream());
      }
      clients.add(s);
    }
    Thread.sleep(500); // let the view's pulse pick the flows up
    onFx(() -> vm.toggleUnplug(vm.cards().get(1))).get(10, TimeUnit.SECONDS);
    RawHttp1.get(clients.get(1).getOutputStream(), "/"); // held on the dead flow
    onFx(() -> vm.latency(vm.cards().get(2), 200)).get(10, TimeUnit.SECONDS);
    onFx(() -> vm.reset(vm.cards().get(3))).get(10, TimeUnit.SECONDS);
    Thread.sleep(1500); // a few pulses, then grab the screen
    if (args.length > 0) {
      Process p = new ProcessBuilder("import", "-window", "root", "-crop", "1280x720+0+0", args[0]).inheritIO().start();
      p.waitFor(30, TimeUnit.SECONDS);
      for (Socket s : clients) s.close();
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
