package io.blastradius.core.clients;

import io.blastradius.core.event.EventSink;
import io.blastradius.core.event.Outcome;
import io.blastradius.core.time.Clock;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.handler.timeout.ReadTimeoutException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.TimeoutException;
import reactor.core.Disposable;
import reactor.netty.http.HttpProtocol;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.LoopResources;
import reactor.util.context.Context;

/**
 * reactor-netty 1.3's {@link HttpClient} with {@code HttpProtocol.H2C} (prior knowledge), on its
 * own single-threaded {@link LoopResources} so a run leaves no threads behind. The request timeout
 * is {@code responseTimeout}.
 *
 * <p>With {@code liveness} ({@code idle} and {@code ack} given): the pool's {@code maxIdleTime} and
 * {@code Http2SettingsSpec.pingAckTimeout}, which together turn on {@code Http2ConnectionLiveness}
 * (reactor-netty 1.2.12+): when the connection has neither read nor written for {@code idle}
 * (Netty's ALL_IDLE) it sends a PING; with no PING ACK, HEADERS or DATA within {@code ack} it
 * closes the connection ({@code pingAckDropThreshold} 1). Without it, no health check at all.
 */
final class ReactorNettyClientSide extends RealClient {
  private static final String VERSION = readVersion();

  static String version() {
    return VERSION;
  }

  /** reactor-netty's jars carry no version class; the build writes it into a resource from the pom. */
  private static String readVersion() {
    try (InputStream in = ReactorNettyClientSide.class.getResourceAsStream("/io/blastradius/clients.properties")) {
      if (in == null) throw new IllegalStateException("clients.properties missing from the build");
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("reactor-netty.version");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private final LoopResources loops;
  private final ConnectionProvider provider;
  private final HttpClient client;

  ReactorNettyClientSide(Duration idle, Duration ack, Duration timeout, EventLoop loop, InetSocketAddress target,
      Clock clock, EventSink sink, ConnectionLedger ledger) {
    super(loop, target, clock, sink, ledger);
    this.loops = LoopResources.create("blastradius-reactor", 1, true);
    ConnectionProvider.Builder pb = ConnectionProvider.builder("blastradius"); // reactor-netty's default limits
    if (idle != null) pb.maxIdleTime(idle);
    this.provider = pb.build();
    HttpClient c = HttpClient.create(provider)
        .runOn(loops)
        .protocol(HttpProtocol.H2C)
        .responseTimeout(timeout)
        .doOnRequest((req, conn) -> {
          Pending p = req.currentContextView().getOrDefault(Pending.class, null);
          Channel parent = conn.channel().parent();
          Channel ch = parent != null ? parent : conn.channel();
          if (p != null && ch.localAddress() instanceof InetSocketAddress a) p.onConnection(a.getPort());
        });
    if (ack != null) c = c.http2Settings(s -> s.pingAckTimeout(ack).pingAckDropThreshold(1));
    this.client = c;
  }

  @Override
  protected Cancel send(Pending p, long timeoutNanos) {
    Disposable d = client
        .get()
        .uri(uri)
        .responseSingle((resp, body) -> body.asByteArray().defaultIfEmpty(new byte[0]).map(b -> resp.status().code()))
        .contextWrite(Context.of(Pending.class, p))
        .subscribe(p::finishStatus, e -> p.finish(isTimeout(e) ? Outcome.TIMEOUT : Outcome.ERROR, e.toString()));
    return d::dispose;
  }

  static boolean isTimeout(Throwable e) {
    return e instanceof ReadTimeoutException || e instanceof TimeoutException
        || e.getCause() instanceof ReadTimeoutException;
  }

  @Override
  protected void shutdown() {
    provider.disposeLater().block(Duration.ofSeconds(5));
    loops.disposeLater(Duration.ZERO, Duration.ofSeconds(2)).block(Duration.ofSeconds(5));
  }
}
