package io.blastradius.cli;

import io.blastradius.core.util.Durations;
import java.time.Duration;
import picocli.CommandLine;

final class Converters {
  private Converters() {}

  static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      try {
        return Durations.parse(value);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException(e.getMessage());
      }
    }
  }
}
