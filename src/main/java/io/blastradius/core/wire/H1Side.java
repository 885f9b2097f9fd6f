package io.blastradius.core.wire;

import io.blastradius.core.event.Event;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import java.util.ArrayDeque;
import java.util.Arrays;

import static io.blastradius.core.wire.H1Bytes.hasToken;
import static io.blastradius.core.wire.H1Bytes.isDigit;
import static io.blastradius.core.wire.H1Bytes.isSpace;
import static io.blastradius.core.wire.H1Bytes.isTchar;
import static io.blastradius.core.wire.H1Bytes.named;
import static io.blastradius.core.wire.H1Bytes.skipSpaces;

/**
 * One direction of an HTTP/1.1 connection, read for its message boundaries only (RFC 9112 §6):
 * each message's end becomes a {@link Event.WireHttp1}. Nothing else of a message is kept.
 *
 * <p>Why not Netty's {@code HttpRequestDecoder}/{@code HttpResponseDecoder}: they build every
 * message (a request or response object, a header map, a String per header), which made decoding
 * HTTP/1.1 cost a fifth of the proxy's sequential throughput, while the boundaries need four
 * things: the status, {@code Content-Length}, {@code Transfer-Encoding: chunked} and, on requests,
 * the method (HEAD) and {@code Upgrade: h2c}. This reads exactly those, from each line copied into
 * one scratch array, with no allocation per message. It frames like Netty's decoders with their
 * default limits (start and chunk-size lines up to {@value #MAX_LINE} bytes, a header section up to
 * {@value #MAX_HEAD}); what they would reject, it rejects, with {@link IllegalArgumentException}:
 * a start line that is not {@code METHOD target HTTP/d.d} or {@code HTTP/d.d nnn reason}, a header
 * line without a token and a colon, a {@code Content-Length} that is not one decimal number, a bad
 * chunk size, a line too long.
 *
 * <p>Bodies: chunked wins over a length (RFC 9112 §6.3); a response to HEAD, a 1xx, 204 or 304 has
 * none, whatever its headers say; a request with neither has none; a response with neither runs to
 * the connection's end and so never ends here (as with Netty's decoders, which end it only when
 * the channel closes). The response side learns the HEAD requests from the request side, in order
 * (interim 1xx answers do not take one).
 *
 * <p>A request asking {@code Upgrade: h2c} and a 101 answer switch the flow to HTTP/2: the bytes
 * after the 101's head are handed to {@link FlowDecoder#upgradedServerBytes}; bytes after a 101
 * nobody asked for are not decoded.
 *
 * <p>Threading: confined to the flow's event loop.
 */
final class H1Side {
  static final int MAX_LINE = 4096;
  static final int MAX_HEAD = 8192;
  /** The most bytes copied at once for the line states. */
  private static final int WINDOW = 16 * 1024;

  private enum State { START, HEADERS, FIXED, CHUNK_SIZE, CHUNK_DATA, CHUNK_END, TRAILERS, UNTIL_CLOSE, SWITCHED }

  private final FlowDecoder flow;
  private final boolean fromClient;
  private final ArrayDeque<Boolean> headRequests;
  private State state = State.START;
  /** A line that began in an earlier read: its bytes so far ({@link #lineLength} of them). */
  private byte[] line = new byte[128];
  private int lineLength;
  /** Scratch: bytes of the buffer being fed, {@code [copiedFrom, copiedTo)} of {@link #copied}. */
  private byte[] window = new byte[512];
  private ByteBuf copied;
  private int copiedFrom;
  private int copiedTo;
  /** Header section bytes so far (the start line excluded). */
  private int headBytes;
  // The message being read.
  private int status;
  private boolean head;
  private boolean upgradeH2c;
  private boolean chunked;
  private long contentLength = -1;
  /** Body or chunk bytes still to skip. */
  private long remaining;

  H1Side(FlowDecoder flow, boolean fromClient, ArrayDeque<Boolean> headRequests) {
    this.flow = flow;
    this.fromClient = fromClient;
    this.headRequests = headRequests;
  }

  /**
   * Reads {@code in} (consumed); throws {@link IllegalArgumentException} for bytes that are not
   * HTTP/1, leaving {@code in}'s reader index at or before the line that failed.
   */
  void feed(ChannelHandlerContext ctx, ByteBuf in) {
    try {
      feed0(in);
    } finally {
      copied = null; // the window's bytes belong to this call's buffer only
    }
  }

  private void feed0(ByteBuf in) {
    while (in.isReadable()) {
      switch (state) {
        case FIXED, CHUNK_DATA -> { // a body is skipped, never copied
          int n = (int) Math.min(remaining, in.readableBytes());
          in.skipBytes(n);
          remaining -= n;
          if (remaining == 0) {
            if (state == State.FIXED) messageEnd();
            else state = State.CHUNK_END;
          }
        }
        case UNTIL_CLOSE -> in.skipBytes(in.readableBytes());
        case SWITCHED -> {
          ByteBuf rest = in.duplicate();
          in.skipBytes(in.readableBytes());
          flow.upgradedServerBytes(rest); // not HTTP/1 any more; throws if nobody asked for h2c
        }
        default -> lines(in);
      }
    }
  }

  /**
   * The line states (start line, headers, chunk sizes and ends, trailers) over a copy of up to
   * {@link #WINDOW} bytes of {@code in}: one bounds check for the copy instead of one per byte.
   * Returns once the state reads a body, or the copied bytes are used up. Within one
   * {@link #feed}, bytes already copied are not copied again when the lines resume after a body
   * (pipelined messages, chunks): each byte is copied at most once.
   */
  private void lines(ByteBuf in) {
    int ri = in.readerIndex();
    if (copied != in || ri < copiedFrom || ri >= copiedTo) {
      int k = Math.min(in.readableBytes(), WINDOW);
      if (window.length < k) window = new byte[Math.max(k, Math.min(WINDOW, window.length * 2))];
      in.getBytes(ri, window, 0, k);
      copied = in;
      copiedFrom = ri;
      copiedTo = ri + k;
    }
    byte[] w = window;
    int start = ri - copiedFrom;
    int n = copiedTo - copiedFrom;
    int pos = start; // bytes of w parsed (or kept in line); consumed from in on the way out
    try {
      while (pos < n) {
        if (state == State.START && lineLength == 0) { // RFC 9112 §2.2: empty lines before a start line
          while (pos < n && (w[pos] <= ' ' || w[pos] == 0x7f) && w[pos] >= 0) pos++;
          if (pos == n) break;
        }
        int lf = indexOfLf(w, pos, n);
        if (state == State.CHUNK_END) { // the CRLF after a chunk's data; like Netty, anything up to the LF
          if (lf < 0) {
            pos = n;
          } else {
            pos = lf + 1;
            state = State.CHUNK_SIZE;
          }
          continue;
        }
        int len = (lf < 0 ? n : lf) - pos;
        int limit = state == State.HEADERS || state == State.TRAILERS ? MAX_HEAD - headBytes : MAX_LINE;
        if (lineLength + len > limit) {
          throw notHttp1(limit == MAX_LINE ? "a line longer than " + MAX_LINE + " bytes"
              : "a header section longer than " + MAX_HEAD + " bytes");
        }
        if (lf < 0 || lineLength > 0) { // a line across reads: gather it in line
          if (lineLength + len > line.length) line = Arrays.copyOf(line, Math.max(lineLength + len, line.length * 2));
          System.arraycopy(w, pos, line, lineLength, len);
          lineLength += len;
          if (lf < 0) {
            pos = n;
            break;
          }
          int whole = lineLength;
          lineLength = 0;
          parseLine(line, 0, whole);
        } else {
          parseLine(w, pos, lf);
        }
        pos = lf + 1;
        if (state == State.FIXED || state == State.CHUNK_DATA || state == State.UNTIL_CLOSE || state == State.SWITCHED) break;
      }
    } finally {
      in.skipBytes(pos - start);
    }
  }

  void release(ChannelHandlerContext ctx) {
    lineLength = 0; // nothing else is held: no buffer, no message
  }

  private static int indexOfLf(byte[] w, int from, int to) {
    for (int i = from; i < to; i++) {
      if (w[i] == '\n') return i;
    }
    return -1;
  }

  /** One whole line, {@code l[from, to)} without its LF (a CR before it is dropped here). */
  private void parseLine(byte[] l, int from, int to) {
    if (to > from && l[to - 1] == '\r') to--;
    switch (state) {
      case START -> {
        if (fromClient) requestLine(l, from, to);
        else statusLine(l, from, to);
        headBytes = 0;
        state = State.HEADERS;
      }
      case HEADERS -> {
        headBytes += to - from + 2;
        headerLine(l, from, to);
      }
      case CHUNK_SIZE -> chunkSize(l, from, to);
      case TRAILERS -> {
        headBytes += to - from + 2;
        if (to == from) messageEnd();
      }
      default -> throw new IllegalStateException(state.name());
    }
  }

  /** {@code method SP target SP HTTP/d.d}, as Netty splits it: runs of spaces between the parts. */
  private void requestLine(byte[] l, int from, int n) {
    int i = from;
    while (i < n && isTchar(l[i])) i++;
    int methodLength = i - from;
    if (methodLength == 0 || i >= n || !isSpace(l[i])) throw notHttp1("a request line that does not start with a method");
    i = skipSpaces(l, i, n);
    int targetStart = i;
    while (i < n && (l[i] > ' ' || l[i] < 0) && l[i] != 0x7f) i++; // bytes above 0x7f too, as Netty (raw UTF-8 paths)
    if (i == targetStart || i >= n || !isSpace(l[i])) throw notHttp1("a request line without a target and a version");
    i = skipSpaces(l, i, n);
    i = version(l, i, n);
    if (skipSpaces(l, i, n) != n) throw notHttp1("a request line with more than method, target and version");
    head = methodLength == 4 && l[from] == 'H' && l[from + 1] == 'E' && l[from + 2] == 'A' && l[from + 3] == 'D';
  }

  /** {@code HTTP/d.d SP nnn [SP reason]}. */
  private void statusLine(byte[] l, int from, int n) {
    int i = version(l, from, n);
    if (i >= n || !isSpace(l[i])) throw notHttp1("a status line without a status code");
    i = skipSpaces(l, i, n);
    if (i + 3 > n || !isDigit(l[i]) || !isDigit(l[i + 1]) || !isDigit(l[i + 2]) || (i + 3 < n && !isSpace(l[i + 3]))) {
      throw notHttp1("a status line without a three-digit status code");
    }
    status = (l[i] - '0') * 100 + (l[i + 1] - '0') * 10 + (l[i + 2] - '0');
  }

  /** {@code HTTP/d.d} at {@code i}; returns the index after it. */
  private static int version(byte[] l, int i, int n) {
    if (i + 8 > n || l[i] != 'H' || l[i + 1] != 'T' || l[i + 2] != 'T' || l[i + 3] != 'P' || l[i + 4] != '/'
        || !isDigit(l[i + 5]) || l[i + 6] != '.' || !isDigit(l[i + 7])) {
      throw notHttp1("no HTTP version where one belongs");
    }
    return i + 8;
  }

  /** A header line, or the empty line that ends the head. Only three names are read. */
  private void headerLine(byte[] l, int from, int n) {
    if (n == from) {
      headEnd();
      return;
    }
    if (isSpace(l[from])) return; // obs-fold: a continuation of the previous value (RFC 9112 §5.2), not one we read
    int colon = from;
    while (colon < n && isTchar(l[colon])) colon++;
    if (colon == from || colon >= n || l[colon] != ':') throw notHttp1("a header line that is not 'name: value'");
    switch (colon - from) {
      case 14 -> {
        if (named(l, from, "content-length")) contentLength(l, skipSpaces(l, colon + 1, n), trimEnd(l, colon + 1, n));
      }
      case 17 -> {
        if (named(l, from, "transfer-encoding") && hasToken(l, colon + 1, n, "chunked")) chunked = true;
      }
      case 7 -> {
        if (fromClient && named(l, from, "upgrade") && hasToken(l, colon + 1, n, "h2c")) upgradeH2c = true;
      }
      default -> { } // any other header: its value is not even looked at
    }
  }

  private static int trimEnd(byte[] l, int from, int end) {
    while (end > from && isSpace(l[end - 1])) end--;
    return end;
  }

  /** Like Netty without duplicate lengths allowed: one header, one decimal number. */
  private void contentLength(byte[] l, int v, int end) {
    if (contentLength >= 0) throw notHttp1("more than one Content-Length");
    if (v >= end) throw notHttp1("an empty Content-Length");
    long len = 0;
    for (int i = v; i < end; i++) {
      if (!isDigit(l[i])) throw notHttp1("a Content-Length that is not one number");
      if (len > (Long.MAX_VALUE - 9) / 10) throw notHttp1("a Content-Length too large");
      len = len * 10 + (l[i] - '0');
    }
    contentLength = len;
  }

  private void headEnd() {
    if (fromClient) {
      flow.h1Request(head, upgradeH2c);
      if (chunked) state = State.CHUNK_SIZE;
      else fixedBody(Math.max(0, contentLength));
      return;
    }
    boolean interim = status >= 100 && status < 200 && status != 101; // 100 Continue: the final answer follows
    Boolean toHead = interim ? null : headRequests.poll();
    boolean noBody = Boolean.TRUE.equals(toHead) || (status >= 100 && status < 200) || status == 204 || status == 304;
    if (status == 101) {
      flow.switchingProtocols();
      messageEnd();
      state = State.SWITCHED;
    } else if (noBody) {
      messageEnd();
    } else if (chunked) {
      state = State.CHUNK_SIZE;
    } else if (contentLength >= 0) {
      fixedBody(contentLength);
    } else {
      state = State.UNTIL_CLOSE; // ends with the connection
    }
  }

  private void fixedBody(long length) {
    if (length == 0) {
      messageEnd();
    } else {
      remaining = length;
      state = State.FIXED;
    }
  }

  /** {@code HEX [; ext]}, as Netty reads it: spaces first, digits up to a ';', a space or a control. */
  private void chunkSize(byte[] l, int from, int n) {
    int i = skipSpaces(l, from, n);
    long size = 0;
    int digits = 0;
    for (; i < n; i++) {
      int d = Character.digit(l[i], 16);
      if (d < 0) {
        if (l[i] == ';' || (l[i] <= ' ' && l[i] >= 0) || l[i] == 0x7f) break;
        throw notHttp1("a chunk size that is not hexadecimal");
      }
      size = size * 16 + d;
      digits++;
      if (size > Integer.MAX_VALUE) throw notHttp1("a chunk size too large");
    }
    if (digits == 0) throw notHttp1("an empty chunk size");
    if (size == 0) {
      headBytes = 0;
      state = State.TRAILERS;
    } else {
      remaining = size;
      state = State.CHUNK_DATA;
    }
  }

  private void messageEnd() {
    flow.emit(new Event.WireHttp1(flow.now(), flow.flowId, fromClient, fromClient ? 0 : status));
    state = State.START;
    status = 0;
    head = false;
    upgradeH2c = false;
    chunked = false;
    contentLength = -1;
    remaining = 0;
  }

  private static IllegalArgumentException notHttp1(String why) {
    return new IllegalArgumentException("not HTTP/1.1: " + why);
  }
}
