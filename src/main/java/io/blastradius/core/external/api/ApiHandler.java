package io.blastradius.core.external.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.blastradius.core.external.ExternalException;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One API request in, one JSON reply out: routing by {@link ApiRoutes}, errors in Toxiproxy's
 * shape with its status codes. A bad request never closes anything but its own reply; an
 * unexpected failure is a 500 with its message.
 *
 * <p>Browsers are refused (403), as Toxiproxy refuses a {@code Mozilla/} user agent: a web page
 * must not be able to drive a local fault proxy.
 */
final class ApiHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
  private final ApiRoutes routes;

  ApiHandler(ApiRoutes routes) {
    this.routes = routes;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
    ApiReply reply;
    if (!req.decoderResult().isSuccess()) {
      reply = ApiReply.error(400, "bad request");
    } else if (req.headers().get(HttpHeaderNames.USER_AGENT, "").startsWith("Mozilla/")) {
      reply = ApiReply.error(403, "User agent not allowed");
    } else {
      reply = handle(req);
    }
    write(ctx, req, reply);
  }

  private ApiReply handle(FullHttpRequest req) {
    try {
      List<String> path = new ArrayList<>();
      for (String s : new QueryStringDecoder(req.uri()).path().split("/")) {
        if (!s.isEmpty()) path.add(QueryStringDecoder.decodeComponent(s));
      }
      return routes.route(req.method().name(), path, req.content().toString(StandardCharsets.UTF_8));
    } catch (ExternalException e) {
      return ApiReply.error(ApiReply.status(e.kind()), e.getMessage());
    } catch (RuntimeException e) {
      return ApiReply.error(500, e.getMessage() == null ? e.toString() : e.getMessage());
    }
  }

  private static void write(ChannelHandlerContext ctx, FullHttpRequest req, ApiReply reply) {
    byte[] body;
    try {
      body = reply.body() == null ? new byte[0] : ApiJson.MAPPER.writeValueAsBytes(reply.body());
    } catch (JsonProcessingException e) {
      reply = ApiReply.error(500, e.getOriginalMessage());
      body = ("{\"error\":\"internal error\",\"status\":500}").getBytes(StandardCharsets.UTF_8);
    }
    FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(reply.status()),
        Unpooled.wrappedBuffer(body));
    if (reply.body() != null) res.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON);
    HttpUtil.setContentLength(res, body.length);
    boolean keepAlive = HttpUtil.isKeepAlive(req);
    HttpUtil.setKeepAlive(res, keepAlive);
    var f = ctx.writeAndFlush(res);
    if (!keepAlive) f.addListener(ChannelFutureListener.CLOSE);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close();
  }
}
