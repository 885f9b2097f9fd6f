package io.blastradius.core.record;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import io.blastradius.core.event.Event;
import io.blastradius.core.score.ScoreAccumulator;
import io.blastradius.core.score.Scorecard;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads {@code .blastrec} recordings.
 *
 * <h2>Format, version 1</h2>
 *
 * A gzip stream of UTF-8 JSON, one value per line ({@code \n}-terminated):
 *
 * <ol>
 *   <li>the header, a {@link RecordingHeader}: {@code {"format":"blastradius-recording",
 *       "formatVersion":1,"appVersion":..,"createdAt":"2025-..Z","scenario":..,"policy":..,
 *       "config":{..RunConfig..},"machine":{"os":..,"arch":..,"cores":..,"java":..}}};
 *   <li>one line per {@link Event}, in the order the run logged them, typed by {@code "kind"}
 *       (fields that are null are left out): {@code {"kind":"request-started","t":12000,
 *       "requestId":1,"worker":0}};
 *   <li>last, {@code {"summary":{..Scorecard..}}}, the writer's scorecard of exactly those events;
 *       with {@code ,"eventsLost":N} after it when the writer could not keep up with the run and
 *       left N events out (see {@link RecordingWriter}).
 * </ol>
 *
 * The writer sync-flushes the gzip stream every second, so a crashed run leaves a file whose
 * gzip stream simply stops: it reads as truncated, with every event before the cut intact.
 *
 * <p>Two ways to read: {@link #read} (strict: all or a {@link RecordingException}) and {@link
 * #readLenient} (a truncated file or a missing summary is reported in the {@link Recording}, not
 * thrown). Or stream with {@link #open}, {@link #next} and {@link #summary}, which holds one line
 * at a time. Errors name the file and the problem in one line.
 *
 * <p>Not thread-safe: one reader per thread.
 */
public final class RecordingReader implements Closeable {
  private static final byte[] EVENT_PREFIX = "{\"kind\":".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  private final Path file;
  private final InputStream in;
  private final ObjectMapper mapper = RecordingJson.mapper();
  private final ObjectReader eventReader = mapper.readerFor(Event.class);
  private final RecordingHeader header;

  private final GzipLines lines;
  private boolean atEnd;
  private boolean truncated;
  private String damage; // Why the stream ended early, when it did.
  private long eventsRead;
  private Scorecard summary;
  private long eventsLost;

  private RecordingReader(Path file, InputStream in) throws RecordingException {
    this.file = file;
    this.in = in;
    this.lines = new GzipLines(file, in);
    this.header = readHeader();
  }

  /**
   * Opens {@code file} and reads its header.
   *
   * @throws RecordingException if the file is missing, is not a recording, or is from a newer
   *     version
   */
  public static RecordingReader open(Path file) throws RecordingException {
    if (Files.exists(file) && !Files.isDirectory(file) && !Files.isRegularFile(file)) {
      // A pipe would block the open until a writer came; a device such as /dev/zero never ends.
      throw new RecordingException(file, file + " is not a regular file (a device, a pipe or a socket), not a recording");
    }
    InputStream raw;
    try {
      raw = Files.newInputStream(file);
    } catch (NoSuchFileException e) {
      throw new RecordingException(file, file + ": no such file");
    } catch (AccessDeniedException e) {
      throw new RecordingException(file, file + ": permission denied");
    } catch (IOException e) {
      throw new RecordingException(file, file + ": cannot open: " + describe(e), e);
    }
    try {
      if (Files.isDirectory(file)) throw new RecordingException(file, file + " is a directory, not a recording");
      GZIPInputStream gz;
      try {
        gz = new GZIPInputStream(raw, 1 << 16);
      } catch (EOFException e) {
        throw new RecordingException(file, file + " is not a BlastRadius recording (it is empty or too short)");
      } catch (ZipException e) {
        throw new RecordingException(file, file + " is not a BlastRadius recording (not gzip-compressed)");
      }
      return new RecordingReader(file, gz);
    } catch (IOException | RuntimeException e) {
      try {
        raw.close();
      } catch (IOException ignored) {
        // Reporting the first problem.
      }
      if (e instanceof RecordingException r) throw r;
      throw new RecordingException(file, file + ": cannot read: " + describe(e), e);
    }
  }

  /**
   * Reads the whole recording.
   *
   * @throws RecordingException on any problem, including a truncated file or a missing summary
   *     (then {@link RecordingException#partial()} holds what was read)
   */
  public static Recording read(Path file) throws RecordingException {
    return readAll(file, true);
  }

  /**
   * Reads the whole recording, accepting a truncated file (its intact events, {@code
   * truncated=true}, no summary) or a missing summary ({@code summary=null}).
   *
   * @throws RecordingException if the file is not a readable recording
   */
  public static Recording readLenient(Path file) throws RecordingException {
    return readAll(file, false);
  }

  /**
   * As {@link #readLenient(Path)}, for a view that keeps every event in memory (the window's
   * replay timeline): a recording of more than {@code maxEvents} events is refused with a message
   * saying so, instead of filling the heap. Streaming readers ({@link #replay}, export) have no
   * such limit.
   */
  public static Recording readLenient(Path file, int maxEvents) throws RecordingException {
    return readAll(file, false, maxEvents);
  }

  private static Recording readAll(Path file, boolean strict) throws RecordingException {
    return readAll(file, strict, Integer.MAX_VALUE);
  }

  private static Recording readAll(Path file, boolean strict, int maxEvents) throws RecordingException {
    try (RecordingReader r = open(file)) {
      List<Event> events = new ArrayList<>();
      Event e;
      while ((e = r.next()) != null) {
        if (events.size() >= maxEvents) {
          throw new RecordingException(file, file + " holds more than " + String.format(java.util.Locale.ROOT, "%,d", maxEvents)
              + " events: too many to keep in memory here; replay and export stream it whole from the command line");
        }
        events.add(e);
      }
      Recording rec = new Recording(r.header(), events, r.summary().orElse(null), r.truncated());
      if (strict && rec.truncated()) {
        throw new RecordingException(file, r.truncationMessage(), null, rec);
      }
      if (strict && rec.summary() == null) {
        throw new RecordingException(file, file + " ends without its summary line (" + events.size()
            + " events read); the run may not have been closed properly", null, rec);
      }
      return rec;
    }
  }

  /**
   * Recomputes the scorecard of {@code file} from its events, streaming them without keeping
   * them (a million-event file needs no more memory than a small one), next to the recorded one.
   * A truncated file or a missing summary is reported in the result, not thrown.
   */
  public static Replay replay(Path file) throws RecordingException {
    try (RecordingReader r = open(file)) {
      ScoreAccumulator acc = new ScoreAccumulator();
      r.forEachEvent(acc::accept);
      return new Replay(r.header(), acc.result(r.header().policy()), r.summary().orElse(null), r.eventsRead(), r.truncated(),
          r.damage);
    }
  }

  /**
   * A recording's scorecard recomputed from its events.
   *
   * @param recorded the writer's summary, {@code null} if the file has none
   * @param damage why the file is not whole when it is damaged rather than cut short ("damaged
   *     (...)"), else {@code null}
   */
  public record Replay(RecordingHeader header, Scorecard rescored, Scorecard recorded, long events, boolean truncated,
      String damage) {
    public boolean matches() {
      return recorded != null && recorded.equals(rescored);
    }
  }

  public RecordingHeader header() {
    return header;
  }

  public Path file() {
    return file;
  }

  /**
   * The next event, or {@code null} after the last one: at the summary line, or where a
   * truncated file stops (then {@link #truncated()} is true).
   *
   * @throws RecordingException for a line that is not an event of this version
   */
  public Event next() throws RecordingException {
    while (!atEnd) {
      if (!nextLine()) {
        atEnd = true;
        break;
      }
      if (summary != null) {
        throw new RecordingException(file, where() + ": more data after the summary line");
      }
      if (lines.lineStartsWith(EVENT_PREFIX)) {
        Event e = parseEvent();
        requireFields(e, EventFields.keys(lines.buf(), lines.lineStart(), lines.lineEnd()));
        eventsRead++;
        return e;
      }
      JsonNode node = parseTree();
      if (node.has("summary")) {
        summary = convert(node.get("summary"), Scorecard.class, "the summary");
        eventsLost = node.path("eventsLost").asLong(0);
      } else if (node.has("kind")) {
        Event e = convert(node, Event.class, "an event");
        java.util.Set<String> keys = new java.util.HashSet<>();
        node.fieldNames().forEachRemaining(keys::add);
        requireFields(e, keys);
        eventsRead++;
        return e;
      } else {
        throw new RecordingException(file, where() + ": neither an event nor the summary");
      }
    }
    return null;
  }

  /** Feeds every remaining event to {@code sink}. */
  public void forEachEvent(Consumer<? super Event> sink) throws RecordingException {
    Event e;
    while ((e = next()) != null) sink.accept(e);
  }

  /** Events the writer left out because the disk fell behind (its summary line says so); 0 if none. */
  public long eventsLost() {
    return eventsLost;
  }

  /** The recorded summary, once {@link #next} has returned null; empty if the file has none. */
  public Optional<Scorecard> summary() {
    return Optional.ofNullable(summary);
  }

  /** The file stopped (or was damaged) before its end; the events before that were intact. */
  public boolean truncated() {
    return truncated;
  }

  /** Events returned so far. */
  public long eventsRead() {
    return eventsRead;
  }

  @Override
  public void close() {
    try {
      in.close();
    } catch (IOException ignored) {
      // Nothing was written; nothing to lose.
    }
  }

  // ---- lines ----

  /**
   * Reads the next line. Returns false at the end of the stream; a partial last line, or a gzip
   * stream that stops or is damaged, marks the file truncated. After the summary line a stream
   * cut inside its trailer still holds every line; a trailer whose checksum does not match says
   * one of them is not what was written.
   */
  private boolean nextLine() throws RecordingException {
    switch (lines.next()) {
      case LINE:
        return true;
      case END:
        if (lines.pendingBytes() > 0 && summary == null) truncated = true; // A last line without its newline.
        return false;
      case CUT:
        if (summary == null) truncated = true;
        return false;
      default: // DAMAGED
        truncated = true;
        damage = summary == null
            ? "damaged (" + lines.damage() + ")"
            : "damaged (its gzip checksum does not match: a byte changed after it was written)";
        return false;
    }
  }

  private String where() {
    return where(lines.lineNo());
  }

  private String where(long line) {
    return file + " line " + line;
  }

  private RecordingHeader readHeader() throws RecordingException {
    boolean got;
    try {
      got = nextLine();
    } catch (RecordingException e) {
      throw new RecordingException(file, file + " is not a BlastRadius recording (its first line is not a header)");
    }
    if (!got) {
      String head = lines.pendingHead(64);
      if (head.contains("\"" + RecordingHeader.FORMAT + "\"") || (truncated && lines.pendingBytes() == 0)) {
        throw new RecordingException(file, file + " is truncated before the end of its header: nothing to read");
      }
      throw new RecordingException(file, lines.pendingBytes() == 0
          ? file + " is not a BlastRadius recording (it holds no data)"
          : file + " is not a BlastRadius recording");
    }
    JsonNode node;
    try {
      node = mapper.readTree(lines.buf(), lines.lineStart(), lines.lineEnd() - lines.lineStart());
    } catch (IOException e) {
      node = null;
    }
    if (node == null || !node.isObject() || !RecordingHeader.FORMAT.equals(node.path("format").asText(null))) {
      throw new RecordingException(file, file + " is not a BlastRadius recording");
    }
    JsonNode v = node.get("formatVersion");
    if (v == null || v.isNull()) {
      throw new RecordingException(file, file + " is not a BlastRadius recording (its header has no format version)");
    }
    if (!v.isIntegralNumber()) {
      throw new RecordingException(file, file + " is not a BlastRadius recording (its format version is " + v
          + ", not a whole number)");
    }
    java.math.BigInteger version = v.bigIntegerValue();
    if (version.compareTo(java.math.BigInteger.valueOf(RecordingHeader.FORMAT_VERSION)) > 0) {
      // A version far beyond any release is more likely damage than the future: say both.
      String newer = version.compareTo(java.math.BigInteger.valueOf(1000)) < 0
          ? " was written by a newer BlastRadius (format " + version + ")"
          : " has an unsupported format version (" + version + ", out of range)";
      throw new RecordingException(file, file + newer + "; this version reads format " + RecordingHeader.FORMAT_VERSION);
    }
    if (version.signum() < 1) {
      throw new RecordingException(file, file + " is not a BlastRadius recording (format version " + version + ")");
    }
    try {
      return mapper.treeToValue(node, RecordingHeader.class);
    } catch (JsonProcessingException | IllegalArgumentException e) {
      throw new RecordingException(file, file + ": its header is damaged: " + jacksonMessage(e), e);
    }
  }

  private Event parseEvent() throws RecordingException {
    try {
      return eventReader.readValue(lines.buf(), lines.lineStart(), lines.lineEnd() - lines.lineStart());
    } catch (InvalidTypeIdException e) {
      throw unknownKind(e);
    } catch (IOException e) {
      throw new RecordingException(file, where() + ": not a valid event: " + jacksonMessage(e), e);
    }
  }

  /**
   * An event line must carry every field its kind requires ({@link EventFields}): Jackson would
   * otherwise fill a missing number with 0 and a missing outcome with null, and the scorecard
   * would count a request that never said how it ended.
   */
  private void requireFields(Event e, java.util.Set<String> present) throws RecordingException {
    String missing = EventFields.firstMissing(e.getClass(), present);
    if (missing != null) {
      throw new RecordingException(file, where() + ": " + article(EventFields.kind(e.getClass())) + " event without its field '"
          + missing + "' (required: " + String.join(", ", EventFields.required(e.getClass())) + ")");
    }
  }

  private static String article(String kind) {
    return ("aeiou".indexOf(kind.charAt(0)) >= 0 ? "an " : "a ") + kind;
  }

  private JsonNode parseTree() throws RecordingException {
    try {
      JsonNode node = mapper.readTree(lines.buf(), lines.lineStart(), lines.lineEnd() - lines.lineStart());
      if (node == null || !node.isObject()) throw new RecordingException(file, where() + ": not a JSON object");
      return node;
    } catch (RecordingException e) {
      throw e;
    } catch (IOException e) {
      throw new RecordingException(file, where() + ": not valid JSON: " + jacksonMessage(e), e);
    }
  }

  private <T> T convert(JsonNode node, Class<T> type, String what) throws RecordingException {
    try {
      return mapper.treeToValue(node, type);
    } catch (InvalidTypeIdException e) {
      throw unknownKind(e);
    } catch (JsonProcessingException | IllegalArgumentException e) {
      throw new RecordingException(file, where() + ": not a valid " + what.replaceFirst("^(a|an|the) ", "") + ": " + jacksonMessage(e), e);
    }
  }

  private RecordingException unknownKind(InvalidTypeIdException e) {
    String kind = e.getTypeId();
    String msg = kind == null
        ? where() + ": an event without a kind"
        : where() + ": unknown event kind '" + kind + "' (written by BlastRadius " + header.appVersion()
            + "; this version knows " + knownKinds() + ")";
    return new RecordingException(file, msg, e);
  }

  static String knownKinds() {
    return Arrays.stream(Event.class.getAnnotation(JsonSubTypes.class).value())
        .map(JsonSubTypes.Type::name)
        .collect(Collectors.joining(", "));
  }

  static String truncationMessage(Path file, long events, String damage) {
    if (damage != null && damage.contains("checksum")) {
      return file + " is " + damage + ": " + events + " events read, but not as they were written";
    }
    return file + " is " + (damage == null ? "truncated" : damage) + ": " + events
        + " events read intact, then the file stops" + (damage == null ? " (did the run crash?)" : "");
  }

  /** Why the file stopped early, for messages: "truncated" or "damaged (...)". */
  public String truncationMessage() {
    return truncationMessage(file, eventsRead, damage);
  }

  /** Jackson's message without its location and source dump: the first line only. */
  private static String jacksonMessage(Exception e) {
    String m = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
    if (m == null) return e.getClass().getSimpleName();
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }

  private static String describe(Exception e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
