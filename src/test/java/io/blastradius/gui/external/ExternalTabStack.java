package io.blastradius.gui.external;

import io.blastradius.core.event.EventSink;
import io.blastradius.core.server.EmbeddedServer;
import io.blastradius.core.server.ServerConfig;
import io.blastradius.core.time.Clock;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.stage.Stage;

/**
 * What the External tab's robot tests stand on: an embedded server (cleartext, or TLS with a
 * self-signed certificate) on its own event loop, a background executor, and the tab's view model
 * shown on the test's stage. Created in a {@code @Start} method, closed after each test.
 */
final class ExternalTabStack implements AutoCloseable {
  final EmbeddedServer server;
  final ExternalViewModel vm;
  private final EventLoopGroup group;
  private final ExecutorService background;

  ExternalTabStack(Stage stage, boolean tls, double width, double height) throws Exception {
    group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    server = tls
        ? EmbeddedServer.start(ServerConfig.defaults(), group, Clock.SYSTEM, EventSink.NONE, EmbeddedServer.selfSignedIdentity())
        : EmbeddedServer.start(ServerConfig.defaults(), group, Clock.SYSTEM, EventSink.NONE);
    background = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "external-tab-test-bg");
      t.setDaemon(true);
      return t;
    });
    vm = new ExternalViewModel(background, Platform::runLater);
    stage.setScene(new Scene(new ExternalView(vm), width, height));
    stage.show();
  }

  @Override
  public void close() {
    vm.close();
    background.shutdownNow();
    server.close();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  /** Runs {@code c} on the FX thread and returns its result (10 s at most). */
  static <T> T fx(Callable<T> c) throws Exception {
    CompletableFuture<T> f = new CompletableFuture<>();
    Platform.runLater(() -> {
      try {
        f.complete(c.call());
      } catch (Exception e) {
        f.completeExceptionally(e);
      }
    });
    return f.get(10, TimeUnit.SECONDS);
  }

  /** Polls {@code condition} on the FX thread until it holds (20 s at most). */
  static void waitFor(BooleanSupplier condition) throws Exception {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!fx(condition::getAsBoolean)) {
      if (System.nanoTime() > until) throw new AssertionError("timed out");
      java.util.concurrent.locks.LockSupport.parkNanos(20_000_000); // polling the window
    }
  }
}
