package io.blastradius.core.wire;

/** The byte tests of HTTP/1.1 syntax (RFC 9110 §5.6, RFC 9112) that {@link H1Side} reads lines with. */
final class H1Bytes {
  private H1Bytes() {}

  /** Case-insensitive: {@code l} starts with {@code name} (lower case, same length as the name). */
  static boolean named(byte[] l, int from, String name) {
    for (int i = 0; i < name.length(); i++) {
      if (lower(l[from + i]) != name.charAt(i)) return false;
    }
    return true;
  }

  /** A comma-separated list holds {@code token} (lower case), ignoring case and spaces. */
  static boolean hasToken(byte[] l, int from, int end, String token) {
    int i = from;
    while (i < end) {
      int start = skipSpaces(l, i, end);
      int stop = start;
      while (stop < end && l[stop] != ',') stop++;
      int last = stop;
      while (last > start && isSpace(l[last - 1])) last--;
      if (last - start == token.length()) {
        boolean same = true;
        for (int k = 0; k < token.length() && same; k++) same = lower(l[start + k]) == token.charAt(k);
        if (same) return true;
      }
      i = stop + 1;
    }
    return false;
  }

  static int lower(byte b) {
    return b >= 'A' && b <= 'Z' ? b | 0x20 : b;
  }

  static int skipSpaces(byte[] l, int i, int n) {
    while (i < n && isSpace(l[i])) i++;
    return i;
  }

  static boolean isSpace(byte b) {
    return b == ' ' || b == '\t';
  }

  static boolean isDigit(byte b) {
    return b >= '0' && b <= '9';
  }

  /** RFC 9110 §5.6.2 tchar. */
  static boolean isTchar(byte b) {
    if (b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9') return true;
    return switch (b) {
      case '!', '#', '$', '%', '&', '\'', '*', '+', '-', '.', '^', '_', '`', '|', '~' -> true;
      default -> false;
    };
  }
}
