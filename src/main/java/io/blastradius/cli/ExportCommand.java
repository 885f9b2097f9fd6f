package io.blastradius.cli;

import io.blastradius.core.event.Event;
import io.blastradius.core.export.AtomicFile;
import io.blastradius.core.export.HarExporter;
import io.blastradius.core.record.Recording;
import io.blastradius.core.record.RecordingException;
import io.blastradius.core.record.RecordingReader;
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
 * whole or absent; an existing one is kept unless {@code --force}.
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
    if (har == null && csv == null) {
      err.println(me + ": nothing to export: give --har OUT and/or --csv OUT");
      return 2;
    }
    if (har != null && csv != null && har.toAbsolutePath().normalize().equals(csv.toAbsolutePath().normalize())) {
      err.println(me + ": --har and --csv name the same file, " + har);
      return 2;
    }
    for (Path o : outputs()) {
      String problem = checkOutput(o);
      if (problem != null) {
        err.println(me + ": " + problem);
        return 2;
      }
    }
    Recording rec;
    try {
      rec = RecordingReader.readLenient(file);
    } catch (RecordingException e) {
      err.println(me + ": " + e.getMessage());
      return 2;
    }
    if (rec.truncated()) {
      err.println(me + ": warning: " + file + " is truncated or damaged; exporting the "
          + rec.events().size() + " events read intact");
    }
    Path current = null;
    try {
      if (har != null) {
        current = har;
        AtomicFile.write(har, force, o -> HarExporter.write(rec, o));
        out.println("Wrote " + har + " (" + countFinished(rec) + " requests)");
      }
      if (csv != null) {
        current = csv;
        Scorecard card = rec.rescore();
        AtomicFile.write(csv, force, o -> {
          Writer w = new OutputStreamWriter(o, StandardCharsets.UTF_8);
          Scorecard.writeCsv(List.of(card), w);
          w.flush();
        });
        out.println("Wrote " + csv + " (scorecard)");
      }
      return 0;
    } catch (FileAlreadyExistsException e) {
      err.println(me + ": " + current + " already exists (it appeared while exporting); use --force to replace it");
      return 2;
    } catch (IOException e) {
      err.println(me + ": could not write " + current + ": " + (e.getMessage() == null ? e.toString() : e.getMessage()));
      return 1;
    }
  }

  private List<Path> outputs() {
    return har == null ? List.of(csv) : csv == null ? List.of(har) : List.of(har, csv);
  }

  private String checkOutput(Path o) {
    if (Files.isDirectory(o)) return o + " is a directory";
    if (Files.exists(o) && !force) return o + " already exists; use --force to replace it";
    Path dir = o.toAbsolutePath().getParent();
    if (!Files.isDirectory(dir)) return "cannot write " + o + ": no such directory " + dir;
    return null;
  }

  private static long countFinished(Recording rec) {
    return rec.events().stream().filter(e -> e instanceof Event.RequestFinished).count();
  }
}
