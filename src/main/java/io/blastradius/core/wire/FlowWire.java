package io.blastradius.core.wire;

import java.util.List;

/**
 * One flow as the wire decoder saw it, as of a {@link WireFold} snapshot: immutable.
 *
 * @param protocol "h2", "h2c-upgrade", "http/1.1", or "" while not yet known
 * @param undecoded why decoding stopped ({@code WireUndecoded}), or null while decoded
 * @param openStreams HTTP/2 streams opened on the wire and not yet closed by both END_STREAMs, an
 *     RST_STREAM or a GOAWAY that excluded them; for HTTP/1.1, requests not yet answered
 * @param serverMaxStreams the server's advertised SETTINGS_MAX_CONCURRENT_STREAMS, -1 while unknown
 *     or unlimited
 * @param streamsOpened streams (HTTP/1.1: requests) the client started
 * @param outside the flow is not one of the pool's connections ({@code FlowOutside}): another
 *     process connected to the proxy; no connection card joins it
 * @param marks the flow's latest frames worth a mark on a timeline, oldest first (at most
 *     {@link WireFold#MAX_MARKS})
 */
public record FlowWire(
    int flowId,
    String protocol,
    String undecoded,
    int openStreams,
    long serverMaxStreams,
    long streamsOpened,
    long resetsFromClient,
    long resetsFromServer,
    long pingsFromClient,
    long pingAcksToClient,
    long goAwaysFromServer,
    boolean closed,
    List<Mark> marks,
    boolean outside) {

  public FlowWire {
    marks = List.copyOf(marks);
  }

  /** A frame on the flow's lane: when, which kind, which way. */
  public record Mark(long t, Kind kind, boolean fromClient) {}

  /** The kinds a timeline marks (DATA and WINDOW_UPDATE are too many to draw one by one). */
  public enum Kind { HEADERS, RST_STREAM, PING, PING_ACK, GOAWAY, SETTINGS, UNDECODED }
}
