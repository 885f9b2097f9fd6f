package io.blastradius.cli;

import io.blastradius.core.clients.RealClients;
import io.blastradius.core.policy.Policies;
import io.blastradius.core.policy.PolicySpec;
import java.util.ArrayList;
import java.util.List;

/** A --policy list that may also name real clients ({@code okhttp/call-timeout}, see {@code fidelity --help}). */
final class RealClientSpecs {
  private RealClientSpecs() {}

  /** Models as {@link Policies#parseList} reads them, real clients validated and versioned; nothing starts. */
  static List<PolicySpec> parseList(String text) {
    List<PolicySpec> specs = new ArrayList<>();
    for (String part : text.split(",")) {
      if (part.isBlank()) continue;
      PolicySpec spec = part.trim().equals("all") ? null : PolicySpec.parse(part);
      if (spec != null && RealClients.isClient(spec)) {
        specs.add(RealClients.validate(spec));
      } else {
        for (PolicySpec m : Policies.parseList(part)) specs.add(m);
      }
    }
    if (specs.isEmpty()) throw new IllegalArgumentException("no policy named");
    return specs;
  }
}
