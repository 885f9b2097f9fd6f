package io.blastradius.core.external.toxic;

import io.blastradius.core.external.ToxicSpec;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;

/**
 * One toxic on one socket of a flow: an outbound handler on the socket the toxic's bytes are
 * written to (the upstream socket for an upstream toxic, the client's for a downstream one). It
 * sees every chunk the relay writes as a {@code write}, and the relay reads the next chunk only
 * when that write's promise completes (see {@link io.blastradius.core.proxy.FlowHook}), so a toxic
 * keeps backpressure by choosing when to complete promises: at once for bytes it may buffer
 * (latency, up to a cap), only once the bytes are really written for the others.
 *
 * <p>A toxic chain is these handlers in a row: the first toxic added is nearest the pipeline's
 * tail and sees a chunk first, as in Toxiproxy's {@code ToxicLink}.
 *
 * <p>Threading: confined to the channel's event loop, like every handler; {@link #reconfigure}
 * too (callers hop onto the loop).
 */
public abstract class ToxicHandler extends ChannelDuplexHandler {
  protected ToxicSpec spec;

  protected ToxicHandler(ToxicSpec spec) {
    this.spec = spec;
  }

  /**
   * The handler for {@code spec}.
   *
   * @param resetFlow aborts the whole flow with RSTs (reset_peer uses it); runs on this loop
   */
  public static ToxicHandler create(ToxicSpec spec, Runnable resetFlow) {
    return switch (spec.type()) {
      case LATENCY -> new LatencyToxic(spec);
      case BANDWIDTH -> new BandwidthToxic(spec);
      case SLOW_CLOSE -> new SlowCloseToxic(spec);
      case TIMEOUT -> new TimeoutToxic(spec);
      case RESET_PEER -> new ResetPeerToxic(spec, resetFlow);
      case SLICER -> new SlicerToxic(spec);
      case LIMIT_DATA -> new LimitDataToxic(spec);
      case BLACKHOLE -> new BlackholeToxic(spec);
    };
  }

  public ToxicSpec spec() {
    return spec;
  }

  /** New attributes for the toxic from now on (Toxiproxy restarts the toxic with them). */
  public void reconfigure(ChannelHandlerContext ctx, ToxicSpec newSpec) {
    this.spec = newSpec;
  }

  /** The relay passes a FIN on as an empty write (see FlowHook). */
  static boolean isFin(Object msg) {
    return msg instanceof ByteBuf b && !b.isReadable();
  }

  static long now(ChannelHandlerContext ctx) {
    return ctx.executor().ticker().nanoTime();
  }
}
