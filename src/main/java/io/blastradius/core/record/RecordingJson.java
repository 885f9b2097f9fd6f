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
import java.time.format.DateTimeParseException;

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
    m.addSerializer(Duration.class, new JsonSerializer<>() {
      @Override
      public void serialize(Duration d, JsonGenerator g, SerializerProvider p) throws IOException {
        g.writeString(Durations.format(d));
      }
    });
    m.addDeserializer(Duration.class, new JsonDeserializer<>() {
      @Override
      public Duration deserialize(JsonParser p, DeserializationContext c) throws IOException {
        String text = text(p, c, Duration.class, "a duration such as \"10ms\"");
        try {
          return Durations.parse(text);
        } catch (IllegalArgumentException e) {
          return (Duration) c.handleWeirdStringValue(Duration.class, text, e.getMessage());
        }
      }
    });
    m.addSerializer(PolicySpec.class, new JsonSerializer<>() {
      @Override
      public void serialize(PolicySpec s, JsonGenerator g, SerializerProvider p) throws IOException {
        g.writeString(s.toString());
      }
    });
    m.addDeserializer(PolicySpec.class, new JsonDeserializer<>() {
      @Override
      public PolicySpec deserialize(JsonParser p, DeserializationContext c) throws IOException {
        String text = text(p, c, PolicySpec.class, "a policy spec such as \"h2-naive+retry\"");
        try {
          return PolicySpec.parse(text);
        } catch (IllegalArgumentException e) {
          return (PolicySpec) c.handleWeirdStringValue(PolicySpec.class, text, e.getMessage());
        }
      }
    });
    m.addSerializer(Instant.class, new JsonSerializer<>() {
      @Override
      public void serialize(Instant i, JsonGenerator g, SerializerProvider p) throws IOException {
        g.writeString(i.toString());
      }
    });
    m.addDeserializer(Instant.class, new JsonDeserializer<>() {
      @Override
      public Instant deserialize(JsonParser p, DeserializationContext c) throws IOException {
        String text = text(p, c, Instant.class, "an ISO-8601 instant such as \"2025-01-31T09:30:00Z\"");
        try {
          return Instant.parse(text);
        } catch (DateTimeParseException e) {
          return (Instant) c.handleWeirdStringValue(Instant.class, text, e.getMessage());
        }
      }
    });
    return m;
  }

  private static String text(JsonParser p, DeserializationContext c, Class<?> type, String what)
      throws IOException {
    if (p.currentToken() != JsonToken.VALUE_STRING) {
      return c.reportInputMismatch(type, "expected %s, not %s", what, p.currentToken());
    }
    return p.getText();
  }
}
