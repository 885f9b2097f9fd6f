package io.blastradius.core.policy;

/** One request on a connection, as the policy sees it. Confined to the pool's event loop. */
public final class Stream {
  public final int id;
  public final long requestId;
  public final long openedAt;
  int framesRead;

  public Stream(int id, long requestId, long openedAt) {
    this.id = id;
    this.requestId = requestId;
    this.openedAt = openedAt;
  }

  /** Frames of this stream (HEADERS, DATA, RST_STREAM, WINDOW_UPDATE) read since it opened. */
  public int framesRead() {
    return framesRead;
  }
}
