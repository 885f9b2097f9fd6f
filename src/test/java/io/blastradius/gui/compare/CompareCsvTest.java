package io.blastradius.gui.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.blastradius.core.run.Engine;
import io.blastradius.core.score.Scorecard;
import io.blastradius.gui.ScriptedRun;
import io.blastradius.gui.form.Preset;
import io.blastradius.gui.form.RunForm;
import io.blastradius.gui.live.LiveRunViewModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The window's Compare → CSV…: the CLI's compare --csv columns, the engine of each row last. */
class CompareCsvTest {
  @TempDir Path dir;

  final LiveRunViewModel live = new LiveRunViewModel(new ScriptedRun.Starter(), ScriptedRun.DIRECT, ScriptedRun.DIRECT);

  List<String> export(CompareViewModel vm) throws Exception {
    Path f = dir.resolve("c.csv");
    List<Scorecard> cards = vm.results().stream().map(CompareViewModel.Result::score).toList();
    assertEquals(f, live.exportCsv(cards, vm.engines(), f).get());
    return Files.readAllLines(f);
  }

  @Test
  void aSimulatedComparisonsRowsSaySim() throws Exception {
    CompareViewModel vm = new CompareViewModel((c, s) -> {
      throw new AssertionError("the real engine is not used");
    }, Scorer.standard(), ScriptedRun.DIRECT, ScriptedRun.DIRECT);
    vm.select(List.of("h1", "h2-naive"));
    vm.engineProperty().set(Engine.SIM);
    vm.run(RunForm.of(Preset.byId("seed"), "h1"));
    assertEquals(List.of("sim", "sim"), vm.engines());
    List<String> lines = export(vm);
    assertEquals(String.join(",", Scorecard.columns()) + ",engine", lines.get(0));
    assertEquals(3, lines.size());
    assertTrue(lines.get(1).startsWith("h1,") && lines.get(1).endsWith(",sim"), lines.get(1));
    assertTrue(lines.get(2).startsWith("h2-naive,") && lines.get(2).endsWith(",sim"), lines.get(2));
  }

  @Test
  void realRowsSayReal() throws Exception {
    CompareViewModel vm = new CompareViewModel((c, s) -> {
      throw new AssertionError("nothing runs");
    }, Scorer.standard(), ScriptedRun.DIRECT, ScriptedRun.DIRECT);
    Scorecard card = new io.blastradius.core.score.ScoringSink().result("h1");
    vm.show(List.of(new CompareViewModel.Result(card, new io.blastradius.core.live.LiveModel().snapshot(0).series())));
    assertEquals(List.of("real"), vm.engines());
    List<String> lines = export(vm);
    assertTrue(lines.get(1).startsWith("h1,") && lines.get(1).endsWith(",real"), lines.get(1));
  }
}
