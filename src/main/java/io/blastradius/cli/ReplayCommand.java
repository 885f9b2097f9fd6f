package io.blastradius.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.blastradius.core.record.RecordingException;
import io.blastradius.core.record.RecordingJson;
import io.blastradius.core.record.RecordingReader;
import io.blastradius.core.score.Scorecard;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code replay FILE}: recomputes a recording's scorecard from its events alone and checks it
 * against the summary the run wrote. Equal means the scoring is a pure function of the recording
 * (and that this version scores as the recording's did).
 */
@Command(
    name = "replay",
    description = {
      "Recompute a recording's scorecard from its events and compare it with the summary the run"
          + " recorded."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:the recomputed scorecard equals the recorded summary",
      "1:they differ (the differing fields are listed)",
      "2:FILE could not be used: not a recording, from a newer version, damaged, truncated or"
          + " without a summary"
    })
public final class ReplayCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "FILE", description = "a .blastrec recording")
  Path file;

  @Option(names = "--json", description = "print JSON: the scorecard, the recorded summary and their differences")
  boolean json;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help and exit")
  boolean help;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try {
      RecordingReader.Replay r;
      try {
        r = RecordingReader.replay(file);
      } catch (RecordingException e) {
        err.println(spec.qualifiedName() + ": " + e.getMessage());
        return 2;
      }
      String problem = null;
      if (r.truncated() && r.recorded() != null && r.damage() != null) {
        problem = file + " is " + r.damage() + " (" + r.events() + " events read): its scorecard cannot be trusted";
      } else if (r.truncated()) {
        problem = file + " is truncated or damaged after " + r.events() + " intact events: no summary to compare with";
      } else if (r.recorded() == null) {
        problem = file + " has no summary line to compare with (" + r.events() + " events read)";
      }
      if (json) {
        printJson(out, r);
      } else {
        if ("sim".equals(r.header().engine())) out.println("engine: sim (recorded on the simulated network, in virtual time)");
        out.print(Scorecard.table(List.of(r.rescored())));
        out.println();
        if (problem == null) {
          if (r.matches()) {
            out.println("Replayed " + r.events() + " events: the scorecard equals the recorded summary.");
          } else {
            out.println("Replayed " + r.events() + " events: the scorecard differs from the recorded summary:");
            for (String[] d : differences(r.recorded(), r.rescored())) {
              out.println("  " + d[0] + ": recorded " + d[1] + ", replayed " + d[2]);
            }
          }
        }
      }
      if (problem != null) {
        err.println(spec.qualifiedName() + ": " + problem);
        return 2;
      }
      return r.matches() ? 0 : 1;
    } finally {
      out.flush();
      err.flush();
    }
  }

  /** {field, recorded, replayed} for each field that differs. */
  static List<String[]> differences(Scorecard recorded, Scorecard replayed) {
    Map<String, Object> a = recorded.asMap();
    Map<String, Object> b = replayed.asMap();
    return Scorecard.columns().stream()
        .filter(c -> !Objects.equals(a.get(c), b.get(c)))
        .map(c -> new String[] {c, String.valueOf(a.get(c)), String.valueOf(b.get(c))})
        .toList();
  }

  private void printJson(PrintWriter out, RecordingReader.Replay r) {
    var mapper = RecordingJson.mapper();
    ObjectNode root = mapper.createObjectNode();
    root.put("file", file.toString());
    root.put("engine", r.header().engine());
    root.put("events", r.events());
    root.put("truncated", r.truncated());
    root.put("equal", r.matches());
    root.set("scorecard", mapper.valueToTree(r.rescored()));
    root.set("recorded", r.recorded() == null ? null : mapper.valueToTree(r.recorded()));
    ArrayNode diffs = root.putArray("differences");
    if (r.recorded() != null) {
      Map<String, Object> a = r.recorded().asMap();
      Map<String, Object> b = r.rescored().asMap();
      for (String[] d : differences(r.recorded(), r.rescored())) {
        ObjectNode n = diffs.addObject();
        n.put("field", d[0]);
        n.set("recorded", mapper.valueToTree(a.get(d[0])));
        n.set("replayed", mapper.valueToTree(b.get(d[0])));
      }
    }
    try {
      out.println(mapper.writerWithDefaultPrettyPrinter().writeValueAsString(root));
    } catch (IOException e) {
      throw new IllegalStateException("a JSON tree always serializes", e);
    }
  }
}
