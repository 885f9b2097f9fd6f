package io.blastradius.gui.live;

import io.blastradius.gui.common.Fmt;
import io.blastradius.gui.common.Fx;

import io.blastradius.core.event.CloseReason;
import io.blastradius.core.live.ConnState;
import io.blastradius.core.live.ConnView;
import io.blastradius.core.proxy.FlowInfo.FlowState;
import io.blastradius.core.wire.FlowWire;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * One connection card: read-only properties a {@code ConnectionCard} binds to. Updated once per
 * pulse from the latest {@link ConnView}; a property fires only when its value changed. FX thread
 * only.
 */
public final class CardViewModel {
  /** Closed cards fade out over this long, then leave. */
  public static final long FADE_NANOS = 5_000_000_000L;

  private final long connId;
  private final StringProperty title = new SimpleStringProperty("");
  private final StringProperty flowText = new SimpleStringProperty("");
  private final ObjectProperty<ConnState> state = new SimpleObjectProperty<>(ConnState.CONNECTING);
  private final StringProperty stateText = new SimpleStringProperty("");
  private final StringProperty whyText = new SimpleStringProperty("");
  private final IntegerProperty active = new SimpleIntegerProperty();
  private final IntegerProperty held = new SimpleIntegerProperty();
  private final IntegerProperty max = new SimpleIntegerProperty();
  private final StringProperty occupancyText = new SimpleStringProperty("");
  private final StringProperty countsText = new SimpleStringProperty("");
  private final StringProperty lifeText = new SimpleStringProperty("");
  private final StringProperty pingText = new SimpleStringProperty("");
  private final BooleanProperty unplugged = new SimpleBooleanProperty();
  private final BooleanProperty faultable = new SimpleBooleanProperty();
  private final BooleanProperty pending = new SimpleBooleanProperty();
  private final StringProperty toggleText = new SimpleStringProperty("Unplug");
  private final DoubleProperty opacity = new SimpleDoubleProperty(1);
  private final BooleanProperty selected = new SimpleBooleanProperty();
  private final StringProperty wireText = new SimpleStringProperty("");
  private final BooleanProperty wireDisagrees = new SimpleBooleanProperty();
  /** The wire's latest view of the flow and the run time it was taken at, for the frame lane. */
  private final ObjectProperty<FlowWire> wireState = new SimpleObjectProperty<>();
  private long wireNow;
  /** Run time since which the wire's open streams and the pool's active ones differ, or -1. */
  private long disagreeSince = -1;
  private ConnView view;
  private boolean gone;
  /** Pulse time of the next refresh (CardsViewModel's pacing). */
  long nextRefresh;
  /** Whether the view shows this card in its viewport (off-screen cards refresh less often). */
  private boolean onScreen = true;

  public CardViewModel(long connId) {
    this.connId = connId;
  }

  /** Takes the connection's latest state as of run time {@code now}. */
  public void update(ConnView v, long now) {
    ConnView old = view;
    view = v;
    if (old != v) { // views are cached per connection: same object, nothing changed
      Fx.set(title, "#" + v.connId() + " · " + (v.protocol() == null ? "?" : v.protocol().name()));
      Fx.set(flowText, v.flowId() == 0 ? "flow ? · port " + (v.localPort() == 0 ? "?" : v.localPort())
          : "flow " + v.flowId() + " · port " + v.localPort() + flowSuffix(v.flowState()));
      Fx.set(state, v.state());
      Fx.set(stateText, stateText(v));
      Fx.set(whyText, whyText(v));
      Fx.set(active, v.active());
      Fx.set(held, v.held());
      Fx.set(max, v.peerMax());
      Fx.set(occupancyText, Fmt.occupancy(v.active(), v.held(), v.peerMax()));
      Fx.set(countsText, "ok " + Fmt.count(v.ok()) + " · failed " + Fmt.count(v.failed())
          + (v.cancelled() > 0 ? " · cancelled " + Fmt.count(v.cancelled()) : ""));
      Fx.set(unplugged, v.unplugged());
      Fx.set(faultable, v.flowId() != 0 && !v.closed() && v.flowState() != FlowState.CLOSED);
      Fx.set(toggleText, v.unplugged() ? "Replug" : "Unplug");
      if (old == null || old.unplugged() != v.unplugged() || old.flowState() != v.flowState()) {
        Fx.set(pending, false); // the fault the user asked for arrived
      }
    }
    // Time-based texts move with now even when the connection did not change.
    if (v.closed()) {
      Fx.set(lifeText, "closed " + Fmt.ago(now - v.closedAt()) + " ago");
      Fx.set(pingText, "");
    } else {
      Fx.set(lifeText, v.lastLifeAt() < 0 ? "no sign of life yet"
          : now - v.lastLifeAt() < 100_000_000L ? "last sign of life: just now"
          : "last sign of life " + Fmt.ago(now - v.lastLifeAt()) + " ago");
      Fx.set(pingText, v.pingOutstanding() ? "PING outstanding " + Fmt.ago(now - v.pingSentAt()) : "");
    }
    double op = 1;
    if (v.closed()) {
      op = v.closeReason() == CloseReason.SHUTDOWN ? 0.6
          : Math.max(0, 1 - (double) (now - v.closedAt()) / FADE_NANOS);
    }
    Fx.set(opacity, Math.round(op * 20) / 20.0); // 5 % steps: no relayout every pulse
    gone = v.closed() && v.closeReason() != CloseReason.SHUTDOWN && now - v.closedAt() >= FADE_NANOS;
  }

  /**
   * The state in one word, and for a connection the pool closed, why in two. A connection closed
   * by the run's end keeps the state it had at the end of the load (the model reports it), and
   * its card says it was shut down underneath.
   */
  static String stateText(ConnView v) {
    if (v.closed() && v.closeReason() != null && v.closeReason() != CloseReason.SHUTDOWN && v.state() == ConnState.CLOSED) {
      return "CLOSED (" + v.closeReason().name().toLowerCase().replace('_', ' ') + ")";
    }
    return v.state().name();
  }

  /** Why the policy set its status, without a countdown that would go stale; how it closed. */
  static String whyText(ConnView v) {
    String why = v.statusWhy() == null ? "" : STALE_COUNTDOWN.matcher(v.statusWhy()).replaceAll("");
    if (!v.closed() || v.closeReason() == null) return why;
    String how = switch (v.closeReason()) {
      case SHUTDOWN -> "shut down when the run ended";
      case PEER_CLOSED -> v.flowId() != 0 ? "the server closed it (FIN), e.g. after a replug of a long-dead flow" : "the server closed it (FIN)";
      case REQUEST_ABORTED -> "closed by the pool: a request on it timed out (HTTP/1)";
      case IDLE -> "closed by the pool: idle";
      case EVICTED -> "evicted: the policy judged it dead";
      case DRAINED -> "drained: closed after its last stream";
      case GOAWAY -> "closed after the server's GOAWAY";
      case IO_ERROR -> "lost: a socket error (reset, refused)";
    };
    return why.isEmpty() ? how : how + " · " + why;
  }

  /** A policy's "verdict due in 3ms" is true when said and stale a pulse later: the PING line shows the live age. */
  private static final java.util.regex.Pattern STALE_COUNTDOWN =
      java.util.regex.Pattern.compile(",? *(verdict )?due in [0-9.]+ ?(ns|µs|us|ms|s)\\b");

  /**
   * How long the wire and the pool may differ before the card says so: a request is on the pool's
   * books a moment before its HEADERS cross the proxy, and an answer a moment after.
   */
  public static final long WIRE_GRACE_NANOS = 1_000_000_000L;

  /**
   * The proxy's wire decoder's view of this card's flow ({@code null}: decoder off or flow unknown),
   * as of run time {@code now}: streams open on the wire beside the pool's active ones. A difference
   * that lasts {@link #WIRE_GRACE_NANOS} on a plugged flow means one of the two accounts is wrong,
   * and is flagged. An unplugged flow is not flagged: the wire sees no new streams on it by design.
   */
  void wire(FlowWire w, long now) {
    wireNow = now;
    wireState.set(w); // a new object per snapshot: the lane redraws at the card's refresh pace
    if (w == null || view == null) {
      disagreeSince = -1;
      Fx.set(wireText, "");
      Fx.set(wireDisagrees, false);
      return;
    }
    if (w.undecoded() != null) {
      disagreeSince = -1;
      Fx.set(wireText, "wire: undecoded");
      Fx.set(wireDisagrees, false);
      return;
    }
    int pool = view.active();
    boolean differ = w.openStreams() != pool && !view.unplugged() && !view.closed();
    if (!differ) disagreeSince = -1;
    else if (disagreeSince < 0) disagreeSince = now;
    boolean flagged = differ && now - disagreeSince >= WIRE_GRACE_NANOS;
    Fx.set(wireText, "wire: " + w.openStreams() + " open" + (flagged ? " ≠ pool " + pool : "")
        + (view.unplugged() ? " (unplugged: no new frames seen)" : ""));
    Fx.set(wireDisagrees, flagged);
  }

  private static String flowSuffix(FlowState s) {
    if (s == null || s == FlowState.PLUGGED) return "";
    return switch (s) {
      case UNPLUGGED -> " · unplugged";
      case UNPLUGGED_UPSTREAM -> " · unplugged up";
      case UNPLUGGED_DOWNSTREAM -> " · unplugged down";
      case CLOSED -> " · flow closed";
      default -> "";
    };
  }

  /** The state, flow state or policy status differ from what the card shows: refresh now. */
  boolean stateChanged(ConnView v) {
    ConnView old = view;
    return old == null || old.state() != v.state() || old.flowState() != v.flowState()
        || old.closed() != v.closed() || old.flowId() != v.flowId();
  }

  /** Faded out completely: the cards list drops it. */
  boolean gone() {
    return gone;
  }

  /** Told by the view: the card is (partly) inside the scrolled viewport. */
  public void setOnScreen(boolean on) {
    if (on && !onScreen) nextRefresh = Long.MIN_VALUE; // coming into view: refresh at once
    onScreen = on;
  }

  boolean onScreen() {
    return onScreen;
  }

  void setPending(boolean p) {
    pending.set(p);
  }

  void setSelected(boolean s) {
    Fx.set(selected, s);
  }

  public long connId() { return connId; }
  /** The latest view, or null before the first update. */
  public ConnView view() { return view; }
  public int flowId() { return view == null ? 0 : view.flowId(); }
  public ReadOnlyStringProperty titleProperty() { return title; }
  public ReadOnlyStringProperty flowTextProperty() { return flowText; }
  public ReadOnlyObjectProperty<ConnState> stateProperty() { return state; }
  public ReadOnlyStringProperty stateTextProperty() { return stateText; }
  public ReadOnlyStringProperty whyTextProperty() { return whyText; }
  public ReadOnlyIntegerProperty activeProperty() { return active; }
  public ReadOnlyIntegerProperty heldProperty() { return held; }
  public ReadOnlyIntegerProperty maxProperty() { return max; }
  public ReadOnlyStringProperty occupancyTextProperty() { return occupancyText; }
  public ReadOnlyStringProperty countsTextProperty() { return countsText; }
  public ReadOnlyStringProperty lifeTextProperty() { return lifeText; }
  public ReadOnlyStringProperty pingTextProperty() { return pingText; }
  public ReadOnlyBooleanProperty unpluggedProperty() { return unplugged; }
  /** The flow is known and open: unplug/replug/reset make sense. */
  public ReadOnlyBooleanProperty faultableProperty() { return faultable; }
  /** A fault was asked for and has not shown up in the events yet. */
  public ReadOnlyBooleanProperty pendingProperty() { return pending; }
  public ReadOnlyStringProperty toggleTextProperty() { return toggleText; }
  public ReadOnlyDoubleProperty opacityProperty() { return opacity; }
  public ReadOnlyBooleanProperty selectedProperty() { return selected; }
  /** The wire's open streams for this flow, "" when the wire decoder is off. */
  public ReadOnlyStringProperty wireTextProperty() { return wireText; }
  /** The wire and the pool have disagreed for longer than {@link #WIRE_GRACE_NANOS}. */
  public ReadOnlyBooleanProperty wireDisagreesProperty() { return wireDisagrees; }
  /** The wire decoder's latest state of this flow (null when off), for the frame timeline. */
  public ReadOnlyObjectProperty<FlowWire> wireStateProperty() { return wireState; }
  /** Run time of {@link #wireStateProperty()}'s value. */
  public long wireNow() { return wireNow; }
}
