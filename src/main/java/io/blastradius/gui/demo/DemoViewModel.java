package io.blastradius.gui.demo;

import io.blastradius.gui.common.Fmt;
import io.blastradius.gui.form.RunForm;
import io.blastradius.gui.live.LiveRunViewModel;

import io.blastradius.core.live.LiveSnapshot;
import io.blastradius.core.live.Totals;
import io.blastradius.core.policy.Policies;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * The guided demo for trainers: the small seed scenario under HTTP/1.1, then naive HTTP/2, then
 * the best mitigation the product registers, each step pausing on a caption until Next. Runs go
 * through the live view, so the audience watches the cards and charts. FX thread only.
 */
public final class DemoViewModel {
  /** Preferred mitigations, best first; the first registered one is shown. */
  static final List<String> MITIGATIONS = List.of("h2-adaptive", "h2-go-pending-resets");

  private enum Phase { INTRO, RUNNING, RESULT }

  private record Step(String title, String intro, String policy) {}

  private final LiveRunViewModel live;
  private final Consumer<RunForm> showScenario;
  private final ReadOnlyBooleanWrapper active = new ReadOnlyBooleanWrapper();
  private final ReadOnlyStringWrapper title = new ReadOnlyStringWrapper("");
  private final ReadOnlyStringWrapper caption = new ReadOnlyStringWrapper("");
  private final ReadOnlyStringWrapper stepText = new ReadOnlyStringWrapper("");
  private final ReadOnlyStringWrapper nextText = new ReadOnlyStringWrapper("Next");
  private final ReadOnlyBooleanWrapper nextEnabled = new ReadOnlyBooleanWrapper();
  private final Map<String, Totals> outcomes = new LinkedHashMap<>();
  private List<Step> steps = List.of();
  private int index;
  private Phase phase = Phase.INTRO;

  /**
   * @param showScenario puts the demo's scenario into the form, so the audience sees what runs
   */
  public DemoViewModel(LiveRunViewModel live, Consumer<RunForm> showScenario) {
    this.live = live;
    this.showScenario = showScenario;
  }

  /** The best mitigation registered, or null when there is none to show. */
  static String bestMitigation(List<String> registered) {
    for (String m : MITIGATIONS) if (registered.contains(m)) return m;
    return null;
  }

  public void start() {
    if (live.runningBinding().get()) {
      live.report("Stop the current run before starting the guided demo.");
      return;
    }
    List<Step> s = new ArrayList<>();
    s.add(new Step("The seed scenario",
        "One client sends 1,500 requests one after another, each with a 10 ms timeout, to a healthy"
            + " local server through a fault proxy. Every 500 requests the proxy silently unplugs a"
            + " live TCP flow: no FIN, no RST, the packets just stop, like a dead NAT entry or a"
            + " rebooted middlebox. Watch the connection cards and the failure chart.",
        null));
    s.add(new Step("HTTP/1.1",
        "First, HTTP/1.1 as Go's net/http does it: one request per connection at a time, and a"
            + " request that times out closes its connection at once (persistConn.cancelRequest).",
        "h1"));
    s.add(new Step("HTTP/2, naive pool",
        "Now HTTP/2 as Go did before x/net v0.31 (golang/go#63422), like grpc-go, hyper and .NET:"
            + " a timed-out stream is reset with RST_STREAM and its slot freed at once, so the dead"
            + " connection stays eligible for new requests.",
        "h2-naive"));
    String best = bestMitigation(Policies.ids());
    if (best != null) {
      s.add(new Step("A mitigation: " + best, Policies.info(best).help(), best));
    }
    s.add(new Step("Summary", "", null));
    steps = List.copyOf(s);
    outcomes.clear();
    index = 0;
    active.set(true);
    showStep();
  }

  /** Advances: runs the step's policy, or moves to the next step, or ends the demo. */
  public void next() {
    if (!active.get() || !nextEnabled.get()) return;
    Step st = steps.get(index);
    if (phase == Phase.INTRO && st.policy() != null) {
      runStep(st);
      return;
    }
    if (index + 1 >= steps.size()) {
      exit();
      return;
    }
    index++;
    showStep();
  }

  public void exit() {
    if (phase == Phase.RUNNING) live.stop();
    active.set(false);
    phase = Phase.INTRO;
  }

  private void showStep() {
    Step st = steps.get(index);
    phase = Phase.INTRO;
    title.set(st.title());
    stepText.set("Step " + (index + 1) + " of " + steps.size());
    if (index == steps.size() - 1) {
      caption.set(summary());
      nextText.set("Finish");
    } else {
      caption.set(st.intro());
      nextText.set(st.policy() == null ? "Next" : "Run " + st.policy());
    }
    nextEnabled.set(true);
  }

  private void runStep(Step st) {
    RunForm sc = RunForm.demoSeed(st.policy());
    showScenario.accept(sc);
    phase = Phase.RUNNING;
    nextEnabled.set(false);
    nextText.set("Running…");
    caption.set(st.intro() + "\n\nRunning " + st.policy() + "…");
    int at = index;
    live.start(sc.toRunConfig()).whenComplete((snap, err) -> {
      if (!active.get() || index != at) return;
      phase = Phase.RESULT;
      nextEnabled.set(true);
      nextText.set(index + 1 >= steps.size() ? "Finish" : "Next");
      if (err != null) {
        caption.set("The run could not start: " + err.getMessage());
        return;
      }
      outcomes.put(st.policy(), snap.totals());
      caption.set(result(st.policy(), snap));
    });
  }

  /** The caption after a step's run, with its numbers. */
  static String result(String policy, LiveSnapshot s) {
    Totals t = s.totals();
    String per = t.unplugs() == 0 ? "" : " (" + Fmt.decimal((double) t.failed() / t.unplugs(), 1) + " per unplug)";
    String head = policy + ": " + Fmt.count(t.failed()) + " of " + Fmt.count(t.requests())
        + " requests failed for " + Fmt.count(t.unplugs()) + " unplugs" + per + ". ";
    boolean aboutOne = t.unplugs() > 0 && t.failed() <= 2 * t.unplugs();
    return head + switch (policy) {
      case "h1" -> "Each timeout closed its connection and the next request dialed a fresh one, so a"
          + " dead flow costs HTTP/1.1 about one request" + (aboutOne ? "."
          : "; the other failures are 10 ms timeouts of a busy machine (HTTP/1.1 also pays a new"
              + " TCP handshake after each one).");
      case "h2-naive" -> "The RST_STREAMs never reached the server, yet every reset freed a slot and"
          + " the pool kept putting new requests on the dead connection: one dead flow became a"
          + " cascade of failures, until the run ended.";
      default -> "The policy noticed the dead connection and stopped using it: compare its "
          + "failures per unplug with HTTP/2's.";
    };
  }

  private String summary() {
    StringBuilder b = new StringBuilder("Failed requests for the same 1,500-request scenario:\n");
    outcomes.forEach((p, t) -> b.append("  ").append(p).append(": ").append(Fmt.count(t.failed()))
        .append(" failed for ").append(Fmt.count(t.unplugs())).append(" unplugs\n"));
    if (outcomes.isEmpty()) b.append("  (no runs finished)\n");
    b.append("Run the same scenario over more policies in the Compare tab.");
    return b.toString();
  }

  public ReadOnlyBooleanProperty activeProperty() { return active.getReadOnlyProperty(); }
  public ReadOnlyStringProperty titleProperty() { return title.getReadOnlyProperty(); }
  public ReadOnlyStringProperty captionProperty() { return caption.getReadOnlyProperty(); }
  public ReadOnlyStringProperty stepTextProperty() { return stepText.getReadOnlyProperty(); }
  public ReadOnlyStringProperty nextTextProperty() { return nextText.getReadOnlyProperty(); }
  public ReadOnlyBooleanProperty nextEnabledProperty() { return nextEnabled.getReadOnlyProperty(); }
}
