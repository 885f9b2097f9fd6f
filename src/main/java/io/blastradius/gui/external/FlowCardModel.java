package io.blastradius.gui.external;

import io.blastradius.core.proxy.FlowInfo;
import io.blastradius.core.proxy.FlowInfo.FlowState;
import io.blastradius.core.wire.FlowWire;
import java.util.Locale;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * One flow's card: read-only properties the view binds to, updated from a snapshot once per
 * pulse. FX thread only.
 */
public final class FlowCardModel {
  private final String proxy;
  private final int flowId;
  private final ReadOnlyStringWrapper title = new ReadOnlyStringWrapper();
  private final ReadOnlyStringWrapper state = new ReadOnlyStringWrapper();
  private final ReadOnlyStringWrapper traffic = new ReadOnlyStringWrapper();
  private final ReadOnlyStringWrapper latency = new ReadOnlyStringWrapper();
  private final ReadOnlyStringWrapper wire = new ReadOnlyStringWrapper("");
  private final ReadOnlyBooleanWrapper unplugged = new ReadOnlyBooleanWrapper();
  private final ReadOnlyBooleanWrapper closed = new ReadOnlyBooleanWrapper();
  private final ReadOnlyObjectWrapper<Lane> lane = new ReadOnlyObjectWrapper<>(new Lane(null, 0));
  private final boolean replayed;
  private FlowInfo info;
  private FlowWire wireSeen;

  /** What the flow's frame lane draws: the wire decoder's marks as of session time {@code now}. */
  public record Lane(FlowWire wire, long now) {}

  /** @param replayed the flow is from a recording: nothing to unplug, no bytes counted */
  FlowCardModel(String proxy, FlowInfo info, FlowWire wire, long now, boolean replayed) {
    this.proxy = proxy;
    this.flowId = info.id();
    this.replayed = replayed;
    update(info, wire, now);
  }

  /** As {@link #update(FlowInfo, FlowWire)}, the frame lane moved on to session time {@code now}. */
  void update(FlowInfo f, FlowWire w, long now) {
    update(f, w);
    Lane l = lane.get();
    // Redrawn when frames arrive and as time slides them left (five times a second: a few hundred marks at most).
    if (l.wire() != w || (w != null && l.now() != now)) lane.set(new Lane(w, now));
  }

  /**
   * Flags first, then the state text: listeners of the state see flags that match it.
   *
   * @param w the wire's view of the flow, or null when it is not decoded
   */
  void update(FlowInfo f, FlowWire w) {
    if (!java.util.Objects.equals(w, wireSeen)) {
      wireSeen = w;
      wire.set(wireText(w));
    }
    if (f.equals(info)) return;
    info = f;
    title.set(proxy + " · flow " + f.id());
    unplugged.set(f.state() != FlowState.PLUGGED && f.state() != FlowState.CLOSED);
    closed.set(f.state() == FlowState.CLOSED);
    state.set(f.state().name().replace('_', ' '));
    traffic.set(replayed ? (f.clientPort() == 0 ? "opened before the recording" : "client :" + f.clientPort()) + " · recorded"
        : "client :" + f.clientPort() + " · up " + bytes(f.upBytes()) + " · down " + bytes(f.downBytes())
        + (f.heldBytes() > 0 ? " · held " + bytes(f.heldBytes()) : ""));
    latency.set(f.latencyNanos() > 0 ? "+" + f.latencyNanos() / 1_000_000 + " ms" : "");
  }

  /** "wire h2 · streams open 3/250 · opened 14 · reset 11", or why the flow is not decoded. */
  static String wireText(FlowWire w) {
    if (w == null) return "";
    if (w.undecoded() != null) return "wire: undecoded (" + w.undecoded() + ")";
    if (w.protocol().isEmpty()) return "wire: not yet known";
    return "wire " + w.protocol() + " · streams open " + w.openStreams()
        + (w.serverMaxStreams() >= 0 ? "/" + w.serverMaxStreams() : "") + " · opened " + w.streamsOpened()
        + " · reset " + (w.resetsFromClient() + w.resetsFromServer());
  }

  static String bytes(long n) {
    if (n < 1000) return n + " B";
    if (n < 1_000_000) return String.format(Locale.ROOT, "%.1f kB", n / 1e3);
    return String.format(Locale.ROOT, "%.1f MB", n / 1e6);
  }

  public String proxy() { return proxy; }
  public int flowId() { return flowId; }
  public FlowInfo info() { return info; }
  public ReadOnlyStringProperty titleProperty() { return title.getReadOnlyProperty(); }
  public ReadOnlyStringProperty stateProperty() { return state.getReadOnlyProperty(); }
  public ReadOnlyStringProperty trafficProperty() { return traffic.getReadOnlyProperty(); }
  /** The wire decoder's stream counts for this flow ("" when the flow is not decoded). */
  public ReadOnlyStringProperty wireProperty() { return wire.getReadOnlyProperty(); }
  public ReadOnlyStringProperty latencyProperty() { return latency.getReadOnlyProperty(); }
  public ReadOnlyBooleanProperty unpluggedProperty() { return unplugged.getReadOnlyProperty(); }
  public ReadOnlyBooleanProperty closedProperty() { return closed.getReadOnlyProperty(); }
  /** The frame lane's data: changes as frames arrive and as time moves on. */
  public javafx.beans.property.ReadOnlyObjectProperty<Lane> laneProperty() { return lane.getReadOnlyProperty(); }
  /** From a recording: the fault buttons do not apply. */
  public boolean replayed() { return replayed; }
}
