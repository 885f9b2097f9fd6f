package io.blastradius.gui.external;

import io.blastradius.core.external.ExternalProxy;
import io.blastradius.core.external.ProxyRegistry;
import io.blastradius.core.external.WireRates;
import io.blastradius.core.proxy.FlowInfo;
import io.blastradius.core.wire.FlowWire;
import java.util.ArrayList;
import java.util.List;

/**
 * The external mode at one moment, immutable: what the workspace shows. Taken off the FX thread
 * (it reads the registry, whose lock a starting proxy holds) and handed over whole.
 *
 * @param flows open flows, then up to {@link #KEEP_CLOSED} of the most recently closed ones
 * @param now session time of the snapshot (the clock the proxies' events are stamped with)
 * @param rates the wire chart's counts so far
 */
record ExternalSnapshot(List<ProxyView> proxies, List<FlowView> flows, long now, WireRates.View rates) {
  static final int KEEP_CLOSED = 8;
  static final ExternalSnapshot EMPTY = new ExternalSnapshot(List.of(), List.of(), 0, WireRates.View.EMPTY);

  /** @param intercepts the proxy terminates its clients' TLS (Intercept TLS) */
  record ProxyView(String name, String listen, String upstream, boolean enabled, int toxics, int openFlows, boolean intercepts) {}

  /** @param wire the flow as the wire decoder saw it, or null when not decoded (yet) */
  record FlowView(String proxy, FlowInfo info, FlowWire wire) {
    String key() {
      return proxy + "/" + info.id();
    }
  }

  static ExternalSnapshot of(ProxyRegistry registry, long now, WireRates.View rates) {
    List<ProxyView> proxies = new ArrayList<>();
    List<FlowView> open = new ArrayList<>();
    List<FlowView> closed = new ArrayList<>();
    for (ExternalProxy p : registry.all().values()) {
      int n = 0;
      for (FlowInfo f : p.flows()) {
        if (f.state() == FlowInfo.FlowState.CLOSED) {
          closed.add(new FlowView(p.name(), f, p.wire(f.id()).orElse(null)));
        } else {
          open.add(new FlowView(p.name(), f, p.wire(f.id()).orElse(null)));
          n++;
        }
      }
      proxies.add(new ProxyView(p.name(), p.listen(), p.upstream(), p.enabled(), p.toxics().size(), n, p.intercepts()));
    }
    List<FlowView> flows = new ArrayList<>(open);
    flows.addAll(closed.subList(Math.max(0, closed.size() - KEEP_CLOSED), closed.size()));
    return new ExternalSnapshot(List.copyOf(proxies), List.copyOf(flows), now, rates);
  }
}
