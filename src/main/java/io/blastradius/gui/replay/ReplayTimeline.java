package io.blastradius.gui.replay;

import io.blastradius.core.event.Event;
import io.blastradius.core.event.Fault;
import io.blastradius.core.live.LiveModel;
import io.blastradius.core.live.LiveSnapshot;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A recording laid out on its run time, for the replay scrubber: folds its events into a {@link
 * LiveModel} up to any time {@code t}. Moving forward feeds only the events since the last fold
 * into the same model; moving back folds again from the start into a fresh one. Either way the
 * result is the state {@link LiveModel#replay LiveModel.replay(events, t)} would give.
 *
 * <p>Threading: {@link #fold} is pure apart from the model it is handed, and is called off the FX
 * thread (one fold at a time per timeline, so a model is never folded by two threads at once).
 */
public final class ReplayTimeline {
  /** Where a marker click lands: just after the unplug, once its first timeouts have shown. */
  public static final long AFTER_UNPLUG_NANOS = 250_000_000L;

  /** One unplug on the timeline. */
  public record Unplug(long t, int flowId) {}

  /** Any flow fault on the timeline (unplugs, replugs, resets, closes, latency). */
  public record FaultMark(long t, int flowId, io.blastradius.core.event.Fault fault) {}

  /** A model folded up to {@code t}: {@code next} is the index of the first event not fed. */
  public record Fold(LiveModel model, int next, long t, LiveSnapshot snapshot, io.blastradius.core.live.LanesView lanes) {}

  private final List<Event> events;
  private final long end;
  private final List<Unplug> unplugs;
  private final List<FaultMark> faults;

  public ReplayTimeline(List<Event> recorded) {
    List<Event> sorted = new ArrayList<>(recorded);
    sorted.sort(Comparator.comparingLong(Event::t)); // stable: a recording is already in time order
    this.events = List.copyOf(sorted);
    long max = 0;
    List<Unplug> u = new ArrayList<>();
    List<FaultMark> fs = new ArrayList<>();
    for (Event e : events) {
      max = Math.max(max, e.t());
      if (e instanceof Event.FlowFaulted f) fs.add(new FaultMark(f.t(), f.flowId(), f.fault()));
      if (e instanceof Event.FlowFaulted f
          && f.fault().isUnplug()) {
        u.add(new Unplug(f.t(), f.flowId()));
      }
    }
    this.end = max;
    this.unplugs = List.copyOf(u);
    this.faults = List.copyOf(fs);
  }

  /** An empty fold: time 0, nothing fed. */
  public Fold start() {
    LiveModel m = new LiveModel();
    return new Fold(m, 0, -1, m.snapshot(0), m.lanes());
  }

  /**
   * The state at {@code t}, from {@code from}: incremental when {@code t} is not before {@code
   * from.t()}, otherwise from the start into a new model (the returned fold's model then differs).
   */
  public Fold fold(Fold from, long t) {
    LiveModel m = from.model();
    int i = from.next();
    if (t < from.t()) {
      m = new LiveModel();
      i = 0;
    }
    int n = events.size();
    while (i < n && events.get(i).t() <= t) m.accept(events.get(i++));
    return new Fold(m, i, t, m.snapshot(t), m.lanes());
  }

  List<Event> events() { return events; }
  /** The last event's time. */
  public long end() { return end; }
  public List<Unplug> unplugs() { return unplugs; }
  public List<FaultMark> faults() { return faults; }
}
