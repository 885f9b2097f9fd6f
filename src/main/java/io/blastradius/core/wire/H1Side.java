package io.blastradius.core.wire;

import io.blastradius.core.event.Event;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.DecoderResultProvider;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseDecoder;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * One direction of an HTTP/1.1 connection: Netty's request or response decoder, driven directly
 * (its {@code decode} step, outside any pipeline) over copies of the relayed bytes; each message's
 * end becomes a {@link Event.WireHttp1}. Bytes of a message not yet complete are copied into
 * {@link #cumulation}, as {@code ByteToMessageDecoder} would. A response to HEAD has no body
 * whatever its headers say (RFC 9112 §6.3), so the response side learns the request methods from
 * the request side, in order.
 *
 * <p>A request asking {@code Upgrade: h2c} and a 101 answer switch the flow to HTTP/2: the bytes
 * after the 101's head are handed to {@link FlowDecoder#upgradedServerBytes}.
 *
 * <p>Threading: confined to the flow's event loop.
 */
final class H1Side {
  private final FlowDecoder flow;
  private final boolean fromClient;
  private final Step decoder;
  private final List<Object> out = new ArrayList<>(4);
  private ByteBuf cumulation;
  private int status;

  /** Netty's decode step, reachable outside a pipeline. */
  private interface Step {
    void step(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception;

    void release(ChannelHandlerContext ctx) throws Exception;
  }

  H1Side(FlowDecoder flow, boolean fromClient, ArrayDeque<Boolean> headRequests) {
    this.flow = flow;
    this.fromClient = fromClient;
    this.decoder = fromClient ? new Requests() : new Responses(headRequests);
  }

  /** Decodes {@code in} (consumed); throws {@link IllegalArgumentException} for bytes that are not HTTP/1. */
  void feed(ChannelHandlerContext ctx, ByteBuf in) throws Exception {
    ByteBuf buf = in;
    if (cumulation != null) {
      cumulation.writeBytes(in);
      buf = cumulation;
    }
    try {
      while (buf.isReadable()) {
        int before = buf.readableBytes();
        int n = out.size();
        decoder.step(ctx, buf, out);
        if (out.size() == n && buf.readableBytes() == before) break; // needs more bytes
      }
      for (int i = 0; i < out.size(); i++) handle(out.get(i));
    } finally {
      for (Object o : out) ReferenceCountUtil.release(o);
      out.clear();
    }
    if (buf == in) {
      if (in.isReadable()) cumulation = ctx.alloc().heapBuffer(Math.max(256, in.readableBytes() * 2)).writeBytes(in);
    } else if (cumulation.isReadable()) {
      cumulation.discardSomeReadBytes();
    } else {
      cumulation.release();
      cumulation = null;
    }
  }

  private void handle(Object msg) {
    if (msg instanceof DecoderResultProvider p && p.decoderResult().isFailure()) {
      Throwable c = p.decoderResult().cause();
      throw new IllegalArgumentException("not HTTP/1.1: " + (c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage()));
    }
    if (msg instanceof HttpRequest r) {
      flow.h1Request(HttpMethod.HEAD.equals(r.method()), r.headers().containsValue(HttpHeaderNames.UPGRADE, "h2c", true));
    }
    if (msg instanceof HttpResponse r) {
      status = r.status().code();
      if (status == HttpResponseStatus.SWITCHING_PROTOCOLS.code()) flow.switchingProtocols();
    }
    if (msg instanceof LastHttpContent) {
      flow.emit(new Event.WireHttp1(flow.now(), flow.flowId, fromClient, fromClient ? 0 : status));
    } else if (msg instanceof ByteBuf b) {
      flow.upgradedServerBytes(b); // after a 101: not HTTP/1 any more
    }
  }

  void release(ChannelHandlerContext ctx) {
    if (cumulation != null) {
      cumulation.release();
      cumulation = null;
    }
    try {
      decoder.release(ctx); // the decoder's own scratch buffers (it never holds a cumulation here)
    } catch (Exception ignored) {
      // nothing was left to release
    }
  }

  private static final class Requests extends HttpRequestDecoder implements Step {
    @Override
    public void step(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
      decode(ctx, in, out);
    }

    @Override
    public void release(ChannelHandlerContext ctx) throws Exception {
      handlerRemoved0(ctx);
    }
  }

  /** Knows which responses answer HEAD. */
  private static final class Responses extends HttpResponseDecoder implements Step {
    private final ArrayDeque<Boolean> headRequests;

    Responses(ArrayDeque<Boolean> headRequests) {
      this.headRequests = headRequests;
    }

    @Override
    public void step(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
      decode(ctx, in, out);
    }

    @Override
    public void release(ChannelHandlerContext ctx) throws Exception {
      handlerRemoved0(ctx);
    }

    @Override
    protected boolean isContentAlwaysEmpty(HttpMessage msg) {
      int code = ((HttpResponse) msg).status().code();
      boolean interim = code >= 100 && code < 200 && code != 101; // 100 Continue: the final answer follows
      Boolean head = interim ? null : headRequests.poll();
      return Boolean.TRUE.equals(head) || super.isContentAlwaysEmpty(msg);
    }
  }
}
