package io.blastradius.core.clients;

import io.blastradius.core.event.EventSink;
import io.blastradius.core.event.Outcome;
import io.blastradius.core.time.Clock;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.netty.NettyChannelBuilder;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * grpc-java's Netty transport ({@code NettyChannelBuilder}, plaintext: h2c prior knowledge), one
 * {@link ManagedChannel} per run, unary calls with a byte marshaller (no protobuf) that the
 * embedded server answers as gRPC ({@code grpc-status: 0}).
 *
 * <p>The request's timeout is the call's deadline ({@code CallOptions.withDeadlineAfter}): a call
 * past it ends {@code DEADLINE_EXCEEDED} and its stream is reset ({@code RST_STREAM CANCEL}); the
 * connection is kept. Modes:
 * <ul>
 *   <li>{@code deadline}: keepalive off (grpc-java's default): nothing notices a dead connection
 *       until TCP does, so {@code h2-naive};
 *   <li>{@code keepalive}: {@code keepAliveTime(time)} and {@code keepAliveTimeout(timeout)}: with
 *       calls active and nothing read for {@code time} it sends a PING; no ACK within {@code
 *       timeout} closes the transport and fails its calls ({@code KeepAliveManager}), so {@code
 *       h2-read-idle-ping}. grpc-java raises a keepAliveTime under 10 s to 10 s, which the mode
 *       refuses rather than hiding.
 * </ul>
 *
 * <p>A call's connection is known once its response headers arrive ({@code
 * Grpc.TRANSPORT_ATTR_LOCAL_ADDR}); calls that never get them are not joined to a connection.
 */
final class GrpcClientSide extends RealClient {
  /** grpc-java's floor for keepAliveTime ({@code KeepAliveManager}'s minimum). */
  static final Duration MIN_KEEPALIVE_TIME = Duration.ofSeconds(10);

  private static final String VERSION = readVersion();

  /** Request and response messages as bytes. */
  private static final MethodDescriptor.Marshaller<byte[]> BYTES = new MethodDescriptor.Marshaller<>() {
    @Override
    public InputStream stream(byte[] value) {
      return new ByteArrayInputStream(value);
    }

    @Override
    public byte[] parse(InputStream stream) {
      try (stream) {
        return stream.readAllBytes();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  };

  private static final MethodDescriptor<byte[], byte[]> GET = MethodDescriptor.<byte[], byte[]>newBuilder()
      .setType(MethodDescriptor.MethodType.UNARY)
      .setFullMethodName("blastradius.Server/Get")
      .setRequestMarshaller(BYTES)
      .setResponseMarshaller(BYTES)
      .build();

  private static final byte[] EMPTY = new byte[0];

  static String version() {
    return VERSION;
  }

  /** grpc-java's jars are merged into the shaded jar (one manifest): the build writes the version from the pom. */
  private static String readVersion() {
    try (InputStream in = GrpcClientSide.class.getResourceAsStream("/io/blastradius/clients.properties")) {
      if (in == null) throw new IllegalStateException("clients.properties missing from the build");
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("grpc.version");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private final EventLoopGroup group;
  private final ManagedChannel channel;

  /**
   * @param keepAliveTime null: keepalive off; else at least {@link #MIN_KEEPALIVE_TIME}
   */
  GrpcClientSide(Duration keepAliveTime, Duration keepAliveTimeout, EventLoop loop, InetSocketAddress target,
      Clock clock, EventSink sink, ConnectionLedger ledger) {
    super(loop, target, clock, sink, ledger);
    this.group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("blastradius-grpc", true),
        NioIoHandler.newFactory());
    NettyChannelBuilder b = NettyChannelBuilder.forAddress(target.getHostString(), target.getPort())
        .usePlaintext()
        .eventLoopGroup(group)
        .channelType(NioSocketChannel.class)
        .directExecutor(); // callbacks only hand the outcome on
    if (keepAliveTime != null) {
      b.keepAliveTime(keepAliveTime.toNanos(), TimeUnit.NANOSECONDS)
          .keepAliveTimeout(keepAliveTimeout.toNanos(), TimeUnit.NANOSECONDS);
    }
    this.channel = b.build();
  }

  @Override
  protected Cancel send(Pending p, long timeoutNanos) {
    ClientCall<byte[], byte[]> call = channel.newCall(GET, CallOptions.DEFAULT.withDeadlineAfter(timeoutNanos, TimeUnit.NANOSECONDS));
    call.start(new ClientCall.Listener<>() {
      @Override
      public void onHeaders(Metadata headers) {
        SocketAddress local = call.getAttributes().get(Grpc.TRANSPORT_ATTR_LOCAL_ADDR);
        if (local instanceof InetSocketAddress a) p.onConnection(a.getPort());
      }

      @Override
      public void onClose(Status status, Metadata trailers) {
        Status.Code code = status.getCode();
        Outcome o = code == Status.Code.OK ? Outcome.OK
            : code == Status.Code.DEADLINE_EXCEEDED ? Outcome.TIMEOUT : Outcome.ERROR;
        p.finish(o, status.toString());
      }
    }, new Metadata());
    call.sendMessage(EMPTY);
    call.halfClose();
    call.request(1);
    return () -> call.cancel("cancelled by the caller", null);
  }

  @Override
  protected void shutdown() throws InterruptedException {
    channel.shutdownNow();
    channel.awaitTermination(5, TimeUnit.SECONDS);
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
  }
}
