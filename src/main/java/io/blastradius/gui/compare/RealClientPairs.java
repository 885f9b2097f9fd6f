package io.blastradius.gui.compare;

import io.blastradius.core.clients.RealClients;
import io.blastradius.core.policy.PolicySpec;
import java.util.List;
import java.util.Map;

/**
 * Which real client library a model names ({@link RealClients.Info#model()}, the pairs the
 * {@code fidelity} command measures), so Compare can run a model and its client side by side.
 */
final class RealClientPairs {
  private RealClientPairs() {}

  /**
   * The client ids (versioned, {@code okhttp-5.x/read-timeout}) that {@code model} models: every
   * client whose model has this id; when several share it, the one whose model parameters the
   * spec carries, the most specific first ({@code h2-reactor-netty} alone is the h2c client, not
   * the liveness one).
   */
  static List<String> clientsFor(PolicySpec model) {
    if (RealClients.isClient(model)) return List.of();
    List<RealClients.Info> same = RealClients.all().stream()
        .filter(i -> PolicySpec.parse(i.model()).id().equals(model.id())).toList();
    if (same.size() > 1) {
      // The most specific model the spec carries: all of liveness=true:idle=1s:ack=1s is the
      // liveness client, none of it the plain one.
      List<RealClients.Info> carried = same.stream()
          .filter(i -> carries(model.params(), PolicySpec.parse(i.model()).params())).toList();
      int most = carried.stream().mapToInt(i -> PolicySpec.parse(i.model()).params().size()).max().orElse(0);
      same = carried.stream().filter(i -> PolicySpec.parse(i.model()).params().size() == most).toList();
    }
    return same.stream().map(RealClients.Info::id).toList();
  }

  private static boolean carries(Map<String, String> have, Map<String, String> need) {
    return need.entrySet().stream().allMatch(e -> e.getValue().equals(have.get(e.getKey())));
  }
}
