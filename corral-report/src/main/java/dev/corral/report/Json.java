package dev.corral.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import java.io.IOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.time.Instant;

/** The JSON writers' common setup: two-space indentation, {@code "key": value}, keys in order. */
final class Json {
  private static final JsonFactory FACTORY =
      JsonFactory.builder()
          .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
          .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
          .build();

  private Json() {}

  /** A generator on {@code out} that leaves {@code out} open. */
  static JsonGenerator generator(Writer out) throws IOException {
    JsonGenerator g = FACTORY.createGenerator(out);
    DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
    g.setPrettyPrinter(
        new DefaultPrettyPrinter(
                Separators.createDefaultInstance()
                    .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                    .withObjectEmptySeparator("")
                    .withArrayEmptySeparator(""))
            .withObjectIndenter(indenter)
            .withArrayIndenter(indenter));
    return g;
  }

  static void stringOrNull(JsonGenerator g, String field, String value) throws IOException {
    if (value == null) {
      g.writeNullField(field);
    } else {
      g.writeStringField(field, value);
    }
  }

  static void instant(JsonGenerator g, String field, Instant value) throws IOException {
    stringOrNull(g, field, value == null ? null : value.toString());
  }

  static void percent(JsonGenerator g, BigDecimal value) throws IOException {
    g.writeNumberField("percent", value);
  }
}
