package io.blastradius.core.export.html;

import io.blastradius.core.event.Event;
import io.blastradius.core.export.AtomicFile;
import io.blastradius.core.record.RecordingException;
import io.blastradius.core.record.RecordingReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One recording, or several side by side, as a single HTML file that needs nothing else to be
 * read: its stylesheet, its scripts (the vendored uPlot chart library, see {@code
 * vendor/uplot/VERSION}, then the report's own in three parts: {@code report-base.js}, the run
 * model; {@code report-charts.js}; {@code report.js}, the page) and its data are inlined, so it
 * opens from {@code file://} with no network.
 *
 * <p>Building one is a fold: {@link #digest} streams a recording through a {@link RunDigest} and
 * keeps only the digest, so a million-event recording costs no more memory than a small one
 * (beyond its connections and faults).
 */
public final class HtmlReport {
  private static final String BASE = "/io/blastradius/core/export/html/";
  private static final String DATA_MARK = "/*@DATA*/";

  private HtmlReport() {}

  /**
   * Reads {@code recording} event by event into a report.
   *
   * @throws RecordingException if the file is not a readable recording, or is truncated, damaged
   *     or without its summary line (one line, as {@code replay} words it)
   */
  public static RunReport digest(Path recording) throws RecordingException {
    try (RecordingReader r = RecordingReader.open(recording)) {
      RunDigest d = new RunDigest();
      Event e;
      while ((e = r.next()) != null) d.accept(e);
      if (r.truncated()) {
        throw new RecordingException(recording, recording + " is truncated or damaged after " + r.eventsRead()
            + " intact events: no summary to compare with");
      }
      if (r.summary().isEmpty()) {
        throw new RecordingException(recording, recording + " has no summary line to compare with ("
            + r.eventsRead() + " events read)");
      }
      Path name = recording.getFileName();
      return d.result(name == null ? recording.toString() : name.toString(), r.header(), r.summary().get());
    }
  }

  /**
   * Writes the report of {@code recordings} (one, or several compared) to {@code out}, whole or
   * not at all; never onto one of the recordings.
   *
   * @param replace whether an existing {@code out} may be replaced
   * @return the number of events read
   * @throws RecordingException if a recording cannot be used (nothing is written)
   * @throws IOException if {@code out} is one of the recordings or cannot be written
   */
  public static long export(List<Path> recordings, Path out, boolean replace) throws IOException {
    if (recordings.isEmpty()) throw new IllegalArgumentException("no recording to report on");
    for (Path in : recordings) {
      boolean same = in.toAbsolutePath().normalize().equals(out.toAbsolutePath().normalize())
          || (Files.exists(out) && Files.exists(in) && Files.isSameFile(in, out));
      if (same) throw new IOException(out + " is the recording " + in + " itself; choose another file for the report");
    }
    List<RunReport> runs = new ArrayList<>();
    for (Path in : recordings) runs.add(digest(in));
    AtomicFile.write(out, replace, o -> write(runs, o));
    return runs.stream().mapToLong(RunReport::events).sum();
  }

  /** Writes the report of {@code runs} (one or more) as UTF-8 HTML. Does not close {@code out}. */
  public static void write(List<RunReport> runs, OutputStream out) throws IOException {
    Objects.requireNonNull(runs, "runs");
    if (runs.isEmpty()) throw new IllegalArgumentException("a report needs at least one run");
    String uplot = "\n" + resource("vendor/uplot/uPlot.iife.min.js") + "\n";
    String script = "\n" + String.join("\n", resource("report-base.js"), resource("report-charts.js"), resource("report.js")) + "\n";
    // The page may run its two scripts and nothing else, and may load nothing at all.
    String csp = "default-src 'none'; script-src " + sha256(uplot) + " " + sha256(script)
        + "; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";
    Map<String, String> parts = Map.of(
        "/*@STYLE*/", resource("vendor/uplot/uPlot.min.css") + "\n" + resource("report.css"),
        "@CSP", csp,
        "@TITLE", title(runs),
        "/*@UPLOT*/", uplot,
        "/*@SCRIPT*/", script);
    String template = resource("report.html");
    int at = template.indexOf(DATA_MARK);
    if (at < 0) throw new IllegalStateException("report.html has no data mark");
    Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
    w.write(fill(template.substring(0, at), parts));
    ReportJson.write(runs, w);
    w.write(fill(template.substring(at + DATA_MARK.length()), parts));
    w.flush();
  }

  private static final Pattern MARK = Pattern.compile("/\\*@[A-Z]+\\*/|@[A-Z]+");

  /** The template with its marks replaced; what is put in is never scanned for marks again. */
  private static String fill(String template, Map<String, String> parts) {
    Matcher m = MARK.matcher(template);
    StringBuilder b = new StringBuilder(template.length() + 256 * 1024);
    while (m.find()) {
      String part = parts.get(m.group());
      m.appendReplacement(b, Matcher.quoteReplacement(part != null ? part : m.group()));
    }
    m.appendTail(b);
    return b.toString();
  }

  /** A CSP source for an inline script: {@code 'sha256-BASE64'} of its exact text. */
  static String sha256(String script) {
    try {
      byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest(script.getBytes(StandardCharsets.UTF_8));
      return "'sha256-" + java.util.Base64.getEncoder().encodeToString(d) + "'";
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  private static String title(List<RunReport> runs) {
    StringBuilder b = new StringBuilder("BlastRadius report: ");
    for (int i = 0; i < runs.size(); i++) {
      if (i > 0) b.append(" vs ");
      b.append(runs.get(i).header().scenario()).append(" / ").append(runs.get(i).header().policy());
    }
    return b.toString().replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  /** A resource of the report, as text. */
  static String resource(String name) {
    try (InputStream in = HtmlReport.class.getResourceAsStream(BASE + name)) {
      if (in == null) throw new IllegalStateException("missing report resource " + BASE + name);
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
