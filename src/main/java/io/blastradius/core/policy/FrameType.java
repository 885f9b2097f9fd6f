package io.blastradius.core.policy;

/** HTTP/2 frame types a policy may care about. */
public enum FrameType {
  DATA, HEADERS, RST_STREAM, SETTINGS, PING, GOAWAY, WINDOW_UPDATE, OTHER;

  /** Frames that belong to one stream when their stream id is not 0. */
  public boolean isStreamFrame() {
    return this == DATA || this == HEADERS || this == RST_STREAM || this == WINDOW_UPDATE;
  }
}
