package io.blastradius.core.pool;

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

/**
 * HTTP/1.1 keep-alive, over TLS when the transport has a context: one request at a time. An
 * aborted request cannot be taken back on the wire, so what happens to the connection is the policy's call (h1 closes it).
 */
final class H1Wire extends NettyTransport.ChannelWire {

  H1Wire(Link link, NettyTransport transport) {
    super(link, transport);
  }

  ChannelInitializer<Channel> initializer() {
    return new ChannelInitializer<>() {
      @Override
      protected void initChannel(Channel ch) {
        transport.addTls(ch);
        ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(1 << 20), new Handler());
      }
    };
  }

  @Override
  public int send() {
    FullHttpRequest req = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/", Unpooled.EMPTY_BUFFER);
    req.headers().set(HttpHeaderNames.HOST, "blastradius");
    channel.writeAndFlush(req, channel.voidPromise());
    return 0;
  }

  @Override
  public void reset(int streamId) {
    // Nothing to send: HTTP/1.1 has no way to cancel one request. The policy decides.
  }

  @Override
  public void ping(long payload) {
    // HTTP/1.1 has no PING.
  }

  private final class Handler extends SimpleChannelInboundHandler<FullHttpResponse> {
    @Override
    public void channelActive(ChannelHandlerContext ctx) {
      if (transport.tls == null) link.ready(1); // over TLS: once the handshake is done
      ctx.fireChannelActive();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
      if (evt instanceof SslHandshakeCompletionEvent hs) {
        if (hs.isSuccess()) {
          link.ready(1);
        } else {
          link.failed(hs.cause());
          ctx.close();
        }
      }
      ctx.fireUserEventTriggered(evt);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse msg) {
      link.response(0, msg.status().code());
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      link.inactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      link.failed(cause);
      ctx.close();
    }
  }
}
