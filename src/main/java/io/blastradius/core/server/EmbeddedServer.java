package io.blastradius.core.server;

import io.blastradius.core.event.EventSink;
import io.blastradius.core.net.AcceptBackoff;
import io.blastradius.core.net.BindAddresses;
import io.blastradius.core.net.ListenerLimits;
import io.blastradius.core.time.Clock;
import io.blastradius.core.tls.Certificates;
import io.blastradius.core.tls.KeyAndCert;
import io.blastradius.core.tls.TlsContexts;
import io.netty.handler.ssl.SslContext;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Optional;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The HTTP server the pool talks to (through the fault proxy): HTTP/1.1 keep-alive, cleartext
 * HTTP/2 with prior knowledge or through an HTTP/1.1 {@code Upgrade: h2c} (RFC 7540 §3.2), and,
 * when started with a certificate, TLS with ALPN ({@code h2}, {@code http/1.1}), all on one port, every request answered 200 "ok\n" after a delay drawn
 * from {@link ServerConfig#delay()}. It plays the application side of golang/go#63422: healthy,
 * possibly slow, and (with a {@link ServerConfig.PingLimit}) as strict about PINGs as a gRPC server.
 *
 * <p>Pipeline per connection (assembled by {@link ServerInitializer}): {@link ProtocolSniffer},
 * then either {@code HttpRequestDecoder} + {@link Http1Handler} (with Netty's h2c upgrade handler
 * in front of the first request) or {@link Http2Handler}; a TLS ClientHello first gets an
 * {@code SslHandler} and then, by the protocol ALPN chose, one of the two.
 *
 * <p>Events: {@code ServerPingReceived} for every PING read, {@code ServerGoAwaySent} for every
 * GOAWAY written (ping abuse, protocol errors, shutdown), stamped with the caller's {@link Clock}.
 *
 * <p>Threading: each connection's state is confined to its event loop (from the caller's group,
 * which the caller owns and shuts down). The counters may be read from any thread. {@link #start}
 * and {@link #close} block and must not be called on one of the group's event loops. Requires an
 * NIO group ({@code NioIoHandler}).
 */
public final class EmbeddedServer implements AutoCloseable {
  private final ServerShared shared;
  private final Channel serverChannel;
  private final InetSocketAddress address;
  private final KeyAndCert tlsIdentity;
  private volatile boolean closed;

  private EmbeddedServer(ServerShared shared, Channel serverChannel, KeyAndCert tlsIdentity) {
    this.shared = shared;
    this.serverChannel = serverChannel;
    this.address = (InetSocketAddress) serverChannel.localAddress();
    this.tlsIdentity = tlsIdentity;
  }

  /**
   * Binds {@code config.host():config.port()} and starts serving on {@code group}.
   *
   * @throws IOException when the address cannot be bound; the message names it, e.g.
   *     "127.0.0.1:8080 is already in use"
   */
  public static EmbeddedServer start(ServerConfig config, EventLoopGroup group, Clock clock, EventSink sink)
      throws IOException {
    return start(config, ListenerLimits.defaults(), group, clock, sink, null);
  }

  /** As {@link #start(ServerConfig, EventLoopGroup, Clock, EventSink)}, with these handshake limits. */
  public static EmbeddedServer start(ServerConfig config, ListenerLimits limits, EventLoopGroup group, Clock clock,
      EventSink sink) throws IOException {
    return start(config, limits, group, clock, sink, null);
  }

  /**
   * As {@link #start(ServerConfig, EventLoopGroup, Clock, EventSink)}, and also TLS with ALPN on the
   * same port when {@code tlsIdentity} is not null (see {@link #selfSignedIdentity()}).
   */
  public static EmbeddedServer start(ServerConfig config, EventLoopGroup group, Clock clock, EventSink sink,
      KeyAndCert tlsIdentity) throws IOException {
    return start(config, ListenerLimits.defaults(), group, clock, sink, tlsIdentity);
  }

  /** With handshake limits and, when {@code tlsIdentity} is not null, TLS with ALPN on the same port. */
  public static EmbeddedServer start(ServerConfig config, ListenerLimits limits, EventLoopGroup group, Clock clock,
      EventSink sink, KeyAndCert tlsIdentity) throws IOException {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(group, "group");
    SslContext tls = tlsIdentity == null ? null : TlsContexts.server(tlsIdentity);
    ServerShared shared = new ServerShared(config, Objects.requireNonNull(limits, "limits"),
        Objects.requireNonNull(clock, "clock"), Objects.requireNonNull(sink, "sink"), tls);
    ServerBootstrap b = new ServerBootstrap()
        .group(group)
        .channel(NioServerSocketChannel.class)
        .option(ChannelOption.SO_BACKLOG, 1024)
        .handler(new AcceptBackoff(shared.acceptErrors))
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childHandler(new ServerInitializer(shared));
    return new EmbeddedServer(shared, BindAddresses.bind(b, config.host(), config.port()), tlsIdentity);
  }

  /**
   * A fresh self-signed certificate for {@code localhost} and {@code 127.0.0.1}, valid for a day:
   * made at every start, never written to disk. Clients trust it explicitly ({@link #tlsCertificate()}).
   */
  public static KeyAndCert selfSignedIdentity() {
    return Certificates.selfSigned(Duration.ofDays(1), "localhost", "127.0.0.1", "::1");
  }

  /** True when this server also speaks TLS on its port. */
  public boolean tls() {
    return tlsIdentity != null;
  }

  /** The certificate the server presents on TLS, for clients to trust; empty without TLS. */
  public Optional<X509Certificate> tlsCertificate() {
    return tlsIdentity == null ? Optional.empty() : Optional.of(tlsIdentity.cert());
  }

  /** Accepts that failed (out of file descriptors, ...); the listener backed off each time. */
  public long acceptErrors() {
    return shared.acceptErrors.sum();
  }

  /** Connections closed for not sending a preface or a first request in time. */
  public long handshakeTimeouts() {
    return shared.handshakeTimeouts.sum();
  }

  /** Connections ended by an I/O error such as a reset peer (counted, not printed). */
  public long connectionErrors() {
    return shared.connectionErrors.sum();
  }

  /** The bound address (the real port when the config asked for 0). */
  public InetSocketAddress address() {
    return address;
  }

  /** PING frames read (not ACKs), all connections together. */
  public long pingsReceived() {
    return shared.pings.sum();
  }

  /** GOAWAY frames written, for any reason. */
  public long goAwaysSent() {
    return shared.goAways.sum();
  }

  /** Responses written (HTTP/1 and HTTP/2). */
  public long requestsServed() {
    return shared.served.sum();
  }

  /** Connections accepted so far. */
  public long connectionsAccepted() {
    return shared.connIds.get();
  }

  /**
   * Stops listening and closes every open connection (HTTP/2 ones with a GOAWAY), waiting for both.
   * The event loop group stays up: it belongs to the caller. Idempotent.
   */
  @Override
  public void close() {
    if (closed) return;
    closed = true;
    awaitQuietly(serverChannel.close()); // no new children after this
    List<ChannelFuture> closing = new ArrayList<>();
    for (Channel ch : shared.children) closing.add(ch.close());
    closing.forEach(EmbeddedServer::awaitQuietly);
  }

  private static void awaitQuietly(ChannelFuture f) {
    if (!f.channel().eventLoop().inEventLoop()) f.awaitUninterruptibly(5_000);
  }
}
