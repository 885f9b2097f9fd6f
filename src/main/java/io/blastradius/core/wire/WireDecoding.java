package io.blastradius.core.wire;

import io.blastradius.core.event.EventSink;
import io.blastradius.core.proxy.FlowTap;
import io.blastradius.core.time.Clock;
import io.netty.channel.Channel;

/**
 * The wire decoder as a {@link FlowTap}: every flow gets a {@link FlowDecoder} and its
 * {@link WireTap}, and its events go to {@code sink} on the run's clock.
 *
 * <p>What is recorded, and what only counted: per frame, HEADERS, RST_STREAM, PING (and ACK),
 * SETTINGS (not ACKs), GOAWAY and connection-level WINDOW_UPDATE; DATA only when it ends a
 * stream's side (with the byte count of all that side's DATA); stream-level WINDOW_UPDATE, DATA
 * that does not end a stream, PRIORITY, PUSH_PROMISE and unknown frames only in the flow's
 * closing {@code WireSummary}. At 30,000 requests a second an HTTP/2 flow of this product carries
 * three recorded frames per request (request HEADERS, response HEADERS, the response's last DATA);
 * a client streaming large bodies would otherwise add an event per 16 KB frame and per window
 * update.
 *
 * <p>Threading: {@link #install} runs on each flow's loop; the instance is shared by all flows and
 * holds no state of its own.
 */
public final class WireDecoding implements FlowTap {
  private final Clock clock;
  private final EventSink sink;

  public WireDecoding(Clock clock, EventSink sink) {
    this.clock = clock;
    this.sink = sink;
  }

  @Override
  public void install(int flowId, Channel client) {
    client.pipeline().addLast("wire", new WireTap(new FlowDecoder(flowId, clock, sink)));
  }
}
