package io.blastradius.core.external;

import java.util.Locale;

/**
 * Which bytes a toxic acts on, in Toxiproxy's words: {@code upstream} is client to server (the
 * toxic sits on the socket to the upstream), {@code downstream} is server to client.
 */
public enum ToxicStream {
  UPSTREAM,
  DOWNSTREAM;

  /** The API's name: "upstream" or "downstream". */
  public String apiName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses an API name; IllegalArgumentException for anything else. */
  public static ToxicStream parse(String s) {
    if ("upstream".equals(s)) return UPSTREAM;
    if ("downstream".equals(s)) return DOWNSTREAM;
    throw new IllegalArgumentException("stream was invalid, can be either upstream or downstream");
  }
}
