package io.blastradius.gui.live;

import io.blastradius.core.event.EventSink;
import io.blastradius.core.record.RecordingWriter;
import io.blastradius.core.run.RunConfig;
import io.blastradius.gui.common.RunHandle;
import io.blastradius.gui.common.RunStarter;
import io.blastradius.gui.common.SimRunStarter;
import io.blastradius.gui.replay.RecordingFiles;
import java.nio.file.Path;

/**
 * Starts a live run recording its events and capturing its flows' bytes as it goes, for Run →
 * Save recording… and Save capture…: both are closed (and offered) when the run is done, and
 * dropped if it cannot start. Called off the FX thread.
 */
final class RecordedRuns {
  private RecordedRuns() {}

  static RunHandle start(RunStarter starter, RunConfig cfg, EventSink shown, Recorder recorder, RecordingFiles files,
      CaptureFiles captures) throws Exception {
    // The recording names no temporary capture file, and says which engine made it.
    RecordingWriter w = recorder.open(cfg, starter instanceof SimRunStarter
        ? io.blastradius.core.run.Engine.SIM : io.blastradius.core.run.Engine.REAL);
    // A simulated run carries no bytes: nothing to capture (and nothing to decode).
    Path pcap = cfg.wire().pcap() == null && !(starter instanceof SimRunStarter) ? recorder.capture(cfg) : null;
    RunConfig run = pcap == null ? cfg : cfg.withWire(cfg.wire().withPcap(pcap));
    try {
      RunHandle h = starter.start(run, w == null ? shown : EventSink.tee(shown, w));
      if (w != null) h.done().whenComplete((v, err) -> files.finish(w));
      if (pcap != null) h.done().whenComplete((v, err) -> captures.finish(pcap));
      return h;
    } catch (Exception | LinkageError e) {
      if (w != null) files.finish(w);
      if (pcap != null) recorder.discard(pcap);
      throw e;
    }
  }
}
