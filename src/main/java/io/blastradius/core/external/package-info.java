/**
 * External mode: BlastRadius in front of the user's own client and server.
 *
 * <ul>
 *   <li>{@link io.blastradius.core.external.ProxyRegistry}: named proxies (Toxiproxy's collection),
 *       each an {@link io.blastradius.core.external.ExternalProxy} over a
 *       {@link io.blastradius.core.proxy.FaultProxy}, so every per-flow fault of the workbench
 *       (unplug, replug, latency, reset) works on the user's connections too.
 *   <li>{@link io.blastradius.core.external.ToxicSpec} / {@link io.blastradius.core.external.ToxicType}:
 *       Toxiproxy's toxics and ours ({@code blackhole}), validated values.
 *   <li>{@link io.blastradius.core.external.ToxicChain}: puts each toxic on every flow as a Netty
 *       handler ({@code toxic} package) through the proxy's
 *       {@link io.blastradius.core.proxy.FlowHook}, keeping the relay's backpressure.
 *   <li>{@code api}: the Toxiproxy-compatible HTTP API over a registry.
 * </ul>
 *
 * The CLI's {@code proxy} command and the window's External workspace are two front ends of the
 * same registry.
 */
package io.blastradius.core.external;
