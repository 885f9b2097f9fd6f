package io.blastradius.core.testutil;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** Just enough HTTP/1.1 over a plain socket stream to check a server byte for byte. */
public final class RawHttp1 {
  private RawHttp1() {}

  public record Response(String statusLine, String headers, String body) {}

  public static void get(OutputStream out, String path) throws IOException {
    out.write(("GET " + path + " HTTP/1.1\r\nHost: test\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  /** Reads one response with a content-length body. */
  public static Response read(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    while (matched < 4) {
      int b = in.read();
      if (b < 0) throw new EOFException("EOF inside response head: " + head);
      head.write(b);
      matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    String text = head.toString(StandardCharsets.US_ASCII);
    int eol = text.indexOf("\r\n");
    String headers = text.substring(eol + 2).toLowerCase(Locale.ROOT);
    int length = 0;
    for (String line : headers.split("\r\n")) {
      if (line.startsWith("content-length:")) length = Integer.parseInt(line.substring(15).trim());
    }
    byte[] body = in.readNBytes(length);
    if (body.length < length) throw new EOFException("EOF inside body");
    return new Response(text.substring(0, eol), headers, new String(body, StandardCharsets.UTF_8));
  }
}
