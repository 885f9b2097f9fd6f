package io.blastradius.gui;

import io.blastradius.gui.compare.Scorer;
import io.blastradius.gui.form.Preset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.UUID;
import java.util.prefs.Preferences;
import org.junit.jupiter.api.Test;

/** The root view model's commands and what the window remembers. */
class WorkbenchModelTest {
  final ScriptedRun.Starter starter = new ScriptedRun.Starter();

  WorkbenchModel model() {
    return new WorkbenchModel(starter, Scorer.standard(), ScriptedRun.DIRECT, ScriptedRun.DIRECT);
  }

  @Test
  void oneThingAtATime() {
    WorkbenchModel m = model();
    assertTrue(m.canStartBinding().get());
    m.start();
    assertFalse(m.canStartBinding().get());
    m.runComparison(); // refused while a live run goes
    assertEquals(1, starter.runs.size());
    m.stop();
    starter.last().done.complete(null);
    assertTrue(m.canStartBinding().get());
  }

  @Test
  void aBadFormIsReportedNotStarted() {
    WorkbenchModel m = model();
    m.settings().policyProperty().set("nope");
    m.start();
    assertTrue(starter.runs.isEmpty());
    assertTrue(m.live().messageProperty().get().startsWith("Cannot start: unknown policy 'nope'"), m.live().messageProperty().get());
  }

  @Test
  void preferencesComeBackInTheNextSession() throws Exception {
    Preferences node = Preferences.userRoot().node("io/blastradius/test-" + UUID.randomUUID());
    try {
      WorkbenchModel first = model();
      new WorkbenchPrefs(node).bind(first);
      first.settings().presetProperty().set(Preset.byId("concurrent"));
      first.settings().policyProperty().set("h2-go-pending-resets");
      first.settings().workersProperty().set(7);
      first.settings().decodeProperty().set(false);
      first.settings().tlsProperty().set(true);
      first.darkProperty().set(true);
      first.presenterProperty().set(true);
      first.compare().select(List.of("h1", "h2-taint"));
      new WorkbenchPrefs(node).saveWindow(10, 20, 1100, 700, false);

      WorkbenchModel second = model();
      WorkbenchPrefs prefs = new WorkbenchPrefs(node);
      prefs.bind(second);
      assertEquals("concurrent", second.settings().presetProperty().get().id());
      assertEquals("h2-go-pending-resets", second.settings().policyProperty().get());
      assertEquals(7, second.settings().workersProperty().get());
      assertFalse(second.settings().decodeProperty().get(), "the wire decoder's choice is remembered");
      assertFalse(second.settings().form().toRunConfig().wire().decode());
      assertTrue(second.settings().tlsProperty().get(), "the TLS toggle is remembered");
      assertTrue(second.settings().form().toRunConfig().wire().tls());
      assertTrue(second.darkProperty().get());
      assertTrue(second.presenterProperty().get());
      assertEquals(List.of("h1", "h2-taint"), second.compare().selectedIds());
      double[] w = prefs.window();
      assertEquals(1100, w[2]);
      assertEquals(700, w[3]);
    } finally {
      node.removeNode();
    }
  }

  @Test
  void aScenarioFileOpensAsAPresetOfItsOwnAndABadOneIsOneLine(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    WorkbenchModel m = model();
    java.nio.file.Path f = dir.resolve("mine.json");
    String seed = java.nio.file.Files.readString(java.nio.file.Path.of("assets/scenarios/seed.json"));
    java.nio.file.Files.writeString(f, seed.replace("\"seed\"", "\"my-seed\"").replace("3000", "1234"));
    assertTrue(m.openScenario(f).get());
    assertEquals("my-seed", m.settings().presetProperty().get().id());
    assertEquals(1234, m.settings().requestsProperty().get());
    assertTrue(m.settings().presets().stream().anyMatch(p -> p.id().equals("my-seed")));
    m.start();
    assertEquals(1234, starter.last().config.load().requests(), "Start runs the opened scenario");

    java.nio.file.Path bad = dir.resolve("bad.json");
    java.nio.file.Files.writeString(bad, "{ not json");
    starter.last().done.complete(null);
    assertFalse(m.openScenario(bad).get());
    assertTrue(m.live().messageProperty().get().startsWith("Could not open the scenario bad.json: "), m.live().messageProperty().get());
    assertEquals(1, m.live().messageProperty().get().lines().count(), "one line");
    assertEquals("my-seed", m.settings().presetProperty().get().id(), "the form stays");
  }
}
