package io.blastradius.core.server;

import io.blastradius.core.event.Event;
import io.blastradius.core.event.EventSink;
import io.blastradius.core.time.Clock;
import io.netty.channel.Channel;
import io.netty.handler.ssl.SslContext;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * What every connection of one {@link EmbeddedServer} shares: configuration, clock, sink and the
 * counters.
 *
 * <p>Threading: immutable references plus thread-safe counters; touched by every event loop of the
 * group and read by any thread. {@link LongAdder} because increments come from several loops at
 * request rate and reads are rare.
 */
final class ServerShared {
  final ServerConfig config;
  final Clock clock;
  private final EventSink sink;
  final LongAdder pings = new LongAdder();
  final LongAdder goAways = new LongAdder();
  final LongAdder served = new LongAdder();
  final AtomicLong connIds = new AtomicLong();
  /** Failed accepts (see {@code AcceptBackoff}), connections ended by an error, handshakes timed out. */
  final LongAdder acceptErrors = new LongAdder();
  final LongAdder connectionErrors = new LongAdder();
  final LongAdder handshakeTimeouts = new LongAdder();
  final io.blastradius.core.net.ListenerLimits limits;
  /** Accepted connections still open, so {@link EmbeddedServer#close()} can close them. */
  final Set<Channel> children = ConcurrentHashMap.newKeySet();
  /** TLS with ALPN on the same port, or null: a connection whose first byte is a TLS record gets it. */
  final SslContext tls;

  ServerShared(ServerConfig config, Clock clock, EventSink sink) {
    this(config, io.blastradius.core.net.ListenerLimits.defaults(), clock, sink, null);
  }

  ServerShared(ServerConfig config, Clock clock, EventSink sink, SslContext tls) {
    this(config, io.blastradius.core.net.ListenerLimits.defaults(), clock, sink, tls);
  }

  ServerShared(ServerConfig config, io.blastradius.core.net.ListenerLimits limits, Clock clock, EventSink sink,
      SslContext tls) {
    this.limits = limits;
    this.config = config;
    this.clock = clock;
    this.sink = sink;
    this.tls = tls;
  }

  /** The sink must not throw; if one does anyway, the I/O thread must not pay for it. */
  void emit(Event e) {
    try {
      sink.accept(e);
    } catch (RuntimeException ignored) {
      // EventSink contract: never throws. A broken listener must not break the server.
    }
  }
}
