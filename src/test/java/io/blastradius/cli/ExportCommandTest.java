package io.blastradius.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import de.sstoehr.harreader.HarReader;
import de.sstoehr.harreader.HarReaderMode;
import de.sstoehr.harreader.model.Har;
import io.blastradius.core.event.Event;
import io.blastradius.core.export.AtomicFile;
import io.blastradius.core.record.Samples;
import io.blastradius.core.score.Scorecard;
import io.blastradius.core.score.SyntheticRun;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExportCommandTest {
  @TempDir Path dir;

  static final List<Event> EVENTS = SyntheticRun.events(3_000, 500, 8);
  static final long REQUESTS = EVENTS.stream().filter(e -> e instanceof Event.RequestFinished).count();

  Path recording() throws IOException {
    return Samples.record(dir.resolve("run.blastrec"), EVENTS);
  }

  List<String> files() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void writesHarAndCsv() throws Exception {
    Path f = recording();
    Path har = dir.resolve("run.har");
    Path csv = dir.resolve("run.csv");
    CliRun r = CliRun.of(new ExportCommand(), f.toString(), "--har", har.toString(), "--csv", csv.toString());
    assertEquals(0, r.code(), r.err());
    assertEquals("", r.err());
    assertEquals("Wrote " + har + " (" + REQUESTS + " requests)\nWrote " + csv + " (scorecard)\n", r.out().replace(System.lineSeparator(), "\n"));
    Har parsed = new HarReader().readFromFile(har.toFile(), HarReaderMode.STRICT);
    assertEquals(REQUESTS, parsed.log().entries().size());
    assertEquals("1", parsed.log().entries().get(0).connection());
    assertEquals(Scorecard.csv(List.of(Scorecard.of(Samples.header().policy(), EVENTS))), Files.readString(csv));
    assertEquals(List.of("run.blastrec", "run.csv", "run.har"), files(), "no temporary files left");
  }

  @Test
  void refusesToOverwriteWithoutForce() throws Exception {
    Path f = recording();
    Path har = Files.writeString(dir.resolve("old.har"), "keep me");
    CliRun r = CliRun.of(new ExportCommand(), f.toString(), "--har", har.toString());
    assertEquals(2, r.code());
    assertEquals("export: " + har + " already exists; use --force to replace it" + System.lineSeparator(), r.err());
    assertEquals("keep me", Files.readString(har));

    CliRun forced = CliRun.of(new ExportCommand(), f.toString(), "--har", har.toString(), "--force");
    assertEquals(0, forced.code(), forced.err());
    assertEquals(REQUESTS, new HarReader().readFromFile(har.toFile()).log().entries().size());
  }

  @Test
  void badInputExitsTwoAndWritesNothing() throws Exception {
    Path notRec = Files.writeString(dir.resolve("x.blastrec"), "{}");
    Path har = dir.resolve("x.har");
    CliRun r = CliRun.of(new ExportCommand(), notRec.toString(), "--har", har.toString());
    assertEquals(2, r.code());
    assertEquals("export: " + notRec + " is not a BlastRadius recording (not gzip-compressed)" + System.lineSeparator(), r.err());
    assertEquals(List.of("x.blastrec"), files());

    CliRun nothing = CliRun.of(new ExportCommand(), recording().toString());
    assertEquals(2, nothing.code());
    assertEquals("export: nothing to export: give --har OUT and/or --csv OUT" + System.lineSeparator(), nothing.err());

    CliRun same = CliRun.of(new ExportCommand(), recording().toString(), "--har", "a.out", "--csv", "./a.out");
    assertEquals(2, same.code());
    assertTrue(same.err().startsWith("export: --har and --csv name the same file"), same.err());

    Path nowhere = dir.resolve("no/such/dir/x.har");
    CliRun nd = CliRun.of(new ExportCommand(), recording().toString(), "--har", nowhere.toString());
    assertEquals(2, nd.code());
    assertTrue(nd.err().startsWith("export: cannot write " + nowhere + ": no such directory"), nd.err());
  }

  @Test
  void aTruncatedRecordingExportsItsIntactEventsWithAWarning() throws Exception {
    byte[] bytes = Files.readAllBytes(recording());
    Path f = Files.write(dir.resolve("cut.blastrec"), Arrays.copyOf(bytes, bytes.length * 2 / 3));
    Path har = dir.resolve("cut.har");
    CliRun r = CliRun.of(new ExportCommand(), f.toString(), "--har", har.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.err().startsWith("export: warning: " + f + " is truncated or damaged; exported the "), r.err());
    int entries = new HarReader().readFromFile(har.toFile()).log().entries().size();
    assertTrue(entries > 0 && entries < REQUESTS, entries + " entries");
  }

  @Test
  void aFailedWriteLeavesNeitherOutputNorTemporaryFile() throws IOException {
    Path out = dir.resolve("out.har");
    IOException e = assertThrows(IOException.class, () -> AtomicFile.write(out, false, o -> {
      o.write(new byte[100_000]);
      throw new IOException("disk full");
    }));
    assertEquals("disk full", e.getMessage());
    assertEquals(List.of(), files());

    Files.writeString(out, "old");
    assertThrows(IOException.class, () -> AtomicFile.write(out, true, o -> {
      o.write(1);
      throw new IOException("disk full");
    }));
    assertEquals("old", Files.readString(out), "a failed replace keeps the old file");
    assertThrows(FileAlreadyExistsException.class, () -> AtomicFile.write(out, false, o -> o.write(1)));
    AtomicFile.write(out, true, o -> o.write("new".getBytes()));
    assertEquals("new", Files.readString(out));
    assertEquals(List.of("out.har"), files());
    assertFalse(Files.exists(dir.resolve(".out.har.tmp")));
  }

  @Test
  void neverWritesOverItsInputEvenWithForceOrThroughALink() throws Exception {
    Path f = recording();
    byte[] before = Files.readAllBytes(f);
    Path symlink = Files.createSymbolicLink(dir.resolve("link.har"), f);
    Path hardlink = Files.createLink(dir.resolve("hard.har"), f);
    for (Path out : List.of(f, dir.resolve("./sub/../run.blastrec"), symlink, hardlink)) {
      for (String option : List.of("--har", "--csv")) {
        CliRun r = CliRun.of(new ExportCommand(), f.toString(), option, out.toString(), "--force");
        assertEquals(2, r.code(), out + ": " + r.out());
        assertEquals("export: " + out + " is the recording being exported (" + f
            + "): choose another output, the input is never overwritten" + System.lineSeparator(), r.err());
      }
    }
    assertArrayEquals(before, Files.readAllBytes(f), "the recording is untouched");
    assertTrue(Files.isSymbolicLink(symlink));
    assertEquals(List.of("hard.har", "link.har", "run.blastrec"), files(), "no temporary file either");
  }

  @Test
  void neverReplacesADeviceOrAPipe() throws Exception {
    Path f = recording();
    Path fifo = dir.resolve("pipe.har");
    assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
    // /dev/null without --force: a test must not risk the machine's device if the check regressed.
    for (Path out : List.of(Path.of("/dev/null"), fifo)) {
      String[] args = out.equals(fifo) ? new String[] {f.toString(), "--har", out.toString(), "--force"}
          : new String[] {f.toString(), "--har", out.toString()};
      CliRun r = CliRun.of(new ExportCommand(), args);
      assertEquals(2, r.code(), r.out());
      assertEquals("export: " + out + " exists and is not a regular file (a device, a pipe or a socket): it is never"
          + " replaced; choose a file" + System.lineSeparator(), r.err());
    }
    assertFalse(Files.isRegularFile(Path.of("/dev/null")), "/dev/null is still a device");
    assertTrue(Files.exists(fifo) && !Files.isRegularFile(fifo), "the pipe is still a pipe");
  }
}
