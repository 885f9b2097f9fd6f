package io.blastradius.gui.external;

import io.blastradius.core.event.Event;
import io.blastradius.core.external.ExternalProxy;
import io.blastradius.core.external.SessionCapture;
import io.blastradius.core.record.RecordingHeader;
import io.blastradius.core.record.RecordingWriter;
import io.blastradius.core.util.TempFiles;
import io.blastradius.gui.live.CaptureFiles;
import io.blastradius.gui.live.Recorder;
import io.blastradius.gui.replay.RecordingFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyObjectProperty;

/**
 * Record in the External workspace, as a live run records: every proxy's events into a temporary
 * {@code .blastrec}, with flow ids made unique across the session's proxies ({@link
 * SessionFlowIds}: each proxy numbers its own flows from 1), so a replay shows every proxy's flows;
 * and every proxy's new flows into a temporary pcap ({@link SessionCapture}). The recording names
 * its origin as the CLI's {@code proxy --record} does: scenario {@code external}, policy {@code
 * proxy LISTEN -> UPSTREAM} (with several proxies, each of those recording started with). Stop finishes both; they are then what Save
 * recording… and Save capture… copy, through the Live tab's own {@link RecordingFiles} and
 * {@link CaptureFiles}. Temporary files carry the Live tab's names ({@link Recorder#PREFIX}...), so
 * the same sweep removes those of a process that died.
 *
 * <p>Threading: {@link #accept} on the proxies' event loop (one volatile read, the flow id under
 * the recording's lock, uncontended: the proxies share one loop, and the writer's lock-free queue); {@link #start} and {@link #stop} on the background executor; the file
 * properties change on the FX thread.
 */
final class SessionRecorder {
  private record Active(String what, RecordingWriter writer, Path pcap, SessionFlowIds ids) {}

  private final SessionCapture capture;
  private final Instant sessionStart;
  private final RecordingFiles files;
  private final CaptureFiles captures;
  private volatile Active active;

  /** @param sessionStart the wall-clock time of session time 0 (a recording's {@code createdAt}) */
  SessionRecorder(Executor background, Executor fx, SessionCapture capture, Instant sessionStart) {
    this.capture = capture;
    this.sessionStart = sessionStart;
    this.files = new RecordingFiles(background, fx, TempFiles::delete);
    this.captures = new CaptureFiles(background, fx, TempFiles::delete);
  }

  /** Every proxy's events: while recording, into the recording with their session flow ids. */
  void accept(ExternalProxy p, Event e) {
    Active a = active;
    if (a == null) return;
    synchronized (a) { // the ids and the writer's order agree
      a.writer().accept(a.ids().rewrite(p.name(), e));
    }
  }

  boolean recording() {
    return active != null;
  }

  /** Starts recording every proxy, {@code proxies} those there now (background). Returns what it did, in words. */
  synchronized String start(java.util.Collection<ExternalProxy> proxies) throws IOException {
    if (active != null) throw new IllegalArgumentException("already recording " + active.what());
    if (proxies.isEmpty()) throw new IllegalArgumentException("add a proxy first: Record records the session's proxies");
    String origin = proxies.size() == 1 ? "proxy " + describe(proxies.iterator().next())
        : "proxies " + String.join(", ", proxies.stream().map(SessionRecorder::describe).toList());
    Path rec = TempFiles.createForProcess(null, Recorder.PREFIX, Recorder.SUFFIX);
    RecordingWriter w;
    try {
      w = RecordingWriter.open(rec, RecordingHeader.forRun("external", origin, sessionStart));
    } catch (IOException e) {
      TempFiles.delete(rec);
      throw e;
    }
    Path pcap = TempFiles.createForProcess(null, Recorder.CAPTURE_PREFIX, Recorder.CAPTURE_SUFFIX);
    Files.delete(pcap); // the capture creates it (it never overwrites a file)
    try {
      capture.start(pcap);
    } catch (IOException | RuntimeException e) {
      pcap = null; // recording without a capture
    }
    String what = proxies.size() == 1 ? proxies.iterator().next().name() : "every proxy";
    active = new Active(what, w, pcap, new SessionFlowIds());
    return "recording " + (proxies.size() == 1 ? what + "'s events (and those of proxies added while recording)" : "every proxy's events")
        + (pcap == null ? "" : " and capturing every proxy's new connections")
        + ": Stop, then Save recording… or Save capture…";
  }

  /** Stops (background): the recording and the capture become what Save… copies. */
  synchronized String stop() {
    Active a = active;
    if (a == null) return "not recording";
    active = null;
    files.finish(a.writer());
    if (a.pcap() != null) {
      try {
        capture.stop();
      } catch (IOException e) {
        // The capture's file failed: finish() offers none when it is not there.
      }
      captures.finish(a.pcap());
    }
    return "stopped recording " + a.what() + ": Save recording… or Save capture… keep it";
  }

  private static String describe(ExternalProxy p) {
    return p.listen() + " -> " + p.upstream();
  }

  /** Copies the last recording to {@code target} (FX thread); {@code say} is told how it went. */
  CompletableFuture<Boolean> saveRecording(Path target, Consumer<String> say) {
    if (files.lastRunRecordingProperty().get() == null) {
      say.accept("Nothing to save yet: Record, then Stop; the recording is ready once stopped.");
      return CompletableFuture.completedFuture(false);
    }
    return report(files.save(target), "Saved the recording to " + target + ".", "Could not save the recording to " + target, say);
  }

  /** Copies the last capture to {@code target}; {@code replace}: the user agreed to replace it. */
  CompletableFuture<Boolean> saveCapture(Path target, boolean replace, Consumer<String> say) {
    if (captures.lastRunCaptureProperty().get() == null) {
      say.accept("Nothing to save yet: Record, then Stop; the capture is ready once stopped.");
      return CompletableFuture.completedFuture(false);
    }
    return report(captures.save(target, replace), "Saved the capture (pcap) to " + target + ".",
        "Could not save the capture to " + target, say);
  }

  private static CompletableFuture<Boolean> report(CompletableFuture<Path> f, String ok, String failed, Consumer<String> say) {
    return f.handle((p, err) -> {
      if (err == null) {
        say.accept(ok);
        return true;
      }
      Throwable e = err instanceof java.util.concurrent.CompletionException && err.getCause() != null ? err.getCause() : err;
      say.accept(failed + ": " + (e instanceof java.nio.file.FileAlreadyExistsException
          ? "a file of that name already exists; it was left as it is (choose another name)"
          : e.getMessage() == null ? e.toString() : e.getMessage()));
      return false;
    });
  }

  RecordingFiles files() {
    return files;
  }

  ReadOnlyObjectProperty<Path> lastRecordingProperty() {
    return files.lastRunRecordingProperty();
  }

  ReadOnlyObjectProperty<Path> lastCaptureProperty() {
    return captures.lastRunCaptureProperty();
  }
}
