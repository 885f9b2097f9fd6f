package io.blastradius.core.pool;

/** RFC 9113 §7 error codes by name. */
public final class H2Codes {
  public static final long CANCEL = 0x8;
  public static final long ENHANCE_YOUR_CALM = 0xb;

  private static final String[] NAMES = {
    "NO_ERROR", "PROTOCOL_ERROR", "INTERNAL_ERROR", "FLOW_CONTROL_ERROR", "SETTINGS_TIMEOUT",
    "STREAM_CLOSED", "FRAME_SIZE_ERROR", "REFUSED_STREAM", "CANCEL", "COMPRESSION_ERROR",
    "CONNECT_ERROR", "ENHANCE_YOUR_CALM", "INADEQUATE_SECURITY", "HTTP_1_1_REQUIRED"
  };

  private H2Codes() {}

  public static String name(long code) {
    return code >= 0 && code < NAMES.length ? NAMES[(int) code] : "0x" + Long.toHexString(code);
  }
}
