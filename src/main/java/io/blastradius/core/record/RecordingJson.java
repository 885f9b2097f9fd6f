package io.blastradius.core.record;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.blastradius.core.policy.PolicySpec;
import io.blastradius.core.util.Durations;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.DateTimeException;
import java.util.function.Function;

/**
 * The JSON shape of recordings, run configurations and scorecards. Records map by their component
 * names (Jackson reads them through their canonical constructors, so their validation runs on
 * read); three value types get a text form people can read and edit:
 *
 * <ul>
 *   <li>{@link Duration} as {@link Durations} text: {@code "10ms"}, {@code "1.5s"};
 *   <li>{@link PolicySpec} as its spec string: {@code "h2-read-idle-ping:idle=1s+retry"};
 *   <li>{@link Instant} as ISO-8601: {@code "2025-01-31T09:30:00.123Z"}.
 * </ul>
 *
 * <p>Unknown fields are ignored on read, so a later version may add fields without a new format
 * version; an unknown event kind is still an error (see {@link RecordingReader}).
 */
public final class RecordingJson {
  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .addModule(module())
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          // The recording writer decides when the gzip stream is flushed; a flush per value
          // would sync-flush the deflater for every event.
          .disable(SerializationFeature.FLUSH_AFTER_WRITE_VALUE)
          .build();

  private RecordingJson() {}

  /** A shared, configured mapper (thread-safe; do not reconfigure it, {@code copy()} it instead). */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /** The serializers above as a module, for a mapper of one's own. */
  public static SimpleModule module() {
    SimpleModule m = new SimpleModule("blastradius");
    asText(m, Duration.class, Durations::format, Durations::parse, "a duration such as \"10ms\"");
    asText(m, PolicySpec.class, PolicySpec::toString, PolicySpec::parse, "a policy spec such as \"h2-naive+retry\"");
    asText(m, Instant.class, Instant::toString, Instant::parse, "an ISO-8601 instant such as \"2025-01-31T09:30:00Z\"");
    return m;
  }

  /**
   * Maps {@code type} to and from one JSON string. A string the parser rejects (it throws an
   * IllegalArgumentException or a DateTimeException) becomes Jackson's "weird string value" error,
   * which names the field.
   */
  private static <T> void asText(SimpleModule m, Class<T> type, Function<T, String> format,
      Function<String, T> parse, String what) {
    m.addSerializer(type, new JsonSerializer<T>() {
      @Override
      public void serialize(T value, JsonGenerator g, SerializerProvider p) throws IOException {
        g.writeString(format.apply(value));
      }
    });
    m.addDeserializer(type, new JsonDeserializer<T>() {
      @Override
      public T deserialize(JsonParser p, DeserializationContext c) throws IOException {
        String text = text(p, c, type, what);
        try {
          return parse.apply(text);
        } catch (IllegalArgumentException | DateTimeException e) {
          return type.cast(c.handleWeirdStringValue(type, text, e.getMessage()));
        }
      }
    });
  }

  private static String text(JsonParser p, DeserializationContext c, Class<?> type, String what)
      throws IOException {
    if (p.currentToken() != JsonToken.VALUE_STRING) {
      return c.reportInputMismatch(type, "expected %s, not %s", what, p.currentToken());
    }
    return p.getText();
  }
}
