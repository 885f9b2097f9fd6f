package io.blastradius.gui.form;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.blastradius.core.clients.RealClients;
import io.blastradius.core.policy.Policies;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javafx.collections.FXCollections;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The policy picker groups its list: "Models" over the first model, "Real clients" over the first
 * real client library; headings are drawn by the cells, never listed as items one could pick.
 */
class PolicyPickerHeadingTest {

  @BeforeAll
  static void toolkit() throws Exception {
    FxToolkit.registerPrimaryStage();
  }

  @Test
  void headingsStartEachGroupAndNothingElse() {
    List<String> ids = new SettingsViewModel().policyIds();
    int models = Policies.ids().size();
    assertEquals(SettingsViewModel.MODELS_HEADING, SettingsViewModel.headingAt(ids, 0));
    assertEquals(SettingsViewModel.REAL_CLIENTS_HEADING, SettingsViewModel.headingAt(ids, models));
    for (int i = 1; i < ids.size(); i++) {
      if (i != models) assertNull(SettingsViewModel.headingAt(ids, i), ids.get(i));
    }
    assertNull(SettingsViewModel.headingAt(ids, ids.size()), "past the end");
    assertEquals(RealClients.ids().size(), ids.size() - models, "every real client is listed, under its heading");
  }

  @Test
  void theCellsDrawTheHeadingsAboveTheirGroupsFirstEntry() throws Exception {
    List<String> ids = new SettingsViewModel().policyIds();
    Map<String, String> drawn = WaitForAsyncUtils.asyncFx(() -> {
      ListView<String> list = new ListView<>(FXCollections.observableArrayList(ids));
      Map<String, String> headings = new LinkedHashMap<>();
      for (int i = 0; i < ids.size(); i++) {
        SettingsPane.PolicyCell cell = new SettingsPane.PolicyCell();
        cell.updateListView(list);
        cell.updateIndex(i);
        Label heading = (Label) cell.getGraphic().lookup(".policy-heading");
        if (heading.isVisible()) headings.put(cell.getItem(), heading.getText());
        Label id = (Label) cell.getGraphic().lookup(".policy-id");
        assertEquals(ids.get(i), id.getText(), "the id is shown under any heading");
      }
      return headings;
    }).get(30, TimeUnit.SECONDS);
    Map<String, String> expected = new LinkedHashMap<>();
    expected.put(Policies.ids().get(0), "Models");
    expected.put(RealClients.ids().get(0), "Real clients");
    assertEquals(expected, drawn);
  }
}
