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

  /** Which tab a step wants on screen. */
  public enum View { LIVE, COMPARE }

  /** What the demo borrows from the window and gives back at the end. */
  public interface Host {
    /** The user's form, saved at the start and put back at the end. */
    RunForm form();

    /** Puts a form in the settings (the demo's scenario, then the user's own again). */
    void showScenario(RunForm f);

    /** Presenter mode (the demo restores the user's choice at the end). */
    javafx.beans.property.BooleanProperty presenter();

    /** The closing picture: the demo's runs side by side (the Compare tab's charts). */
    void showComparison(List<io.blastradius.gui.compare.CompareViewModel.Result> results);
  }

  /**
   * A step: its caption before and the policy it runs (null: a caption only). {@code real}: a real
   * client library, which runs on real sockets whatever the demo's engine.
   */
  private record Step(String title, String intro, String policy, boolean real) {
    Step(String title, String intro, String policy) {
      this(title, intro, policy, false);
    }
  }

  /** The real client of the optional last steps, and the model checked against it. */
  static final String REAL_CLIENT = "okhttp/call-timeout";
  static final String REAL_CLIENT_MODEL = "h2-okhttp-call-timeout";

  private final LiveRunViewModel live;
  private final Host host;
  private final javafx.beans.property.ReadOnlyObjectWrapper<View> view = new javafx.beans.property.ReadOnlyObjectWrapper<>(View.LIVE);
  private final List<io.blastradius.gui.compare.CompareViewModel.Result> results = new ArrayList<>();
  private RunForm userForm;
  private boolean userPresenter;
  private final ReadOnlyBooleanWrapper active = new ReadOnlyBooleanWrapper();
  /** On (the default): the demo's runs are simulated in virtual time, so they tell the same story every time. */
  private final javafx.beans.property.BooleanProperty simulated = new javafx.beans.property.SimpleBooleanProperty(true);
  /** Off (the default): no real client. On: the same unplug under real OkHttp with a call timeout, after its model. */
  private final javafx.beans.property.BooleanProperty realClient = new javafx.beans.property.SimpleBooleanProperty(false);
  private final ReadOnlyStringWrapper title = new ReadOnlyStringWrapper("");
  private final ReadOnlyStringWrapper caption = new ReadOnlyStringWrapper("");
  private final ReadOnlyStringWrapper stepText = new ReadOnlyStringWrapper("");
  private final ReadOnlyStringWrapper nextText = new ReadOnlyStringWrapper("Next");
  private final ReadOnlyBooleanWrapper nextEnabled = new ReadOnlyBooleanWrapper();
  private final Map<String, Totals> outcomes = new LinkedHashMap<>();
  private List<Step> steps = List.of();
  private int index;
  private Phase phase = Phase.INTRO;

  /** A host that only shows the demo's scenario in the form (tests). */
  public DemoViewModel(LiveRunViewModel live, Consumer<RunForm> showScenario) {
    this(live, new Host() {
      private final javafx.beans.property.BooleanProperty presenter = new javafx.beans.property.SimpleBooleanProperty();

      @Override
      public RunForm form() { return null; }

      @Override
      public void showScenario(RunForm f) { if (f != null) showScenario.accept(f); }

      @Override
      public javafx.beans.property.BooleanProperty presenter() { return presenter; }

      @Override
      public void showComparison(List<io.blastradius.gui.compare.CompareViewModel.Result> r) {}
    });
  }

  public DemoViewModel(LiveRunViewModel live, Host host) {
    this.live = live;
    this.host = host;
    realClient.addListener((o, was, now) -> realClientChanged());
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
    steps = buildSteps();
    outcomes.clear();
    results.clear();
    userForm = host.form();
    userPresenter = host.presenter().get();
    index = 0;
    active.set(true);
    showStep();
  }

  /**
   * Turning the real client on or off during the demo adds or drops its steps before the summary,
   * unless a run is on or the summary is already showing (the steps before stay as they are).
   */
  private void realClientChanged() {
    if (!active.get() || phase == Phase.RUNNING || index >= steps.size() - 1) return;
    steps = buildSteps();
    if (index >= steps.size()) index = steps.size() - 1;
    showStep();
  }

  private List<Step> buildSteps() {
    List<Step> s = new ArrayList<>();
    s.add(new Step("The seed scenario",
        "1,500 requests, one at a time, 10 ms timeout; every 500 requests a TCP flow silently goes dead"
            + " (no FIN, no RST). Watch the request timeline: one lane per connection, red = failed. "
            + engineNote(),
        null));
    s.add(new Step("HTTP/1.1",
        "HTTP/1.1 as Go's net/http does it: a request that times out closes its connection.",
        "h1"));
    s.add(new Step("HTTP/2, naive pool",
        "HTTP/2 as Go did before x/net v0.31 (golang/go#63422): a timed-out stream is reset, its slot"
            + " freed, and the dead connection keeps taking requests.",
        "h2-naive"));
    String best = bestMitigation(Policies.ids());
    if (best != null) {
      s.add(new Step("A mitigation: " + best, shortHelp(best), best));
    }
    if (realClient.get()) {
      s.add(new Step("The model of OkHttp's call timeout",
          shortHelp(REAL_CLIENT_MODEL) + " Next, the real library under the same unplugs.", REAL_CLIENT_MODEL));
      s.add(new Step("The same unplug under real OkHttp",
          "OkHttp 5 itself, with a 10 ms call timeout (the whole-call deadline most code sets), through the"
              + " same fault proxy to the same server; its connections and PINGs are read from the wire."
              + " A real library runs on real sockets in real time, whatever the demo's engine.",
          REAL_CLIENT, true));
    }
    s.add(new Step("Summary", "", null));
    return List.copyOf(s);
  }

  /** What the first caption says about the engine the demo's runs use. */
  private String engineNote() {
    return simulated.get()
        ? "Simulated in virtual time: the same story, with the same numbers, every time (each run takes a moment)."
        : "On real sockets in real time: a busy machine may change a number or two.";
  }

  /** Asks for a tab even if it was asked for before (the user may have moved away since). */
  private void steer(View v) {
    view.set(null);
    view.set(v);
  }

  /** The first sentence of a policy's help: a caption, not a manual. */
  static String shortHelp(String id) {
    String h = Policies.info(id).help();
    int dot = h.indexOf(". ");
    return dot < 0 ? h : h.substring(0, dot + 1);
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

  /** Ends the demo: stops its run, and gives the user back their form, presenter mode and the Live tab. */
  public void exit() {
    if (!active.get()) return;
    if (phase == Phase.RUNNING) live.stop();
    active.set(false);
    phase = Phase.INTRO;
    if (userForm != null) host.showScenario(userForm);
    host.presenter().set(userPresenter);
    steer(View.LIVE);
  }

  private void showStep() {
    Step st = steps.get(index);
    phase = Phase.INTRO;
    title.set(st.title());
    stepText.set("Step " + (index + 1) + " of " + steps.size());
    steer(View.LIVE);
    if (index == steps.size() - 1) {
      caption.set(summary());
      nextText.set("Finish");
      host.showComparison(List.copyOf(results));
      steer(View.COMPARE); // the closing picture: the runs side by side
    } else {
      caption.set(st.intro());
      nextText.set(st.policy() == null ? "Next" : "Run " + st.policy());
    }
    nextEnabled.set(true);
  }

  private void runStep(Step st) {
    RunForm sc = RunForm.demoSeed(st.policy());
    host.showScenario(sc);
    steer(View.LIVE);
    phase = Phase.RUNNING;
    nextEnabled.set(false);
    nextText.set("Running…");
    caption.set("Running " + st.policy() + "… " + st.intro());
    int at = index;
    io.blastradius.core.run.Engine engine = simulated.get() && !st.real()
        ? io.blastradius.core.run.Engine.SIM : io.blastradius.core.run.Engine.REAL;
    live.start(sc.toRunConfig(), engine).whenComplete((snap, err) -> {
      if (!active.get() || index != at) return;
      phase = Phase.RESULT;
      nextEnabled.set(true);
      nextText.set(index + 1 >= steps.size() ? "Finish" : "Next");
      if (err != null) {
        caption.set("The run could not start: " + err.getMessage());
        return;
      }
      Totals model = st.real() ? outcomes.get(REAL_CLIENT_MODEL) : null;
      outcomes.put(st.policy(), snap.totals());
      io.blastradius.core.score.Scorecard card = live.scorecardProperty().get();
      if (card != null) results.add(new io.blastradius.gui.compare.CompareViewModel.Result(card, snap.series(),
          live.charts().frameProperty().get().lanes(), engine));
      caption.set(st.real() ? realResult(st.policy(), snap, model) : result(st.policy(), snap));
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
      case "h1" -> "One red mark per dead flow: each timeout closed its connection"
          + (aboutOne ? "." : "; the rest are timeouts of a busy machine.");
      case "h2-naive" -> "A wall of red on the dead connection's lane: every reset freed a slot for the next request.";
      default -> "It stopped using the dead connection: compare its red with HTTP/2's.";
    };
  }

  /** The caption after the real client's run: its numbers beside its model's from the step before. */
  static String realResult(String client, LiveSnapshot s, Totals model) {
    Totals t = s.totals();
    String head = client + " (real OkHttp, real sockets): " + Fmt.count(t.failed()) + " of " + Fmt.count(t.requests())
        + " requests failed for " + Fmt.count(t.unplugs()) + " unplugs";
    if (model == null) return head + ".";
    return head + "; its model " + REAL_CLIENT_MODEL + ": " + Fmt.count(model.failed()) + " of "
        + Fmt.count(model.requests()) + " for " + Fmt.count(model.unplugs()) + ". A call timeout cancels the call and"
        + " resets its stream but sends no PING, so the real library cascades on the dead connection like its model.";
  }

  private String summary() {
    StringBuilder b = new StringBuilder("Same scenario, failed requests"
        + (simulated.get() ? " (simulated engine: the same every time): " : " (real engine): "));
    List<String> parts = new ArrayList<>();
    outcomes.forEach((p, t) -> parts.add(p + ": " + Fmt.count(t.failed()) + " failed for " + Fmt.count(t.unplugs()) + " unplugs"));
    b.append(parts.isEmpty() ? "no runs finished" : String.join(" · ", parts)).append(". The Compare tab has more policies.");
    return b.toString();
  }

  /** The tab the current step wants on screen. */
  public javafx.beans.property.ReadOnlyObjectProperty<View> viewProperty() { return view.getReadOnlyProperty(); }
  public ReadOnlyBooleanProperty activeProperty() { return active.getReadOnlyProperty(); }
  /** Simulated engine (default, the same story every time) or real sockets; read when a step runs. */
  public javafx.beans.property.BooleanProperty simulatedProperty() { return simulated; }
  /** Adds the optional last steps before the summary: OkHttp's call-timeout model, then real OkHttp (real engine). */
  public javafx.beans.property.BooleanProperty realClientProperty() { return realClient; }
  public ReadOnlyStringProperty titleProperty() { return title.getReadOnlyProperty(); }
  public ReadOnlyStringProperty captionProperty() { return caption.getReadOnlyProperty(); }
  public ReadOnlyStringProperty stepTextProperty() { return stepText.getReadOnlyProperty(); }
  public ReadOnlyStringProperty nextTextProperty() { return nextText.getReadOnlyProperty(); }
  public ReadOnlyBooleanProperty nextEnabledProperty() { return nextEnabled.getReadOnlyProperty(); }
}
