package io.blastradius.gui.form;

import io.blastradius.core.policy.Policies;
import io.blastradius.core.policy.PolicyInfo;
import io.blastradius.core.policy.PolicySpec;
import java.util.List;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The scenario form: preset, policy and load values. Picking a preset fills in its defaults; the
 * user may then change any value. FX thread only.
 */
public final class SettingsViewModel {
  private final ObjectProperty<Preset> preset = new SimpleObjectProperty<>(Preset.byId("seed"));
  private final StringProperty policy = new SimpleStringProperty("h2-naive");
  // ObjectProperty<Integer> so spinners bind to them directly (no weak asObject() intermediates).
  private final ObjectProperty<Integer> workers = new SimpleObjectProperty<>(1);
  private final ObjectProperty<Integer> requests = new SimpleObjectProperty<>(3_000);
  private final ObjectProperty<Integer> timeoutMs = new SimpleObjectProperty<>(10);
  private final ObjectProperty<Integer> delayMs = new SimpleObjectProperty<>(0);
  private final ObjectProperty<Integer> maxStreams = new SimpleObjectProperty<>(250);
  private final ObjectProperty<Integer> faultParam = new SimpleObjectProperty<>(1_000);
  private final BooleanProperty decode = new SimpleBooleanProperty(RunForm.DECODE_BY_DEFAULT);
  private final BooleanProperty tls = new SimpleBooleanProperty(false);
  private final ReadOnlyStringWrapper policyHelp = new ReadOnlyStringWrapper("");
  private final ReadOnlyStringWrapper faultLabel = new ReadOnlyStringWrapper("");
  private final ReadOnlyBooleanWrapper faultParamEnabled = new ReadOnlyBooleanWrapper(true);
  private final ReadOnlyStringWrapper presetDescription = new ReadOnlyStringWrapper("");
  private final ObservableList<Preset> presets = FXCollections.observableArrayList(Preset.all());
  /** The models, then the real client libraries (ids with a slash and the library's version). */
  private final ObservableList<String> policyIds = FXCollections.observableArrayList(
      java.util.stream.Stream.concat(Policies.ids().stream(), io.blastradius.core.clients.RealClients.ids().stream()).toList());

  public SettingsViewModel() {
    preset.addListener((o, a, p) -> applyPreset(p));
    policy.addListener((o, a, p) -> policyHelp.set(helpFor(p)));
    applyPreset(preset.get());
    policyHelp.set(helpFor(policy.get()));
  }

  /**
   * Adds a scenario read from a file to the presets (replacing one of the same name from an earlier
   * file) and selects it.
   */
  public void addScenario(Preset p) {
    presets.removeIf(x -> x.id().equals(p.id()) && !Preset.all().contains(x));
    presets.add(p);
    preset.set(p);
  }

  /** Fills in the preset's defaults (policy is kept). */
  public void applyPreset(Preset p) {
    if (p == null) return;
    if (preset.get() != p) {
      preset.set(p); // the listener comes back here
      return;
    }
    workers.set(p.workers());
    requests.set(p.requests());
    timeoutMs.set(p.timeoutMs());
    delayMs.set(p.delayMs());
    maxStreams.set(p.maxStreams());
    faultParam.set(p.faultParam());
    faultLabel.set(p.faultKind().label);
    faultParamEnabled.set(p.hasFaultParam());
    presetDescription.set(p.description());
  }

  /** The form as a scenario; values missing from a half-typed spinner fall back to the preset's. */
  public RunForm form() {
    Preset p = preset.get();
    return new RunForm(p, policy.get() == null ? "" : policy.get().trim(),
        or(workers, p.workers()), or(requests, p.requests()), or(timeoutMs, p.timeoutMs()),
        or(delayMs, p.delayMs()), or(maxStreams, p.maxStreams()), or(faultParam, p.faultParam()), decode.get(),
        tls.get());
  }

  /** Puts a form's values into the form (prefs, demo). */
  public void load(RunForm s) {
    preset.set(s.preset());
    policy.set(s.policy());
    workers.set(s.workers());
    requests.set(s.requests());
    timeoutMs.set(s.timeoutMs());
    delayMs.set(s.delayMs());
    maxStreams.set(s.maxStreams());
    faultParam.set(s.faultParam());
    decode.set(s.decode());
    tls.set(s.tls());
  }

  private static int or(ObjectProperty<Integer> p, int dflt) {
    Integer v = p.get();
    return v == null ? dflt : v;
  }

  /** The help text of a policy spec's id, or what is wrong with the spec. */
  static String helpFor(String spec) {
    if (spec == null || spec.isBlank()) return "Pick a policy.";
    try {
      PolicySpec ps = PolicySpec.parse(spec);
      if (io.blastradius.core.clients.RealClients.isClient(ps)) {
        io.blastradius.core.clients.RealClients.Info client = io.blastradius.core.clients.RealClients.info(ps);
        return "Real client library. " + client.help() + "\nIts model: " + client.modelFor(ps);
      }
      PolicyInfo info = Policies.info(ps.id());
      return info.help() + "\nModels: " + info.models();
    } catch (IllegalArgumentException e) {
      return e.getMessage();
    }
  }

  /** The picker's heading over the models. */
  public static final String MODELS_HEADING = "Models";
  /** The picker's heading over the real client libraries. */
  public static final String REAL_CLIENTS_HEADING = "Real clients";

  /**
   * The heading the picker shows above {@code ids.get(index)}: {@link #MODELS_HEADING} or {@link
   * #REAL_CLIENTS_HEADING} where a group starts, null elsewhere. Headings are drawn by the cells,
   * not listed as items, so a heading can never be picked as a policy.
   */
  public static String headingAt(List<String> ids, int index) {
    if (index < 0 || index >= ids.size()) return null;
    boolean client = isRealClient(ids.get(index));
    if (index > 0 && isRealClient(ids.get(index - 1)) == client) return null;
    return client ? REAL_CLIENTS_HEADING : MODELS_HEADING;
  }

  /** Whether a picker id names a real client library rather than a model. */
  static boolean isRealClient(String id) {
    try {
      return id != null && io.blastradius.core.clients.RealClients.isClient(PolicySpec.parse(id));
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** Every registered policy, for combo boxes and the compare list. */
  public static List<PolicyInfo> policies() {
    return Policies.all();
  }

  private final javafx.beans.property.StringProperty formError = new javafx.beans.property.SimpleStringProperty("");

  /** A field's text the form could not take ("" when none): Start refuses while it is set. */
  public javafx.beans.property.StringProperty formErrorProperty() { return formError; }
  public ObservableList<String> policyIds() { return policyIds; }
  public ObservableList<Preset> presets() { return presets; }
  public ReadOnlyStringProperty presetDescriptionProperty() { return presetDescription.getReadOnlyProperty(); }
  public ObjectProperty<Preset> presetProperty() { return preset; }
  public StringProperty policyProperty() { return policy; }
  public ObjectProperty<Integer> workersProperty() { return workers; }
  public ObjectProperty<Integer> requestsProperty() { return requests; }
  public ObjectProperty<Integer> timeoutMsProperty() { return timeoutMs; }
  public ObjectProperty<Integer> delayMsProperty() { return delayMs; }
  public ObjectProperty<Integer> maxStreamsProperty() { return maxStreams; }
  public ObjectProperty<Integer> faultParamProperty() { return faultParam; }
  /** Decode the wire (the window has one engine, the real one, so it is always available). */
  public BooleanProperty decodeProperty() { return decode; }
  /** TLS with ALPN between the pool and the server (the live form runs the real engine, which has it). */
  public BooleanProperty tlsProperty() { return tls; }
  public ReadOnlyStringProperty policyHelpProperty() { return policyHelp.getReadOnlyProperty(); }
  public ReadOnlyStringProperty faultLabelProperty() { return faultLabel.getReadOnlyProperty(); }
  public ReadOnlyBooleanProperty faultParamEnabledProperty() { return faultParamEnabled.getReadOnlyProperty(); }
}
