/**
 * The wire: what the fault proxy sees crossing each flow, decoded beside the relay and never in its
 * way. {@link io.blastradius.core.wire.WireDecoding} taps every flow's client-side socket,
 * {@link io.blastradius.core.wire.FlowDecoder} turns copies of the bytes into {@code Wire*} events
 * (HTTP/2 frames with Netty's frame reader, HTTP/1.1 message boundaries with Netty's HTTP decoders),
 * and {@link io.blastradius.core.wire.WireFold} folds those events into per-flow state (streams
 * open on the wire, the server's advertised limit, PINGs).
 */
package io.blastradius.core.wire;
