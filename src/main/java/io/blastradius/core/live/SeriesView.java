package io.blastradius.core.live;

import io.blastradius.core.event.Fault;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Per-second counts since the run started: point {@code i} covers run second
 * {@code firstSecond + i}, i.e. [(firstSecond+i) s, (firstSecond+i+1) s). The last point may be a
 * second still in progress. Immutable; at most {@link LiveModel#MAX_SECONDS} points.
 *
 * @param cumulativeFailed failures up to and including each second, counted from the run start
 *     (including seconds no longer kept)
 * @param markers flow faults (unplugs and resets), oldest first, at most {@link
 *     LiveModel#MAX_MARKERS}
 */
public record SeriesView(
    long firstSecond, long[] ok, long[] failed, long[] cumulativeFailed, List<Marker> markers) {

  public static final SeriesView EMPTY = new SeriesView(0, new long[0], new long[0], new long[0], List.of());

  public int size() {
    return ok.length;
  }

  /** Value equality (a record's default compares the arrays by identity). */
  @Override
  public boolean equals(Object o) {
    return o instanceof SeriesView v
        && firstSecond == v.firstSecond
        && Arrays.equals(ok, v.ok)
        && Arrays.equals(failed, v.failed)
        && Arrays.equals(cumulativeFailed, v.cumulativeFailed)
        && markers.equals(v.markers);
  }

  @Override
  public int hashCode() {
    return Objects.hash(firstSecond, Arrays.hashCode(ok), Arrays.hashCode(failed), markers);
  }

  @Override
  public String toString() {
    return "SeriesView[firstSecond=" + firstSecond + ", ok=" + Arrays.toString(ok) + ", failed="
        + Arrays.toString(failed) + ", markers=" + markers + "]";
  }

  /** A flow fault on the timeline; {@code connId} is 0 when the flow had not been joined yet. */
  public record Marker(long t, int flowId, long connId, Fault fault) {
    public double seconds() {
      return t / 1e9;
    }
  }
}
