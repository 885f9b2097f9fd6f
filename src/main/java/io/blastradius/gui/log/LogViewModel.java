package io.blastradius.gui.log;

import io.blastradius.gui.common.Fmt;
import io.blastradius.gui.common.Fx;

import io.blastradius.core.event.Event;
import io.blastradius.core.live.ConnView;
import io.blastradius.core.live.EventPage;
import io.blastradius.core.live.KeyEvents;
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
  private long shown, dropped, requestRows;

  public LogViewModel() {
    connFilter.addListener((o, a, b) -> rebuild = true);
    kindFilter.addListener((o, a, b) -> rebuild = true);
    active.addListener((o, a, on) -> { if (on) rebuild = true; });
  }

  public void attach(LiveModel m) {
    model = m;
    rows.clear();
    nextSeq = 0;
    requestRows = 0;
    rebuild = true;
    lastPull = Long.MIN_VALUE;
    summary.set(""); // never the previous run's figures
  }

  /**
   * Pulls new events when due; {@code fxNanos} is the pulse time. Request events come from the
   * model's ring (the last {@link #CAP}); connection, flow, fault and run events that the ring no
   * longer holds come from its key ring, so they stay findable whatever the request rate. Rows are
   * in run order; when over the cap, the oldest request rows go first.
   */
  public void update(LiveSnapshot snap, long fxNanos) {
    if (model == null || !active.get()) return;
    if (!rebuild && lastPull != Long.MIN_VALUE && fxNanos - lastPull < PERIOD_NANOS) return;
    lastPull = fxNanos;
    parseConnFilter(snap);
    long from = rebuild ? 0 : nextSeq;
    EventPage page = model.eventsAfter(from);
    KindFilter kf = kindFilter.get() == null ? KindFilter.ALL : kindFilter.get();
    List<LogRow> batch = new ArrayList<>();
    // Key events the ring dropped before we read them.
    if (page.firstSeq() > from) {
      KeyEvents keys = model.keyEvents(from, page.firstSeq());
      for (int i = 0; i < keys.events().size(); i++) {
        Event e = keys.events().get(i);
        if (kf.test(e) && connOk(e)) batch.add(new LogRow(keys.seqs()[i], e));
      }
    }
    List<Event> es = page.events();
    for (int i = 0; i < es.size(); i++) {
      Event e = es.get(i);
      if (kf.test(e) && connOk(e)) batch.add(new LogRow(page.firstSeq() + i, e));
    }
    if (rebuild) {
      requestRows = 0;
      rebuild = false;
      dropped = page.dropped();
      for (LogRow r : batch) if (!KeyEvents.isKey(r.event())) requestRows++;
      rows.setAll(trim(batch));
    } else {
      dropped += page.dropped();
      for (LogRow r : batch) if (!KeyEvents.isKey(r.event())) requestRows++;
      if (!batch.isEmpty()) rows.addAll(batch);
      if (requestRows > CAP) {
        List<LogRow> kept = trim(new ArrayList<>(rows));
        rows.setAll(kept);
      }
    }
    nextSeq = page.nextSeq();
    shown = rows.size();
    Fx.set(summary, Fmt.count(shown) + " shown: the last " + Fmt.count(Math.min(nextSeq, CAP))
        + " events and every connection, flow and fault event (" + Fmt.count(nextSeq) + " in the run)");
  }

  /** Drops the oldest request rows beyond {@link #CAP}; key rows stay. */
  private List<LogRow> trim(List<LogRow> all) {
    if (requestRows <= CAP) return all;
    long drop = requestRows - CAP;
    List<LogRow> out = new ArrayList<>(all.size());
    for (LogRow r : all) {
      if (drop > 0 && !KeyEvents.isKey(r.event())) {
        drop--;
        continue;
      }
      out.add(r);
    }
    requestRows = CAP;
    return out;
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
