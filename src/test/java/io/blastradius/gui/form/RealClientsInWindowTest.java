package io.blastradius.gui.form;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.blastradius.core.clients.RealClients;
import io.blastradius.core.policy.Policies;
import io.blastradius.core.run.RunConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Real client libraries in the policy picker: listed after the models, explained, validated. */
class RealClientsInWindowTest {

  @Test
  void thePickerListsTheModelsThenEveryRealClientWithItsVersion() {
    List<String> ids = new SettingsViewModel().policyIds();
    int models = Policies.ids().size();
    assertEquals(Policies.ids(), ids.subList(0, models));
    assertEquals(RealClients.ids(), ids.subList(models, ids.size()));
  }

  @Test
  void aClientsHelpSaysItIsRealAndNamesItsModel() {
    String help = SettingsViewModel.helpFor("okhttp/read-timeout");
    assertTrue(help.startsWith("Real client library. OkHttp 5"), help);
    assertTrue(help.endsWith("Its model: h2-okhttp-degraded"), help);
    assertTrue(SettingsViewModel.helpFor("okhttp/nope").startsWith("unknown client 'okhttp/nope'"));
  }

  @Test
  void theFormValidatesAClientAndCarriesItsVersion() {
    RunConfig c = RunForm.demoSeed("jetty/http2").toRunConfig();
    assertEquals("jetty-" + org.eclipse.jetty.util.Jetty.VERSION + "/http2", c.policy().id());
    assertThrows(IllegalArgumentException.class, () -> RunForm.demoSeed("jetty-1.0/http2").toRunConfig());
  }
}
