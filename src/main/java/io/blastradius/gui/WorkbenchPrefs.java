package io.blastradius.gui;

import io.blastradius.gui.compare.CompareViewModel;
import io.blastradius.gui.form.Preset;
import io.blastradius.gui.form.RunForm;
import io.blastradius.gui.form.SettingsViewModel;

import java.util.Arrays;
import java.util.List;
import java.util.prefs.BackingStoreException;
import java.util.prefs.Preferences;

/**
 * What the window remembers between sessions, in a {@link Preferences} node passed in (the app
 * uses the user node of this package; tests use a throw-away node). {@code Preferences.put} only
 * updates memory; the JDK writes the backing store on its own timer thread and at exit, so
 * saving from the FX thread does no I/O there.
 */
public final class WorkbenchPrefs {
  private final Preferences node;

  public WorkbenchPrefs(Preferences node) {
    this.node = node;
  }

  public static WorkbenchPrefs user() {
    return new WorkbenchPrefs(Preferences.userNodeForPackage(WorkbenchPrefs.class));
  }

  /** Reads saved values into the model, then saves every later change. */
  public void bind(WorkbenchModel m) {
    SettingsViewModel s = m.settings();
    RunForm d = s.form();
    Preset preset = Preset.byId(node.get("preset", d.preset().id()));
    s.load(new RunForm(preset, node.get("policy", d.policy()),
        node.getInt("workers", preset.workers()), node.getInt("requests", preset.requests()),
        node.getInt("timeoutMs", preset.timeoutMs()), node.getInt("delayMs", preset.delayMs()),
        node.getInt("maxStreams", preset.maxStreams()), node.getInt("faultParam", preset.faultParam()),
        node.getBoolean("decode", d.decode()), node.getBoolean("tls", d.tls())));
    m.darkProperty().set(node.getBoolean("dark", false));
    m.presenterProperty().set(node.getBoolean("presenter", false));
    String cmp = node.get("comparePolicies", "");
    if (!cmp.isEmpty()) m.compare().select(Arrays.asList(cmp.split(",")));

    String rec = node.get("recentFiles", "");
    m.recent().load(rec.isEmpty() ? List.of() : Arrays.stream(rec.split("\n")).map(java.nio.file.Path::of).toList(),
        l -> put("recentFiles", String.join("\n", l.stream().map(Object::toString).toList())));

    s.presetProperty().addListener((o, a, v) -> put("preset", v.id()));
    s.policyProperty().addListener((o, a, v) -> { if (v != null) put("policy", v); });
    s.workersProperty().addListener((o, a, v) -> { if (v != null) putInt("workers", v); });
    s.requestsProperty().addListener((o, a, v) -> { if (v != null) putInt("requests", v); });
    s.timeoutMsProperty().addListener((o, a, v) -> { if (v != null) putInt("timeoutMs", v); });
    s.delayMsProperty().addListener((o, a, v) -> { if (v != null) putInt("delayMs", v); });
    s.maxStreamsProperty().addListener((o, a, v) -> { if (v != null) putInt("maxStreams", v); });
    s.faultParamProperty().addListener((o, a, v) -> { if (v != null) putInt("faultParam", v); });
    s.decodeProperty().addListener((o, a, v) -> putBoolean("decode", v));
    s.tlsProperty().addListener((o, a, v) -> putBoolean("tls", v));
    m.darkProperty().addListener((o, a, v) -> putBoolean("dark", v));
    m.presenterProperty().addListener((o, a, v) -> putBoolean("presenter", v));
    for (CompareViewModel.Choice c : m.compare().choices()) {
      c.selectedProperty().addListener((o, a, v) -> put("comparePolicies", String.join(",", m.compare().selectedIds())));
    }
  }

  /** Window geometry: x, y, width, height, maximized (NaN/false when never saved). */
  public double[] window() {
    return new double[] {
      node.getDouble("winX", Double.NaN), node.getDouble("winY", Double.NaN),
      node.getDouble("winW", 1280), node.getDouble("winH", 800), node.getBoolean("winMax", false) ? 1 : 0
    };
  }

  public void saveWindow(double x, double y, double w, double h, boolean maximized) {
    putBoolean("winMax", maximized);
    if (maximized) return; // keep the normal size for the next start
    putDouble("winX", x);
    putDouble("winY", y);
    putDouble("winW", w);
    putDouble("winH", h);
  }

  // Preferences are a convenience: a removed or unwritable node must never break the window.
  private void put(String k, String v) {
    try {
      node.put(k, v);
    } catch (IllegalStateException ignored) {
      // node removed
    }
  }

  private void putInt(String k, int v) {
    put(k, Integer.toString(v));
  }

  private void putBoolean(String k, boolean v) {
    put(k, Boolean.toString(v));
  }

  private void putDouble(String k, double v) {
    put(k, Double.toString(v));
  }

  public String get(String key) {
    try {
      return node.get(key, null);
    } catch (IllegalStateException e) {
      return null;
    }
  }

  /** Writes the backing store now; call off the FX thread (it is file I/O). */
  public void flush() {
    try {
      node.flush();
    } catch (BackingStoreException | IllegalStateException ignored) {
      // Preferences are a convenience: failing to save them must not break anything.
    }
  }

  /** Removes the node (tests). */
  public void removeAll() {
    try {
      node.removeNode();
    } catch (BackingStoreException | IllegalStateException ignored) {
      // already gone
    }
  }

  static List<String> keys() {
    return List.of("preset", "policy", "workers", "requests", "timeoutMs", "delayMs", "maxStreams",
        "faultParam", "decode", "tls", "dark", "presenter", "comparePolicies", "winX", "winY", "winW", "winH", "winMax");
  }
}
