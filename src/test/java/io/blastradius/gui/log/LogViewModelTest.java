package io.blastradius.gui.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.blastradius.core.event.Event;
import io.blastradius.core.event.Fault;
import io.blastradius.core.event.Outcome;
import io.blastradius.core.live.LiveModel;
import io.blastradius.core.policy.Protocol;
import io.blastradius.gui.log.EventText.KindFilter;
import org.junit.jupiter.api.Test;

/** The event log: bounded, filtered, pulled in batches only while shown. */
class LogViewModelTest {
  static final long MS = 1_000_000L;
  final LiveModel model = new LiveModel();
  final LogViewModel vm = new LogViewModel();

  void pull(long fxNanos) {
    vm.update(model.snapshot(0), fxNanos);
  }

  void conn(long id, int flow, int port) {
    model.accept(new Event.FlowOpened(0, flow, port));
    model.accept(new Event.ConnectionDialed(0, id, Protocol.H2));
    model.accept(new Event.ConnectionReady(0, id, port, 250));
  }

  @Test
  void nothingIsPulledWhileTheLogIsHiddenAndItRebuildsWhenShown() {
    vm.attach(model);
    conn(1, 5, 40000);
    pull(0);
    assertEquals(0, vm.rows().size());
    vm.activeProperty().set(true);
    pull(1);
    assertEquals(3, vm.rows().size());
    assertEquals("flow-opened", vm.rows().get(0).kind());
  }

  @Test
  void pullsAreBatchedAtMostTenTimesASecond() {
    vm.attach(model);
    vm.activeProperty().set(true);
    pull(0);
    model.accept(new Event.RequestStarted(1, 1, 0));
    pull(50 * MS);
    assertEquals(0, vm.rows().size(), "too soon");
    pull(100 * MS);
    assertEquals(1, vm.rows().size());
  }

  @Test
  void theConnectionFilterKeepsItsEventsAndItsFlowsEvents() {
    vm.attach(model);
    vm.activeProperty().set(true);
    conn(1, 5, 40000);
    conn(2, 6, 40001);
    model.accept(new Event.FlowFaulted(MS, 5, Fault.UNPLUG, ""));
    model.accept(new Event.FlowFaulted(MS, 6, Fault.UNPLUG, ""));
    vm.filterTo(1);
    pull(0);
    assertEquals(4, vm.rows().size(), "opened, dialed, ready, fault of conn 1 / flow 5");
    assertTrue(vm.rows().stream().allMatch(r -> r.conn().equals("1") || r.flow().equals("5")));
  }

  @Test
  void theKindFilterAndClearing() {
    vm.attach(model);
    vm.activeProperty().set(true);
    conn(1, 5, 40000);
    model.accept(new Event.RequestStarted(MS, 1, 0));
    model.accept(new Event.RequestFinished(2 * MS, 1, 1, 1, Outcome.TIMEOUT, "timeout", MS));
    model.accept(new Event.RequestStarted(MS, 2, 0));
    model.accept(new Event.RequestFinished(2 * MS, 2, 1, 3, Outcome.OK, null, MS));
    vm.kindFilterProperty().set(KindFilter.FAILURES);
    pull(0);
    assertEquals(1, vm.rows().size());
    assertTrue(vm.rows().get(0).detail().contains("TIMEOUT"));
    vm.clearFilters();
    pull(1);
    assertEquals(7, vm.rows().size());
  }

  @Test
  void theLogHoldsAtMostTheCap() {
    vm.attach(model);
    vm.activeProperty().set(true);
    for (int i = 0; i < LogViewModel.CAP + 500; i++) model.accept(new Event.RequestStarted(i, i, 0));
    pull(0);
    assertEquals(LogViewModel.CAP, vm.rows().size());
    for (int i = 0; i < 300; i++) model.accept(new Event.RequestStarted(i, i, 0));
    pull(LogViewModel.PERIOD_NANOS);
    assertEquals(LogViewModel.CAP, vm.rows().size());
    assertEquals(LogViewModel.CAP + 800 - 1, vm.rows().get(LogViewModel.CAP - 1).seq(), "newest last");
    assertTrue(vm.summaryProperty().get().startsWith("10,000 shown"), vm.summaryProperty().get());
  }

  @Test
  void faultsAndLifecycleEventsStayFindableInABusyRunWhateverTheCap() {
    vm.attach(model);
    vm.activeProperty().set(true);
    conn(1, 5, 40000);
    model.accept(new Event.FlowFaulted(MS, 5, Fault.UNPLUG, ""));
    pull(0);
    // 50,000 requests push the unplug out of the 10,000-event ring, in several pulls and in one.
    long t = 2 * MS;
    for (int i = 1; i <= 50_000; i++) {
      model.accept(new Event.RequestStarted(t, i, 0));
      model.accept(new Event.RequestFinished(t, i, 1, 1, Outcome.TIMEOUT, "t", MS));
      if (i % 20_000 == 0) pull(i * 1000L * MS);
    }
    model.accept(new Event.FlowFaulted(t, 5, Fault.REPLUG, ""));
    pull(100_000 * 1000L * MS);
    assertTrue(vm.rows().stream().anyMatch(r -> r.event() instanceof Event.FlowFaulted f && f.fault() == Fault.UNPLUG),
        "the unplug is still in the log");
    assertTrue(vm.rows().size() <= LogViewModel.CAP + 10, "bounded: " + vm.rows().size());
    vm.kindFilterProperty().set(KindFilter.FLOWS);
    pull(100_001 * 1000L * MS);
    assertEquals(java.util.List.of("flow-opened", "flow-fault", "flow-fault"),
        vm.rows().stream().map(LogViewModel.LogRow::kind).toList(), "unplug and replug, found by their kind");
    assertTrue(vm.summaryProperty().get().contains("100,005 in the run"), vm.summaryProperty().get());
  }

  @Test
  void anotherRunStartsWithAnEmptyFooterNotThePreviousFigures() {
    vm.attach(model);
    vm.activeProperty().set(true);
    conn(1, 5, 40000);
    pull(0);
    assertTrue(vm.summaryProperty().get().startsWith("3 shown"));
    vm.attach(new LiveModel());
    assertEquals("", vm.summaryProperty().get());
    assertEquals(0, vm.rows().size());
  }
}
