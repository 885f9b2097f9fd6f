package io.blastradius.core.export.html;

import io.blastradius.core.event.CloseReason;
import io.blastradius.core.event.Event;
import io.blastradius.core.event.Fault;
import io.blastradius.core.policy.Protocol;
import io.blastradius.core.record.RecordingHeader;
import io.blastradius.core.score.Scorecard;
import java.util.List;
import java.util.Objects;

/**
 * What an HTML report shows of one recording: a fold of its events ({@link RunDigest}), small
 * whatever the length of the run.
 *
 * <p>Kept exactly: the header (scenario, policy, configuration, machine), the scorecard, every
 * fault, every connection with its lifetime, flow, close reason and request totals. Aggregated:
 * requests into time buckets ({@link #bucketNanos} wide, at most {@link RunDigest#TIMELINE_BUCKETS}
 * over the run), per connection and for the run, and into seconds for the per-second chart.
 *
 * @param label what the report calls the run (the recording's file name)
 * @param scorecard the scorecard recomputed from the events
 * @param recorded the scorecard the recording ends with; {@code null} if it has none
 * @param events events read
 * @param endNanos the last event's time (events' times run from the run's start)
 * @param bucketNanos width of a timeline bucket
 * @param finished requests finished per bucket of their finish time: channels ok, failed, cancelled
 * @param secondNanos width of a per-second chart bucket (1 s unless the run is very long)
 * @param perSecond requests finished per second: channels ok, failed, cancelled
 * @param faults every fault, in order
 * @param connections every connection, by id
 * @param unplaced requests that never reached a connection, per bucket of when they started
 *     ({@link RunDigest} lane channels)
 */
public record RunReport(
    String label,
    RecordingHeader header,
    Scorecard scorecard,
    Scorecard recorded,
    long events,
    long endNanos,
    long bucketNanos,
    Counts finished,
    long secondNanos,
    Counts perSecond,
    List<FaultMark> faults,
    List<Connection> connections,
    Counts unplaced) {

  public RunReport {
    Objects.requireNonNull(header, "header");
    Objects.requireNonNull(scorecard, "scorecard");
    faults = List.copyOf(faults);
    connections = List.copyOf(connections);
  }

  /**
   * Counts per bucket for buckets [first, first + length), {@code channels} numbers per bucket,
   * bucket-major. {@code first} is -1 when nothing was counted.
   */
  public record Counts(int first, int length, int channels, int[] data) {
    static Counts of(BucketGrid.Row row) {
      int len = row.length();
      int[] d = new int[len * row.channels()];
      for (int i = 0; i < len; i++) {
        for (int c = 0; c < row.channels(); c++) d[i * row.channels() + c] = row.count(row.first() + i, c);
      }
      return new Counts(row.first(), len, row.channels(), d);
    }

    public int count(int bucket, int channel) {
      if (first < 0 || bucket < first || bucket >= first + length) return 0;
      return data[(bucket - first) * channels + channel];
    }

    /** The sum of a channel over all buckets. */
    public long total(int channel) {
      long n = 0;
      for (int i = 0; i < length; i++) n += data[i * channels + channel];
      return n;
    }
  }

  /**
   * A fault as the proxy applied it.
   *
   * @param connId the connection its flow carried at that moment, 0 if not known
   */
  public record FaultMark(long t, int flowId, long connId, Fault fault, String detail) {}

  /** A policy's verdict on a connection at {@code t}. */
  public record Status(long t, Event.ConnStatus status, String why) {}

  /**
   * One pool connection.
   *
   * @param readyAt -1 if it never became ready; {@code closedAt} -1 if it was open at the end
   * @param flowId the proxy flow carrying it, 0 if never joined
   * @param statuses the policy's verdicts, oldest first, at most {@link RunDigest#MAX_STATUSES}
   * @param statusesDropped verdicts beyond those
   * @param lane its requests per timeline bucket of when they were put on it: channels ok, failed,
   *     cancelled, retried elsewhere, PINGs sent
   */
  public record Connection(
      long id, Protocol protocol, long dialedAt, long readyAt, int localPort, int maxConcurrentStreams,
      int flowId, long closedAt, CloseReason closeReason, String closeDetail, long ok, long failed,
      long cancelled, long retried, long pings, long goAways, List<Status> statuses, int statusesDropped,
      Counts lane) {
    public Connection {
      statuses = List.copyOf(statuses);
    }
  }
}
