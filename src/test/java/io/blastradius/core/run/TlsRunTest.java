package io.blastradius.core.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.blastradius.core.event.Event;
import io.blastradius.core.event.EventLog;
import io.blastradius.core.event.Outcome;
import io.blastradius.core.load.FaultPlan;
import io.blastradius.core.load.LoadConfig;
import io.blastradius.core.policy.Policies;
import io.blastradius.core.policy.PolicySpec;
import io.blastradius.core.pool.ClientPool;
import io.blastradius.core.score.Scorecard;
import io.blastradius.core.server.EmbeddedServer;
import io.blastradius.core.server.ServerConfig;
import io.blastradius.core.time.Clock;
import io.blastradius.core.tls.TlsContexts;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code --tls}: the pool reaches the embedded server over TLS through the proxy, on h2 and http/1.1. */
@Timeout(120)
class TlsRunTest {

  @ParameterizedTest
  @ValueSource(strings = {"h1", "h2-naive", "h2-adaptive"})
  void everyRequestSucceedsOverTls(String policy) throws Exception {
    RunConfig config = RunConfig.of("tls", PolicySpec.parse(policy), LoadConfig.sequential(200, Duration.ofSeconds(5)),
        ServerConfig.defaults(), FaultPlan.none()).withWire(WireOptions.NONE.withTls(true));
    Scorecard card = Scorecard.of(policy, Runs.collect(config));
    assertEquals(200, card.ok(), card.toString());
    assertEquals(1, card.connectionsOpened());
  }

  @Test
  void aTlsPoolCannotTalkToACleartextServer() throws Exception {
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    try (EmbeddedServer plain = EmbeddedServer.start(ServerConfig.defaults(), group, Clock.SYSTEM, e -> {})) {
      EventLog log = new EventLog();
      var trusted = EmbeddedServer.selfSignedIdentity().cert();
      ClientPool pool = new ClientPool(group.next(), plain.address(), Policies.create(PolicySpec.parse("h1")),
          Clock.SYSTEM, log, TlsContexts.client(trusted, List.of(TlsContexts.HTTP_1_1)));
      CompletableFuture<Outcome> outcome = new CompletableFuture<>();
      pool.loop().execute(() -> pool.submit(1, 0, TimeUnit.SECONDS.toNanos(5), -1, (id, o) -> outcome.complete(o)));
      assertEquals(Outcome.ERROR, outcome.get(10, TimeUnit.SECONDS));
      assertEquals(0, log.snapshot().stream().filter(Event.ConnectionReady.class::isInstance).count(),
          "a failed handshake never makes a connection ready");
      pool.loop().submit(pool::close).get(5, TimeUnit.SECONDS);
    } finally {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
  }
}
