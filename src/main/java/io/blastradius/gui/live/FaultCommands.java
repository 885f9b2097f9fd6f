package io.blastradius.gui.live;

import io.blastradius.gui.common.RunHandle;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * The cards' fault commands: unplug, replug and reset a connection's flow in the running run. A
 * command only asks the proxy (never waits for it): the card shows "pending" until the fault's
 * event reaches a snapshot, or the call fails, which is one line in the status message. Refused,
 * with a line saying why, on a recording or when the flow is not open in a running run.
 *
 * <p>Threading: FX thread; the proxy's answer comes back through {@code fx}.
 */
final class FaultCommands {
  private final Supplier<RunHandle> running;
  private final BooleanSupplier replaying;
  private final IntSupplier generation;
  private final StatusTexts status;
  private final Executor fx;

  /**
   * {@code running}: the handle of the run shown if it is running (not starting, stopping or
   * ended), else null; {@code replaying}: a recording is shown; {@code generation}: changes when
   * another run or a recording is shown (a late failure of this one is then not reported).
   */
  FaultCommands(Supplier<RunHandle> running, BooleanSupplier replaying, IntSupplier generation,
      StatusTexts status, Executor fx) {
    this.running = running;
    this.replaying = replaying;
    this.generation = generation;
    this.status = status;
    this.fx = fx;
  }

  /** Unplugs the card's flow, or replugs it if unplugged. */
  void toggleUnplug(CardViewModel c) {
    if (c == null) return;
    boolean replug = c.unpluggedProperty().get();
    fault(c, replug ? RunHandle::replug : RunHandle::unplug, replug ? "replug" : "unplug");
  }

  /** Resets (TCP RST) the card's flow. */
  void reset(CardViewModel c) {
    if (c == null) return;
    fault(c, RunHandle::reset, "reset");
  }

  private interface FaultCall {
    CompletableFuture<Void> apply(RunHandle h, int flowId);
  }

  private void fault(CardViewModel c, FaultCall call, String what) {
    RunHandle h = running.get();
    int flow = c.flowId();
    if (replaying.getAsBoolean()) {
      status.say("This is a recording: its flows cannot be unplugged, replugged or reset.");
      return;
    }
    if (h == null || flow == 0 || !c.faultableProperty().get()) {
      status.say("Cannot " + what + " connection #" + c.connId() + ": its flow is not open in a running run.");
      return;
    }
    c.setPending(true);
    int gen = generation.getAsInt();
    CompletableFuture<Void> f;
    try {
      f = call.apply(h, flow);
    } catch (RuntimeException e) {
      f = CompletableFuture.failedFuture(e);
    }
    f.whenComplete((v, err) -> {
      if (err != null) {
        fx.execute(() -> {
          c.setPending(false);
          if (gen == generation.getAsInt()) status.say("Could not " + what + " flow " + flow + ": " + err.getMessage());
        });
      }
      // On success the FlowFaulted event clears "pending" when the snapshot shows it.
    });
  }
}
