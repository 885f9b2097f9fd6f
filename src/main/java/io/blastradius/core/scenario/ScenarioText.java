package io.blastradius.core.scenario;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * A scenario file as text and as one JSON object, whatever the file holds: a device, a pipe, a
 * huge or deeply nested file, bytes that are not UTF-8, a key twice or data after the object are
 * one-line errors naming the file, never a hang, a stack trace or a full heap. The fields are
 * then checked by {@link ScenarioFiles}.
 */
final class ScenarioText {
  /** Largest scenario file read: the presets are under 1 KB; anything near this is not a scenario. */
  static final int MAX_BYTES = 1 << 20;
  /** Deepest nesting of objects and arrays: the schema needs 3. */
  static final int MAX_DEPTH = 32;

  /**
   * Strict JSON: a key twice in one object and anything after the object are errors (a merge
   * leftover must not silently win or vanish); nesting, strings and numbers are bounded, so a
   * hostile file costs an error message, not the heap or the stack.
   */
  private static final ObjectMapper JSON = JsonMapper.builder(JsonFactory.builder()
          .streamReadConstraints(StreamReadConstraints.builder()
              .maxNestingDepth(MAX_DEPTH)
              .maxStringLength(MAX_BYTES)
              .maxNumberLength(100)
              .build())
          .build())
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();

  private ScenarioText() {}

  /**
   * Reads a scenario file: a regular file (not a device such as /dev/zero, not a pipe: they are
   * never opened) of at most {@link #MAX_BYTES}, in UTF-8.
   */
  static String read(Path file) {
    if (Files.isDirectory(file)) throw new IllegalArgumentException(file + ": a directory, not a scenario file");
    if (Files.exists(file) && !Files.isRegularFile(file)) {
      throw new IllegalArgumentException(file + ": not a regular file (a device, a pipe or a socket): a scenario is a JSON file");
    }
    byte[] bytes;
    try (InputStream in = Files.newInputStream(file)) {
      bytes = in.readNBytes(MAX_BYTES + 1); // Bounded even if the file grows while read.
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException(file + ": no such file");
    } catch (java.nio.file.AccessDeniedException e) {
      throw new IllegalArgumentException(file + ": permission denied");
    } catch (IOException e) {
      throw new IllegalArgumentException(file + ": cannot read: " + e.getMessage());
    }
    if (bytes.length > MAX_BYTES) {
      throw new IllegalArgumentException(file + ": too large for a scenario file (more than " + (MAX_BYTES >> 10) + " KB)");
    }
    return utf8(file.toString(), bytes);
  }

  /** Decodes strictly: a byte that is not UTF-8 is an error naming where it is. */
  static String utf8(String source, byte[] bytes) {
    CharsetDecoder d = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    try {
      return d.decode(in).toString();
    } catch (CharacterCodingException e) {
      int at = in.position(); // decode() leaves the buffer at the offending byte
      int line = 1;
      for (int i = 0; i < at && i < bytes.length; i++) if (bytes[i] == '\n') line++;
      throw new IllegalArgumentException(source + ": not valid UTF-8 (byte " + at + ", line " + line
          + ", 0x" + String.format("%02X", bytes[Math.min(at, bytes.length - 1)] & 0xff) + "): save it as UTF-8");
    }
  }

  /** The one JSON object of a scenario's text; {@code source} names the file in error messages. */
  static ObjectNode object(String source, String text) {
    if (text.length() > MAX_BYTES) {
      throw new IllegalArgumentException(source + ": too large for a scenario file (more than " + (MAX_BYTES >> 10) + " KB)");
    }
    JsonNode root;
    try {
      root = JSON.readTree(text);
    } catch (StreamConstraintsException e) {
      throw new IllegalArgumentException(source + ": not a scenario file: " + constraint(e));
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      String where = at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
      String why = firstLine(e.getOriginalMessage());
      if (why.startsWith("Trailing token")) why = "more after the scenario's object (a file holds exactly one)";
      throw new IllegalArgumentException(source + ": not valid JSON" + where + ": " + why);
    }
    if (root == null || !root.isObject()) throw new IllegalArgumentException(source + ": a scenario file holds one JSON object");
    return (ObjectNode) root;
  }

  private static String constraint(StreamConstraintsException e) {
    String m = String.valueOf(e.getOriginalMessage());
    if (m.contains("nesting depth")) return "nested more than " + MAX_DEPTH + " levels deep";
    if (m.contains("String value length")) return "a string longer than " + (MAX_BYTES >> 10) + " KB";
    if (m.contains("Number value length")) return "a number with more than 100 digits";
    return firstLine(m);
  }

  private static String firstLine(String m) {
    if (m == null) return "malformed";
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }
}
