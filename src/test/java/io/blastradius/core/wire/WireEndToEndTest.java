package io.blastradius.core.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.blastradius.core.event.Event;
import io.blastradius.core.event.EventLog;
import io.blastradius.core.event.EventSink;
import io.blastradius.core.proxy.FaultProxy;
import io.blastradius.core.server.EmbeddedServer;
import io.blastradius.core.server.ServerConfig;
import io.blastradius.core.time.Clock;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A real client's h2c Upgrade through the proxy, decoded end to end: HTTP/1.1, the 101, then HTTP/2. */
@Timeout(60)
class WireEndToEndTest {

  @Test
  void theJdkClientsH2cUpgradeIsFollowedOnTheWire() throws Exception {
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    EventLog log = new EventLog();
    try (EmbeddedServer server = EmbeddedServer.start(ServerConfig.defaults(), group, Clock.SYSTEM, EventSink.NONE)) {
      FaultProxy proxy = FaultProxy.start("127.0.0.1", 0, server.address(), group, Clock.SYSTEM, log,
          List.of(new WireDecoding(Clock.SYSTEM, log)));
      try {
        HttpClient c = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
        URI uri = URI.create("http://127.0.0.1:" + proxy.address().getPort() + "/");
        for (int i = 0; i < 3; i++) {
          HttpResponse<String> r = c.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
              HttpResponse.BodyHandlers.ofString());
          assertEquals(HttpClient.Version.HTTP_2, r.version());
        }
      } finally {
        proxy.close();
      }
    } finally {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
    List<Event> events = log.snapshot();
    assertEquals(List.of("http/1.1", "h2c-upgrade"), events.stream().filter(Event.WireProtocol.class::isInstance)
        .map(e -> ((Event.WireProtocol) e).protocol()).toList());
    assertTrue(events.stream().noneMatch(Event.WireUndecoded.class::isInstance), events.toString());
    WireFold fold = new WireFold();
    events.forEach(fold::apply);
    FlowWire w = fold.flow(1).orElseThrow();
    assertEquals(0, w.openStreams(), "stream 1 (the upgraded request) and the two after it all answered");
    assertEquals(3, w.streamsOpened(), "the upgrade request (HTTP/1.1, stream 1), then HEADERS for streams 3 and 5");
    assertEquals(250, w.serverMaxStreams());
  }
}
