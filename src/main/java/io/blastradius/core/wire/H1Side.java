package io.blastradius.core.wire;

import io.blastradius.core.event.Event;
import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
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

/**
 * One direction of an HTTP/1.1 connection: Netty's request or response decoder in an
 * {@link EmbeddedChannel} of its own, fed copies of the relayed bytes; each message's end becomes
 * a {@link Event.WireHttp1}. A response to HEAD has no body whatever its headers say (RFC 9112
 * §6.3), so the response side learns the request methods from the request side, in order.
 *
 * <p>A request asking {@code Upgrade: h2c} and a 101 answer switch the flow to HTTP/2: the bytes
 * after the 101's head are handed to {@link FlowDecoder#upgradedServerBytes}.
 *
 * <p>Threading: confined to the flow's event loop.
 */
final class H1Side {
  private final FlowDecoder flow;
  private final boolean fromClient;
  private final EmbeddedChannel channel;
  private int status;

  H1Side(FlowDecoder flow, boolean fromClient, ArrayDeque<Boolean> headRequests) {
    this.flow = flow;
    this.fromClient = fromClient;
    this.channel = new EmbeddedChannel(fromClient ? new HttpRequestDecoder() : new Responses(headRequests));
  }

  /** Decodes {@code in} (consumed); throws {@link IllegalArgumentException} for bytes that are not HTTP/1. */
  void feed(ByteBuf in) {
    channel.writeInbound(in.retainedSlice());
    in.skipBytes(in.readableBytes());
    Object msg;
    while ((msg = channel.readInbound()) != null) {
      try {
        handle(msg);
      } finally {
        ReferenceCountUtil.release(msg);
      }
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

  void release() {
    channel.finishAndReleaseAll();
  }

  /** Knows which responses answer HEAD. */
  private static final class Responses extends HttpResponseDecoder {
    private final ArrayDeque<Boolean> headRequests;

    Responses(ArrayDeque<Boolean> headRequests) {
      this.headRequests = headRequests;
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
