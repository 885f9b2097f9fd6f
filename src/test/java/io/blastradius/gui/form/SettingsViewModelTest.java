package io.blastradius.gui.form;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.blastradius.core.event.Fault;
import io.blastradius.core.load.FaultPlan;
import io.blastradius.core.run.RunConfig;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The scenario form: presets fill it, its values become the run's configuration. */
class SettingsViewModelTest {
  final SettingsViewModel vm = new SettingsViewModel();

  @Test
  void offersTheShippedPresetsThenManual() {
    List<String> ids = vm.presets().stream().map(Preset::id).toList();
    assertEquals(List.of("seed", "concurrent", "healthy-cancel", "slow-handler", "latency-spike", "strict-pings", "manual"), ids);
  }

  @Test
  void theSeedPresetFillsTheFormAndRunsUnplugEvery() {
    vm.presetProperty().set(Preset.byId("seed"));
    assertEquals(1, vm.workersProperty().get());
    assertEquals(3_000, vm.requestsProperty().get());
    assertEquals(10, vm.timeoutMsProperty().get());
    assertEquals(1_000, vm.faultParamProperty().get());
    assertEquals("Unplug every (req.)", vm.faultLabelProperty().get());
    vm.faultParamProperty().set(250);
    vm.requestsProperty().set(900);
    RunConfig c = vm.form().toRunConfig();
    assertEquals(900, c.load().requests());
    assertEquals(List.of(new FaultPlan.UnplugEvery(250)), c.faults().steps());
    assertTrue(vm.presetDescriptionProperty().get().contains("golang/go#63422"));
  }

  @Test
  void theConcurrentPresetUnplugsOnceAtTheFormsRequest() {
    vm.presetProperty().set(Preset.byId("concurrent"));
    assertEquals(32, vm.workersProperty().get());
    vm.faultParamProperty().set(1234);
    vm.maxStreamsProperty().set(100);
    vm.delayMsProperty().set(3);
    RunConfig c = vm.form().toRunConfig();
    assertEquals(List.of(new FaultPlan.At(1234, Fault.UNPLUG, null, null)), c.faults().steps());
    assertEquals(100, c.server().maxConcurrentStreams());
    assertEquals(Duration.ofMillis(3), c.server().delay().a());
    assertEquals(32, c.load().workers());
  }

  @Test
  void otherPresetsKeepTheirOwnFaultsStallsAndPolicyParameters() {
    vm.presetProperty().set(Preset.byId("latency-spike"));
    assertFalse(vm.faultParamEnabledProperty().get());
    assertEquals(Fault.LATENCY, ((FaultPlan.At) vm.form().toRunConfig().faults().steps().get(0)).fault());

    vm.presetProperty().set(Preset.byId("slow-handler"));
    assertEquals(0.05, vm.form().toRunConfig().server().delay().stallFraction(), 1e-9, "stalls survive the form");

    vm.presetProperty().set(Preset.byId("strict-pings"));
    vm.policyProperty().set("h2-interval-ping");
    assertEquals("30ms", vm.form().toRunConfig().policy().params().get("period"), "the scenario's parameters");
    vm.policyProperty().set("h2-interval-ping:period=2s");
    assertEquals("2s", vm.form().toRunConfig().policy().params().get("period"), "the user's win");
  }

  @Test
  void manualSchedulesNoFaults() {
    vm.presetProperty().set(Preset.byId("manual"));
    assertEquals(List.of(), vm.form().toRunConfig().faults().steps());
    assertFalse(vm.faultParamEnabledProperty().get());
  }

  @Test
  void aBadPolicyIsExplainedInTheHelpAndRefusedOnStart() {
    vm.policyProperty().set("h2-nope");
    assertTrue(vm.policyHelpProperty().get().startsWith("unknown policy 'h2-nope'"), vm.policyHelpProperty().get());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> vm.form().toRunConfig());
    assertTrue(e.getMessage().contains("h2-nope"));
    vm.policyProperty().set("h1+max-streams=3");
    assertThrows(IllegalArgumentException.class, () -> vm.form().toRunConfig());
    vm.policyProperty().set("h2-naive+max-streams=100");
    assertEquals(100, vm.form().toRunConfig().policy().maxStreams());
  }

  @Test
  void theHelpNamesTheRealClient() {
    vm.policyProperty().set("h2-go-pending-resets");
    assertTrue(vm.policyHelpProperty().get().contains("Models:"));
  }

  @Test
  void decodingTheWireIsOnByDefaultAndTheRunConfigCarriesTheCheckbox() {
    assertTrue(vm.decodeProperty().get(), "decoding costs little (README, What decoding costs): on by default");
    assertTrue(vm.form().toRunConfig().wire().decode());
    vm.decodeProperty().set(false);
    RunConfig off = vm.form().toRunConfig();
    assertFalse(off.wire().decode());
    assertFalse(off.wire().tls(), "decoding alone turns on nothing else");
    assertEquals(null, off.wire().pcap());
    vm.decodeProperty().set(true);
    assertTrue(vm.form().toRunConfig().wire().decode());
    vm.presetProperty().set(Preset.byId("concurrent"));
    assertTrue(vm.form().toRunConfig().wire().decode(), "a preset leaves the choice alone");
    vm.load(vm.form().withDecode(false));
    assertFalse(vm.decodeProperty().get(), "loading a form (prefs, demo, a recording) sets the checkbox");
  }

  @Test
  void aRecordingsFormKeepsWhetherItDecoded() {
    vm.decodeProperty().set(false);
    RunConfig c = vm.form().toRunConfig();
    RunForm back = RunForm.fromRecording(io.blastradius.core.record.RecordingHeader.forRun(c, java.time.Instant.EPOCH));
    assertFalse(back.decode());
    RunConfig on = c.withWire(c.wire().withDecode(true));
    assertTrue(RunForm.fromRecording(io.blastradius.core.record.RecordingHeader.forRun(on, java.time.Instant.EPOCH)).decode());
  }

  @Test
  void theTlsToggleReachesTheRunConfigAndIsInterceptedWhenTheWireIsDecoded() {
    assertFalse(vm.tlsProperty().get(), "cleartext unless asked");
    assertFalse(vm.form().toRunConfig().wire().tls());
    vm.tlsProperty().set(true);
    RunConfig decoded = vm.form().toRunConfig();
    assertTrue(decoded.wire().tls(), "the pool dials TLS with ALPN");
    assertTrue(decoded.wire().decode());
    assertTrue(decoded.wire().intercept(), "decoding TLS needs the proxy to terminate it");
    vm.decodeProperty().set(false);
    RunConfig relayed = vm.form().toRunConfig();
    assertTrue(relayed.wire().tls());
    assertFalse(relayed.wire().intercept(), "not decoded: the encrypted bytes are relayed untouched");
    vm.presetProperty().set(Preset.byId("concurrent"));
    assertTrue(vm.form().toRunConfig().wire().tls(), "a preset leaves the choice alone");
    vm.load(vm.form().withTls(false));
    assertFalse(vm.tlsProperty().get(), "loading a form sets the toggle");
    vm.load(vm.form().withTls(true));
    RunForm back = RunForm.fromRecording(io.blastradius.core.record.RecordingHeader.forRun(
        vm.form().toRunConfig(), java.time.Instant.EPOCH));
    assertTrue(back.tls(), "a recording's form keeps its TLS");
  }

  @Test
  void tlsWithARealClientLibraryIsRefusedInOneLine() {
    vm.tlsProperty().set(true);
    vm.policyProperty().set(io.blastradius.core.clients.RealClients.ids().get(0));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> vm.form().toRunConfig());
    assertTrue(e.getMessage().startsWith("TLS is for the product's pool"), e.getMessage());
    assertFalse(e.getMessage().contains("\n"));
  }
}
