package io.blastradius.core.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.blastradius.core.event.Event;
import io.blastradius.core.event.EventLog;
import io.blastradius.core.event.Outcome;
import io.blastradius.core.policy.Policies;
import io.blastradius.core.time.Clock;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.io.File;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Our client pool against a real HTTP/2 server: nghttpd (Debian package nghttp2-server). */
@Tag("interop")
@Timeout(60)
class NghttpdInteropTest {

  @Test
  void poolTalksToNghttpd(@TempDir Path www) throws Exception {
    String nghttpd = Interop.require("nghttpd", "nghttp2-server");
    Files.writeString(www.resolve("index.html"), "hello from nghttpd\n");
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    Process p = new ProcessBuilder(nghttpd, "--no-tls", "-d", www.toString(), "--address=127.0.0.1", String.valueOf(port))
        .redirectErrorStream(true).redirectOutput(new File(www.toFile(), "nghttpd.log")).start();
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    try {
      Interop.awaitListening(port, p);
      EventLog log = new EventLog();
      long origin = System.nanoTime();
      Clock clock = () -> System.nanoTime() - origin;
      ClientPool pool = new ClientPool(group.next(), new InetSocketAddress("127.0.0.1", port),
          Policies.create("h2-naive"), clock, log);
      int n = 200;
      CompletableFuture<Void> done = new CompletableFuture<>();
      int[] ok = {0};
      Runnable[] next = new Runnable[1];
      long[] i = {0};
      next[0] = () -> {
        if (i[0] == n) {
          done.complete(null);
          return;
        }
        pool.submit(i[0]++, 0, TimeUnit.SECONDS.toNanos(5), -1, (id, outcome) -> {
          if (outcome == Outcome.OK) ok[0]++;
          pool.loop().execute(next[0]);
        });
      };
      pool.loop().execute(next[0]);
      done.get(30, TimeUnit.SECONDS);
      pool.close();
      assertEquals(n, ok[0], "every request answered 200 by nghttpd");
      List<Event> events = log.snapshot();
      Event.ConnectionReady ready = events.stream().filter(Event.ConnectionReady.class::isInstance)
          .map(Event.ConnectionReady.class::cast).findFirst().orElseThrow();
      assertEquals(100, ready.maxConcurrentStreams(), "nghttpd advertises MAX_CONCURRENT_STREAMS 100");
      assertEquals(1, events.stream().filter(Event.ConnectionDialed.class::isInstance).count(),
          "sequential requests share one HTTP/2 connection");
      assertTrue(events.stream().filter(Event.RequestAssigned.class::isInstance)
          .map(e -> ((Event.RequestAssigned) e).streamId()).distinct().count() == n, "one stream per request");
    } finally {
      p.destroy();
      p.waitFor(5, TimeUnit.SECONDS);
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
  }
}
