package io.blastradius.core.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.Http2Headers;
import java.nio.charset.StandardCharsets;

/**
 * The server's only answers, encoded once. Every request gets the same small body, so the hot path
 * writes a {@code duplicate()} of a shared read-only buffer instead of building a response.
 *
 * <p>Threading: all fields are immutable after class initialisation and shared by every loop;
 * callers must only write {@code duplicate()}s (independent indices, no reference count).
 */
final class Responses {
  static final String BODY_TEXT = "ok\n";

  /** HTTP/2 DATA payload. */
  static final ByteBuf BODY = constant(BODY_TEXT);

  /** HTTP/2 response HEADERS; read-only by convention (the HPACK encoder only iterates it). */
  static final Http2Headers H2_HEADERS = new DefaultHttp2Headers()
      .status("200")
      .add("content-type", "text/plain")
      .addInt("content-length", BODY_TEXT.length());

  static final io.netty.util.AsciiString CONTENT_TYPE = io.netty.util.AsciiString.cached("content-type");
  private static final io.netty.util.AsciiString GRPC = io.netty.util.AsciiString.cached("application/grpc");

  /** A gRPC call's response HEADERS (gRPC over HTTP/2, grpc/grpc PROTOCOL-HTTP2.md). */
  static final Http2Headers GRPC_HEADERS = new DefaultHttp2Headers().status("200").add(CONTENT_TYPE, GRPC);

  /** The answer's one length-prefixed message: not compressed, 3 bytes, "ok\n". */
  static final ByteBuf GRPC_MESSAGE = constantBytes(new byte[] {0, 0, 0, 0, 3, 'o', 'k', '\n'});

  /** The call's trailers: OK. */
  static final Http2Headers GRPC_TRAILERS = new DefaultHttp2Headers().add("grpc-status", "0");

  /** {@code application/grpc} or one of its {@code +proto}-style subtypes. */
  static boolean isGrpc(CharSequence contentType) {
    return io.netty.util.AsciiString.regionMatches(contentType, true, 0, GRPC, 0, GRPC.length())
        && (contentType.length() == GRPC.length() || contentType.charAt(GRPC.length()) == '+'
            || contentType.charAt(GRPC.length()) == ';');
  }

  // HTTP/1.1 answers as whole byte strings: no HttpResponseEncoder on the hot path.
  private static final ByteBuf H1_KEEP_ALIVE = h1("", true);
  private static final ByteBuf H1_KEEP_ALIVE_10 = h1("connection: keep-alive\r\n", true);
  private static final ByteBuf H1_CLOSE = h1("connection: close\r\n", true);
  private static final ByteBuf H1_HEAD_KEEP_ALIVE = h1("", false);
  private static final ByteBuf H1_HEAD_KEEP_ALIVE_10 = h1("connection: keep-alive\r\n", false);
  private static final ByteBuf H1_HEAD_CLOSE = h1("connection: close\r\n", false);
  static final ByteBuf H1_BAD_REQUEST =
      constant("HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\nconnection: close\r\n\r\n");

  private Responses() {}

  /** The HTTP/1 answer for a request (a fresh duplicate, ready to write). */
  static ByteBuf h1(boolean keepAlive, boolean http10, boolean head) {
    ByteBuf b;
    if (!keepAlive) b = head ? H1_HEAD_CLOSE : H1_CLOSE;
    else if (http10) b = head ? H1_HEAD_KEEP_ALIVE_10 : H1_KEEP_ALIVE_10;
    else b = head ? H1_HEAD_KEEP_ALIVE : H1_KEEP_ALIVE;
    return b.duplicate();
  }

  private static ByteBuf h1(String connectionHeader, boolean withBody) {
    return constant("HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\ncontent-length: " + BODY_TEXT.length()
        + "\r\n" + connectionHeader + "\r\n" + (withBody ? BODY_TEXT : ""));
  }

  private static ByteBuf constant(String s) {
    return constantBytes(s.getBytes(StandardCharsets.US_ASCII));
  }

  private static ByteBuf constantBytes(byte[] bytes) {
    return Unpooled.unreleasableBuffer(Unpooled.directBuffer(bytes.length).writeBytes(bytes)).asReadOnly();
  }
}
