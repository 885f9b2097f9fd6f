package io.blastradius.core.score;

/** Names of HTTP/2 error codes, as registered in RFC 9113 §7. */
public final class Http2ErrorCodes {
  private static final String[] NAMES = {
    "NO_ERROR", // 0x0
    "PROTOCOL_ERROR", // 0x1
    "INTERNAL_ERROR", // 0x2
    "FLOW_CONTROL_ERROR", // 0x3
    "SETTINGS_TIMEOUT", // 0x4
    "STREAM_CLOSED", // 0x5
    "FRAME_SIZE_ERROR", // 0x6
    "REFUSED_STREAM", // 0x7
    "CANCEL", // 0x8
    "COMPRESSION_ERROR", // 0x9
    "CONNECT_ERROR", // 0xa
    "ENHANCE_YOUR_CALM", // 0xb
    "INADEQUATE_SECURITY", // 0xc
    "HTTP_1_1_REQUIRED", // 0xd
  };

  private Http2ErrorCodes() {}

  /** The RFC name of {@code code}, or its hex form ({@code 0x1f}) for a code RFC 9113 does not define. */
  public static String name(long code) {
    return code >= 0 && code < NAMES.length ? NAMES[(int) code] : "0x" + Long.toHexString(code);
  }
}
