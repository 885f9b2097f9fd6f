package io.blastradius.core.pool;

import io.blastradius.core.policy.Conn;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import java.util.List;

/**
 * HTTP/1.1 keep-alive, over TLS when the pool has a context: one request at a time. An aborted request cannot be taken back on the
 * wire, so what happens to the connection is the policy's call (h1 closes it).
 */
final class H1Connection extends PooledConnection {
  private Request current;

  H1Connection(Conn conn, ClientPool pool) {
    super(conn, pool);
  }

  ChannelInitializer<Channel> initializer() {
    return new ChannelInitializer<>() {
      @Override
      protected void initChannel(Channel ch) {
        pool.addTls(ch);
        ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(1 << 20), new Handler());
      }
    };
  }

  @Override
  int send(Request r) {
    current = r;
    FullHttpRequest req = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/", Unpooled.EMPTY_BUFFER);
    req.headers().set(HttpHeaderNames.HOST, "blastradius");
    channel.writeAndFlush(req, channel.voidPromise());
    return 0;
  }

  @Override
  void abort(Request r) {
    // Nothing to send: HTTP/1.1 has no way to cancel one request. The policy decides.
  }

  @Override
  void ping(long payload) {
    // HTTP/1.1 has no PING.
  }

  @Override
  Iterable<Request> inFlight() {
    return current == null ? List.of() : List.of(current);
  }

  @Override
  void forget(Request r) {
    if (current == r) current = null;
  }

  private final class Handler extends SimpleChannelInboundHandler<FullHttpResponse> {
    @Override
    public void channelActive(ChannelHandlerContext ctx) {
      if (pool.tls == null) pool.onReady(H1Connection.this, 1); // over TLS: once the handshake is done
      ctx.fireChannelActive();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
      if (evt instanceof SslHandshakeCompletionEvent hs) {
        if (hs.isSuccess()) {
          pool.onReady(H1Connection.this, 1);
        } else {
          failure = hs.cause();
          ctx.close();
        }
      }
      ctx.fireUserEventTriggered(evt);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse msg) {
      Request r = current;
      if (r != null) pool.onResponse(H1Connection.this, r, msg.status().code());
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      pool.onInactive(H1Connection.this);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      failure = cause;
      ctx.close();
    }
  }
}
