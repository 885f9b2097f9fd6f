package io.blastradius.core.export.html;

import io.blastradius.core.event.CloseReason;
import io.blastradius.core.event.Event;
import io.blastradius.core.event.Fault;
import io.blastradius.core.event.Outcome;
import io.blastradius.core.policy.Protocol;
import io.blastradius.core.record.RecordingHeader;
import io.blastradius.core.record.RecordingWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

/**
 * Writes a large recording without running anything and without holding its events: {@code
 * workers} concurrent workers on an HTTP/2 pool that rotates to a fresh connection every {@code
 * rotateEvery} requests (so a long run has thousands of connections, the report's worst case), a
 * flow unplugged every {@code unplugEvery} requests whose connection then takes every request
 * until 500 have timed out (golang/go#63422), and a PING every 1,000 requests. Events are written
 * in time order through a queue of what is scheduled (bounded by the workers).
 */
public final class SyntheticRecording {
  private final RecordingWriter out;
  private final SplittableRandom rnd;
  private final PriorityQueue<Item> queue = new PriorityQueue<>();
  private long seq, written, req;
  private long conn;
  private int flow, port = 30000;
  private boolean dead;
  private long onConn, timeoutsOnDead;

  private record Item(long t, long seq, Event event, int worker) implements Comparable<Item> {
    @Override
    public int compareTo(Item o) {
      return t != o.t ? Long.compare(t, o.t) : Long.compare(seq, o.seq);
    }
  }

  private SyntheticRecording(RecordingWriter out, long seed) {
    this.out = out;
    this.rnd = new SplittableRandom(seed);
  }

  /** Writes about {@code events} events to {@code file}; returns how many were written. */
  public static long write(Path file, long events, int workers, int rotateEvery, int unplugEvery, long seed) throws IOException {
    RecordingHeader header = RecordingHeader.forRun("synthetic", "h2-naive", Instant.parse("2025-01-01T00:00:00Z"));
    try (RecordingWriter w = RecordingWriter.open(file, header)) {
      SyntheticRecording s = new SyntheticRecording(w, seed);
      s.run(events, workers, rotateEvery, unplugEvery);
      return s.written;
    }
  }

  private void emit(Event e) {
    out.put(e); // a generator: waits for the disk rather than lose events
    written++;
  }

  private void schedule(long t, Event e, int worker) {
    queue.add(new Item(t, seq++, e, worker));
  }

  private void run(long target, int workers, int rotateEvery, int unplugEvery) {
    emit(new Event.RunStarted(0, "h2-naive", "synthetic"));
    dial(1_000);
    for (int w = 0; w < workers; w++) schedule(2_000_000L + w * 7_000L, null, w); // worker ready
    long t = 0;
    while (written < target) {
      Item it = queue.poll();
      t = it.t();
      if (it.event() != null) {
        emit(it.event());
        continue;
      }
      // A worker is ready: its next request.
      req++;
      if (!dead && unplugEvery > 0 && req % unplugEvery == unplugEvery / 2) {
        emit(new Event.FlowFaulted(t, flow, Fault.UNPLUG, "hold"));
        dead = true;
        timeoutsOnDead = 0;
      }
      if ((dead && timeoutsOnDead >= 500) || (!dead && onConn >= rotateEvery)) {
        emit(new Event.ConnectionClosed(t, conn, dead ? CloseReason.IO_ERROR : CloseReason.IDLE, dead ? "connection timed out" : ""));
        dial(t);
      }
      onConn++;
      int stream = (int) ((onConn * 2 - 1) & 0x7fffffff);
      emit(new Event.RequestStarted(t, req, it.worker()));
      long assigned = t + 2_000 + rnd.nextInt(3_000);
      schedule(assigned, new Event.RequestAssigned(assigned, req, conn, stream), -1);
      long end;
      if (dead) {
        end = t + 10_000_000 + rnd.nextInt(200_000);
        schedule(end, new Event.RequestFinished(end, req, conn, stream, Outcome.TIMEOUT, "timeout after 10ms", end - t), -1);
        schedule(end, new Event.StreamReset(end, conn, stream, 8, true), -1);
        timeoutsOnDead++;
      } else {
        end = assigned + 60_000 + rnd.nextInt(340_000);
        schedule(end, new Event.RequestFinished(end, req, conn, stream, Outcome.OK, null, end - t), -1);
      }
      if (req % 1000 == 0) {
        schedule(t + 1_000, new Event.PingSent(t + 1_000, conn, req), -1);
        if (!dead) schedule(t + 90_000, new Event.PingAcked(t + 90_000, conn, req, 89_000), -1);
      }
      schedule(end + 5_000 + rnd.nextInt(200_000), null, it.worker());
    }
    emit(new Event.ConnectionClosed(t, conn, CloseReason.SHUTDOWN, ""));
    emit(new Event.RunFinished(t, false));
  }

  private void dial(long t) {
    conn++;
    flow++;
    port = port >= 60999 ? 30000 : port + 1;
    emit(new Event.ConnectionDialed(t, conn, Protocol.H2));
    schedule(t + 90_000, new Event.FlowOpened(t + 90_000, flow, port), -1);
    schedule(t + 130_000, new Event.ConnectionReady(t + 130_000, conn, port, 250), -1);
    dead = false;
    onConn = 0;
  }
}
