package dev.corral.scan.source;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The JSON reading used for other tools' files: tolerant of what masscan writes (a trailing comma
 * before {@code ]}, the unquoted {@code {finished: 1}}), otherwise standard. Jackson's default
 * limits on string length and nesting keep one damaged record from taking all memory. {@code
 * FAIL_ON_TRAILING_TOKENS} is left off the mapper because it would also fire on every element of a
 * streamed array.
 */
final class LenientJson {
  static final JsonMapper MAPPER =
      JsonMapper.builder()
          .enable(JsonReadFeature.ALLOW_TRAILING_COMMA)
          .enable(JsonReadFeature.ALLOW_UNQUOTED_FIELD_NAMES)
          .build();

  /** For one JSON Lines record: anything after the object on the same line is an error. */
  static final ObjectReader ONE_VALUE =
      MAPPER.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private LenientJson() {}

  /** Jackson's reason in one short line, without its source excerpt. */
  static String reason(JsonProcessingException e, boolean withColumn) {
    String message = e.getOriginalMessage();
    int newline = message.indexOf('\n');
    if (newline >= 0) {
      message = message.substring(0, newline);
    }
    if (message.length() > 160) {
      message = message.substring(0, 157) + "...";
    }
    JsonLocation location = e.getLocation();
    if (withColumn && location != null && location.getColumnNr() > 0) {
      message += " (column " + location.getColumnNr() + ")";
    }
    return message;
  }

  /** The line Jackson was at, or 0 when it does not know. */
  static long line(JsonProcessingException e) {
    JsonLocation location = e.getLocation();
    return location == null ? 0 : Math.max(0, location.getLineNr());
  }
}
