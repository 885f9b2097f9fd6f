package io.blastradius.core.policy;

import java.util.function.Function;

/**
 * A policy as the product lists it: its id, the real client it stands for, a help text with the
 * trade-off, and how to build one from a spec.
 */
public record PolicyInfo(
    String id, Protocol protocol, String models, String help, Function<PolicySpec, PoolPolicy> factory) {}
