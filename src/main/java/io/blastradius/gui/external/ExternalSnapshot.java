package io.blastradius.gui.external;

import io.blastradius.core.external.ExternalProxy;
import io.blastradius.core.external.ProxyRegistry;
import io.blastradius.core.proxy.FlowInfo;
import io.blastradius.core.wire.FlowWire;
import java.util.ArrayList;
import java.util.List;

/**
 * The external mode at one moment, immutable: what the workspace shows. Taken off the FX thread
 * (it reads the registry, whose lock a starting proxy holds) and handed over whole.
 *
 * @param flows open flows, then up to {@link #KEEP_CLOSED} of the most recently closed ones
 */
record ExternalSnapshot(List<ProxyView> proxies, List<FlowView> flows) {
  static final int KEEP_CLOSED = 8;
  static final ExternalSnapshot EMPTY = new ExternalSnapshot(List.of(), List.of());

  record ProxyView(String name, String listen, String upstream, boolean enabled, int toxics, int openFlows) {}

  /** @param wire the flow as the wire decoder saw it, or null when not decoded (yet) */
  record FlowView(String proxy, FlowInfo info, FlowWire wire) {
    String key() {
      return proxy + "/" + info.id();
    }
  }

  static ExternalSnapshot of(ProxyRegistry registry) {
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
      proxies.add(new ProxyView(p.name(), p.listen(), p.upstream(), p.enabled(), p.toxics().size(), n));
    }
    List<FlowView> flows = new ArrayList<>(open);
    flows.addAll(closed.subList(Math.max(0, closed.size() - KEEP_CLOSED), closed.size()));
    return new ExternalSnapshot(List.copyOf(proxies), List.copyOf(flows));
  }
}
