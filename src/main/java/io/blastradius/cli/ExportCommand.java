package io.blastradius.cli;

import io.blastradius.core.event.Event;
import io.blastradius.core.export.AtomicFile;
import io.blastradius.core.export.HarExporter;
import io.blastradius.core.export.HarWriter;
import io.blastradius.core.record.RecordingException;
import io.blastradius.core.record.RecordingReader;
import io.blastradius.core.score.ScoreAccumulator;
import io.blastradius.core.score.Scorecard;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code export FILE --har OUT --csv OUT}: a recording's requests as HAR 1.2, its scorecard as
 * CSV. An output is written to a hidden file beside it and renamed into place, so it is either
 * whole or absent; an existing one is kept unless {@code --force}. The recording is streamed: a
 * recording of any size exports in bounded memory. The input is never an output (checked through
 * links), and something that is not a regular file (a device, a pipe) is never replaced.
 */
@Command(
    name = "export",
    description = {
      "Export a recording: its requests as a HAR 1.2 log (one entry per request, for HAR viewers"
          + " and browser dev tools) and/or its scorecard as CSV.",
      "A truncated recording exports the events read intact, with a warning."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:written",
      "1:an output could not be written (nothing half-written is left)",
      "2:bad input: FILE is not a usable recording, no output given, or an output exists (use"
          + " --force)"
    })
public final class ExportCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "FILE", description = "a .blastrec recording")
  Path file;

  @Parameters(index = "1..*", arity = "0..*", paramLabel = "MORE",
      description = "more recordings, for --html only: one report that compares them")
  List<Path> more = new ArrayList<>();

  @Option(names = "--html", paramLabel = "OUT",
      description = "write a self-contained HTML report (charts, timeline, scorecards) to OUT;"
          + " a truncated recording is refused, as by replay")
  Path html;

  @Option(names = "--har", paramLabel = "OUT", description = "write the requests as HAR 1.2 to OUT")
  Path har;

  @Option(names = "--csv", paramLabel = "OUT", description = "write the scorecard as CSV to OUT")
  Path csv;

  @Option(names = "--force", description = "replace an output file that already exists")
  boolean force;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help and exit")
  boolean help;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try {
      return export(out, err);
    } finally {
      out.flush();
      err.flush();
    }
  }

  private int export(PrintWriter out, PrintWriter err) {
    String me = spec.qualifiedName();
    if (html != null || !more.isEmpty()) {
      int code = HtmlExport.run(me, file, more, html, har, csv, force, this::checkOutput, out, err);
      if (code != 0 || (har == null && csv == null)) return code;
    }
    String problem = checkArguments();
    if (problem != null) {
      err.println(me + ": " + problem);
      return 2;
    }
    // One streaming pass: the HAR is written as the events are read, the scorecard folded
    // alongside; no output holds the recording's events in memory.
    ScoreAccumulator score = new ScoreAccumulator();
    long[] entries = {0};
    Path current = null;
    try (RecordingReader reader = RecordingReader.open(file)) {
      if (har != null) {
        current = har;
        AtomicFile.write(har, force, o -> {
          HarWriter w = HarWriter.open(HarExporter.run(reader.header()), o);
          Event e;
          while ((e = reader.next()) != null) {
            w.accept(e);
            score.accept(e);
          }
          entries[0] = w.finish();
        });
      } else {
        Event e;
        while ((e = reader.next()) != null) score.accept(e);
      }
      if (reader.truncated() && reader.truncationMessage().contains("checksum")) {
        err.println(me + ": warning: " + reader.truncationMessage() + "; exported as read");
      } else if (reader.truncated()) {
        err.println(me + ": warning: " + file + " is truncated or damaged; exported the "
            + reader.eventsRead() + " events read intact");
      }
      if (har != null) out.println("Wrote " + har + " (" + entries[0] + " requests)");
      if (csv != null) {
        current = csv;
        Scorecard card = score.result(reader.header().policy());
        AtomicFile.write(csv, force, o -> {
          Writer w = new OutputStreamWriter(o, StandardCharsets.UTF_8);
          Scorecard.writeCsv(List.of(card), w);
          w.flush();
        });
        out.println("Wrote " + csv + " (scorecard)");
      }
      return 0;
    } catch (RecordingException e) {
      // The recording is at fault (not a recording, a bad line): nothing was written.
      err.println(me + ": " + e.getMessage());
      return 2;
    } catch (FileAlreadyExistsException e) {
      err.println(me + ": " + current + " already exists (it appeared while exporting); use --force to replace it");
      return 2;
    } catch (IOException e) {
      err.println(me + ": could not write " + current + ": " + (e.getMessage() == null ? e.toString() : e.getMessage()));
      return 1;
    }
  }

  /** Everything about the arguments that can be checked before reading: one line, or null. */
  private String checkArguments() {
    if (har == null && csv == null) return "nothing to export: give --har OUT and/or --csv OUT";
    if (har != null && csv != null && sameFile(har, csv)) return "--har and --csv name the same file, " + har;
    for (Path o : outputs()) {
      String problem = checkOutput(o);
      if (problem != null) return problem;
    }
    return null;
  }

  private List<Path> outputs() {
    return har == null ? List.of(csv) : csv == null ? List.of(har) : List.of(har, csv);
  }

  private String checkOutput(Path o) {
    if (sameFile(o, file)) {
      return o + " is the recording being exported (" + file + "): choose another output, the input is never overwritten";
    }
    if (Files.isDirectory(o)) return o + " is a directory";
    if (Files.exists(o) && !Files.isRegularFile(o)) {
      return o + " exists and is not a regular file (a device, a pipe or a socket): it is never replaced; choose a file";
    }
    if (Files.exists(o) && !force) return o + " already exists; use --force to replace it";
    Path dir = o.toAbsolutePath().getParent();
    if (!Files.isDirectory(dir)) return "cannot write " + o + ": no such directory " + dir;
    return null;
  }

  /**
   * Whether two paths name one file: the same path, or (when both exist) the same file through a
   * symbolic or hard link ({@link Files#isSameFile} compares the file keys).
   */
  static boolean sameFile(Path a, Path b) {
    if (a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize())) return true;
    try {
      return Files.exists(a) && Files.exists(b) && Files.isSameFile(a, b);
    } catch (IOException | SecurityException e) {
      return false;
    }
  }
}
