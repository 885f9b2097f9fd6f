package io.blastradius.gui.log;

import io.blastradius.gui.common.Fmt;
import io.blastradius.gui.common.Fx;

import io.blastradius.core.event.Event;
import io.blastradius.core.live.ConnView;
import io.blastradius.core.live.EventPage;
import io.blastradius.core.live.LiveModel;
import io.blastradius.core.live.LiveSnapshot;
import io.blastradius.gui.log.EventText.KindFilter;
import java.util.ArrayList;
import java.util.List;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The event log: the most recent events (at most {@link #CAP}) that pass the filters, pulled from
 * the {@link LiveModel}'s ring at most every {@link #PERIOD_NANOS} and only while the log is on
 * screen: one batch of list changes per pull, never one per event. Rows keep the event itself;
 * the table formats only the rows it shows. FX thread only.
 */
public final class LogViewModel {
  public static final int CAP = LiveModel.DEFAULT_RING;
  static final long PERIOD_NANOS = 100_000_000L;

  /** One log line: the event and its sequence number in the run. */
  public record LogRow(long seq, Event event) {
    public String time() { return EventText.time(event.t()); }
    public String kind() { return EventText.kind(event); }
    public String conn() { long c = EventText.connId(event); return c == 0 ? "" : Long.toString(c); }
    public String flow() { int f = EventText.flowId(event); return f == 0 ? "" : Integer.toString(f); }
    public String detail() { return EventText.detail(event); }
  }

  private final ObservableList<LogRow> rows = FXCollections.observableArrayList();
  private final ObservableList<LogRow> readOnly = FXCollections.unmodifiableObservableList(rows);
  private final StringProperty connFilter = new SimpleStringProperty("");
  private final ObjectProperty<KindFilter> kindFilter = new SimpleObjectProperty<>(KindFilter.ALL);
  private final BooleanProperty follow = new SimpleBooleanProperty(true);
  private final BooleanProperty active = new SimpleBooleanProperty(false);
  private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper("");
  private LiveModel model;
  private long nextSeq;
  private long lastPull = Long.MIN_VALUE;
  private boolean rebuild = true;
  private long filterConn;
  private int filterFlow;
  private long shown, dropped;

  public LogViewModel() {
    connFilter.addListener((o, a, b) -> rebuild = true);
    kindFilter.addListener((o, a, b) -> rebuild = true);
    active.addListener((o, a, on) -> { if (on) rebuild = true; });
  }

  public void attach(LiveModel m) {
    model = m;
    rows.clear();
    nextSeq = 0;
    rebuild = true;
    lastPull = Long.MIN_VALUE;
  }

  /** Pulls new events when due; {@code fxNanos} is the pulse time. */
  public void update(LiveSnapshot snap, long fxNanos) {
    if (model == null || !active.get()) return;
    if (!rebuild && lastPull != Long.MIN_VALUE && fxNanos - lastPull < PERIOD_NANOS) return;
    lastPull = fxNanos;
    parseConnFilter(snap);
    EventPage page = model.eventsAfter(rebuild ? 0 : nextSeq);
    List<LogRow> batch = new ArrayList<>();
    KindFilter kf = kindFilter.get() == null ? KindFilter.ALL : kindFilter.get();
    List<Event> es = page.events();
    for (int i = 0; i < es.size(); i++) {
      Event e = es.get(i);
      if (kf.test(e) && connOk(e)) batch.add(new LogRow(page.firstSeq() + i, e));
    }
    if (batch.size() > CAP) batch = batch.subList(batch.size() - CAP, batch.size());
    if (rebuild) {
      rows.setAll(batch);
      dropped = page.dropped();
      rebuild = false;
    } else {
      dropped += page.dropped();
      int overflow = rows.size() + batch.size() - CAP;
      if (overflow > 0) rows.remove(0, Math.min(overflow, rows.size()));
      if (!batch.isEmpty()) rows.addAll(batch);
    }
    nextSeq = page.nextSeq();
    shown = rows.size();
    Fx.set(summary, Fmt.count(shown) + " shown of the last " + Fmt.count(Math.min(nextSeq, CAP))
        + " events (" + Fmt.count(nextSeq) + " in the run)");
  }

  private void parseConnFilter(LiveSnapshot snap) {
    String f = connFilter.get() == null ? "" : connFilter.get().trim().replace("#", "");
    filterConn = 0;
    filterFlow = 0;
    if (f.isEmpty()) return;
    try {
      filterConn = Long.parseLong(f);
    } catch (NumberFormatException e) {
      filterConn = -1; // matches nothing; the view shows the field as invalid
      return;
    }
    ConnView c = snap.connection(filterConn);
    if (c != null) filterFlow = c.flowId();
  }

  private boolean connOk(Event e) {
    if (filterConn == 0) return true;
    long c = EventText.connId(e);
    if (c != 0) return c == filterConn;
    int f = EventText.flowId(e);
    return f != 0 && f == filterFlow;
  }

  /** Shows only events about this connection (and its flow). */
  public void filterTo(long connId) {
    connFilter.set(connId == 0 ? "" : Long.toString(connId));
  }

  public void clearFilters() {
    connFilter.set("");
    kindFilter.set(KindFilter.ALL);
  }

  public ObservableList<LogRow> rows() { return readOnly; }
  public StringProperty connFilterProperty() { return connFilter; }
  public ObjectProperty<KindFilter> kindFilterProperty() { return kindFilter; }
  /** Scroll to the newest row as rows arrive. */
  public BooleanProperty followProperty() { return follow; }
  /** The log is on screen; while false nothing is pulled (it rebuilds when shown). */
  public BooleanProperty activeProperty() { return active; }
  public ReadOnlyStringProperty summaryProperty() { return summary.getReadOnlyProperty(); }
}
