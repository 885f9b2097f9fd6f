package io.blastradius.core.tls;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The two things interception needs from a TLS ClientHello: the server name (SNI, RFC 6066 §3)
 * and the protocols offered by ALPN (RFC 7301 §3.1). Netty hands the ClientHello's body over
 * ({@code SslClientHelloHandler}) but has no public parser for its extensions, and neither does
 * the JDK, so these few fields are read here; anything malformed reads as "none offered".
 *
 * @param serverName the host name asked for, or null
 * @param protocols ALPN protocol names in the client's order; empty when none
 */
public record ClientHelloInfo(String serverName, List<String> protocols) {
  private static final int SERVER_NAME = 0;
  private static final int ALPN = 16;

  public ClientHelloInfo {
    protocols = List.copyOf(protocols);
  }

  /** Parses a ClientHello body (from client_version on); {@code hello} is not consumed. */
  public static ClientHelloInfo parse(ByteBuf hello) {
    if (hello == null) return new ClientHelloInfo(null, List.of());
    ByteBuf b = hello.duplicate();
    String name = null;
    List<String> protocols = new ArrayList<>();
    try {
      b.skipBytes(2 + 32); // client_version, random
      b.skipBytes(b.readUnsignedByte()); // session_id
      b.skipBytes(b.readUnsignedShort()); // cipher_suites
      b.skipBytes(b.readUnsignedByte()); // compression_methods
      if (b.readableBytes() < 2) return new ClientHelloInfo(null, List.of());
      int end = b.readerIndex() + b.readUnsignedShort();
      while (b.readerIndex() + 4 <= end) {
        int type = b.readUnsignedShort();
        int len = b.readUnsignedShort();
        ByteBuf ext = b.readSlice(len);
        if (type == SERVER_NAME) {
          ext.skipBytes(2); // list length
          while (ext.readableBytes() >= 3) {
            int nameType = ext.readUnsignedByte();
            int n = ext.readUnsignedShort();
            String s = ext.readCharSequence(n, StandardCharsets.US_ASCII).toString();
            if (nameType == 0 && name == null) name = s; // host_name
          }
        } else if (type == ALPN) {
          ext.skipBytes(2); // list length
          while (ext.readableBytes() >= 1) {
            int n = ext.readUnsignedByte();
            protocols.add(ext.readCharSequence(n, StandardCharsets.US_ASCII).toString());
          }
        }
      }
    } catch (IndexOutOfBoundsException malformed) {
      // what was read so far stands; a broken hello fails its handshake anyway
    }
    return new ClientHelloInfo(name, protocols);
  }
}
