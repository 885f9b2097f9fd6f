package io.blastradius.cli;

import io.blastradius.core.policy.PolicyInfo;
import io.blastradius.core.policy.Policies;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "policies", description = "List every policy, the real client it models, and its parameters.")
final class PoliciesCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    var out = spec.commandLine().getOut();
    for (PolicyInfo p : Policies.all()) {
      out.printf("%-22s %s%n", p.id(), p.models());
      out.printf("%-22s %s%n%n", "", p.help());
    }
    out.println("Modifiers for HTTP/2 policies: +max-streams=N (client-side cap), +retry (retry once when a policy judged the connection dead).");
    out.println("Parameters: ID:key=value, e.g. h2-read-idle-ping:idle=1s:timeout=500ms+retry");
    return 0;
  }
}
