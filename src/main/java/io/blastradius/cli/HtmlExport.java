package io.blastradius.cli;

import io.blastradius.core.export.AtomicFile;
import io.blastradius.core.export.html.HtmlReport;
import io.blastradius.core.export.html.RunReport;
import io.blastradius.core.record.RecordingException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * {@code export FILE [MORE...] --html OUT}: the HTML report of one recording, or of several side
 * by side. Everything is checked before anything is written; the report is written whole or not
 * at all, and never onto one of its recordings.
 */
final class HtmlExport {
  private HtmlExport() {}

  /**
   * @param checkOther the command's check of a --har/--csv output (null when it is fine)
   * @return the exit code: 0 written, 1 could not write, 2 bad input
   */
  static int run(String me, Path file, List<Path> more, Path html, Path har, Path csv, boolean force,
      Function<Path, String> checkOther, PrintWriter out, PrintWriter err) {
    if (!more.isEmpty() && (har != null || csv != null)) {
      err.println(me + ": --har and --csv take one recording; export several with --html alone");
      return 2;
    }
    if (html == null) {
      err.println(me + ": several recordings (" + more.get(0) + "...) make one report: give --html OUT; --har and --csv take one recording");
      return 2;
    }
    List<Path> inputs = new ArrayList<>();
    inputs.add(file);
    inputs.addAll(more);
    String problem = checkOutput(html, inputs, har, csv, force);
    if (problem == null && har != null) problem = checkOther.apply(har);
    if (problem == null && csv != null) problem = checkOther.apply(csv);
    if (problem != null) {
      err.println(me + ": " + problem);
      return 2;
    }
    List<RunReport> reports = new ArrayList<>();
    for (Path in : inputs) {
      try {
        reports.add(HtmlReport.digest(in));
      } catch (RecordingException e) {
        err.println(me + ": " + e.getMessage());
        return 2;
      }
    }
    try {
      AtomicFile.write(html, force, o -> HtmlReport.write(reports, o));
    } catch (FileAlreadyExistsException e) {
      err.println(me + ": " + html + " already exists (it appeared while exporting); use --force to replace it");
      return 2;
    } catch (IOException e) {
      err.println(me + ": could not write " + html + ": " + (e.getMessage() == null ? e.toString() : e.getMessage()));
      return 1;
    }
    long events = reports.stream().mapToLong(RunReport::events).sum();
    out.println("Wrote " + html + " (HTML report of " + reports.size() + (reports.size() == 1 ? " recording, " : " recordings, ")
        + events + " events, " + size(html) + ")");
    return 0;
  }

  /** Why OUT cannot be written, or null. */
  static String checkOutput(Path html, List<Path> inputs, Path har, Path csv, boolean force) {
    for (Path in : inputs) {
      if (same(html, in)) return "--html " + html + " is the recording " + in + " itself; choose another file for the report";
    }
    if (same(html, har) || same(html, csv)) return "--html and --" + (same(html, har) ? "har" : "csv") + " name the same file, " + html;
    if (Files.isDirectory(html)) return html + " is a directory";
    if (Files.exists(html) && !force) return html + " already exists; use --force to replace it";
    Path dir = html.toAbsolutePath().getParent();
    if (!Files.isDirectory(dir)) return "cannot write " + html + ": no such directory " + dir;
    return null;
  }

  private static boolean same(Path a, Path b) {
    if (a == null || b == null) return false;
    if (a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize())) return true;
    try {
      return Files.exists(a) && Files.exists(b) && Files.isSameFile(a, b); // links, other spellings
    } catch (IOException e) {
      return false;
    }
  }

  private static String size(Path p) {
    try {
      long n = Files.size(p);
      return n >= 1 << 20 ? String.format(java.util.Locale.ROOT, "%.1f MB", n / 1048576.0) : (n + 1023) / 1024 + " KB";
    } catch (IOException e) {
      return "size unknown";
    }
  }
}
